import pytest
from django.core import mail
from django.utils.translation import gettext
from wagtail.models import Site

from cms.core.models import SiteSettings
from cms.offerings.models import OfferingRequest

from .factories import make_guide, make_offering

pytestmark = pytest.mark.django_db

URL = "/aanbod/werkplan/"
VALID = {
    "name": "Jan de Boer", "email": "jan@example.nl", "organisation": "Zorggroep Noord",
    "council": "Centrale cliëntenraad Zorggroep Noord", "phone": "", "preferred_period":
    "na de zomer", "question": "Wij willen een werkplan voor 2027 maken.", "website": "",
}


@pytest.fixture
def offering():
    make_guide()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.vraagbaak_email = "vraagbaak-test@example.nl"
    settings.save()
    return make_offering("Werkplan", duration_text="2 dagdelen")


def test_page_shows_the_form_and_facts(client, offering):
    html = client.get(URL).content.decode()
    assert 'id="aanvragen"' in html
    assert 'name="question"' in html
    assert "2 dagdelen" in html
    assert 'class="hp-field" aria-hidden="true"' in html
    assert 'tabindex="-1"' in html
    assert '"@type": "Course"' in html


def test_trajectory_is_described_as_a_service(client, offering):
    make_offering("Spiegelgesprekken", group="support")
    html = client.get("/aanbod/spiegelgesprekken/").content.decode()
    assert '"@type": "Service"' in html
    assert '"@type": "Course"' not in html


def test_success_stores_mails_and_redirects_to_thank_you(client, offering,
                                                         django_capture_on_commit_callbacks):
    # Mail is queued after commit (the worker must find the row); run those callbacks here.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, VALID)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?verstuurd=1#verstuurd"
    saved = OfferingRequest.objects.get()
    assert saved.offering == offering
    assert saved.offering_title == "Werkplan"
    assert saved.council == VALID["council"]
    assert len(mail.outbox) == 2
    to_vraagbaak, confirmation = mail.outbox
    assert to_vraagbaak.to == ["vraagbaak-test@example.nl"]
    assert to_vraagbaak.reply_to == ["jan@example.nl"]
    assert "Centrale cliëntenraad Zorggroep Noord" in to_vraagbaak.body
    assert "Wij willen een werkplan" in to_vraagbaak.body
    assert confirmation.to == ["jan@example.nl"]
    assert "Werkplan" in confirmation.subject
    assert confirmation.alternatives and confirmation.alternatives[0][1] == "text/html"
    assert "Jan de Boer" in confirmation.alternatives[0][0]
    thanks = client.get(response["Location"]).content.decode()
    assert gettext("Thank you, we have received your request") in thanks
    assert 'name="question"' not in thanks


def test_errors_keep_typed_text_and_explain_in_dutch(client, offering):
    typed = {**VALID, "name": "", "email": "geen-adres", "question": ""}
    response = client.post(URL, typed)
    assert response.status_code == 200
    html = response.content.decode()
    for msgid in ("Fill in your name.", "Fill in an email address like name@example.nl.",
                  "Tell us briefly what you would like."):
        assert gettext(msgid) in html
    assert 'class="error-summary"' in html
    assert 'value="geen-adres"' in html
    assert 'value="Zorggroep Noord"' in html
    assert 'aria-invalid="true"' in html
    assert not OfferingRequest.objects.exists()
    assert not mail.outbox


def test_preferred_period_is_required_with_a_dutch_message(client, offering):
    response = client.post(URL, {**VALID, "preferred_period": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert gettext("Fill in a preferred period, for example “after the summer”.") in html
    assert 'value="Jan de Boer"' in html  # the rest of what was typed survives
    assert not OfferingRequest.objects.exists()
    # Only the phone number may stay empty.
    assert client.post(URL, {**VALID, "phone": ""}).status_code == 302


def test_honeypot_pretends_success_but_stores_and_sends_nothing(
        client, offering, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, {**VALID, "website": "http://spam.example"})
    assert not callbacks
    assert response.status_code == 302
    assert not OfferingRequest.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_ip_with_a_dutch_message(client, offering):
    for n in range(5):  # five different requests: the same one again is not counted
        assert client.post(URL, {**VALID, "question": f"Vraag {n}"}).status_code == 302
    response = client.post(URL, {**VALID, "question": "Nog een vraag."})
    assert response.status_code == 429
    html = response.content.decode()
    assert gettext(
        "You have sent several requests in a short time. Please try again in an hour, "
        "or call or mail the Vraagbaak."
    ) in html
    assert "Nog een vraag." in html  # what was typed survives
    assert OfferingRequest.objects.count() == 5
    # Another address is not affected.
    other = client.post(URL, VALID, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.mark.parametrize("data", [None, {**VALID, "name": ""}])
def test_offering_page_query_budget(client, offering, data, django_assert_max_num_queries):
    client.get(URL)  # warm the site caches like a running server
    with django_assert_max_num_queries(15):
        response = client.post(URL, data) if data else client.get(URL)
    assert response.status_code == 200


def test_request_is_visible_and_exportable_in_admin(client, offering, django_user_model):
    client.post(URL, VALID)
    admin = django_user_model.objects.create_superuser(email="beheer@example.nl",
                                                       password="x-geheim-2026")
    client.force_login(admin)
    listing = client.get("/admin/offering-requests/")
    assert listing.status_code == 200
    assert "Jan de Boer" in listing.content.decode()
    csv = client.get("/admin/offering-requests/?export=csv")
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Centrale cliëntenraad Zorggroep Noord" in body
    assert "jan@example.nl" in body
    xlsx = client.get("/admin/offering-requests/?export=xlsx")
    assert xlsx.status_code == 200
    assert "spreadsheetml" in xlsx["Content-Type"]


def test_admin_listing_needs_a_login(client, offering):
    response = client.get("/admin/offering-requests/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
