"""An offering request is stored and mailed once, however often it is sent,
and the per-IP limit sees each visitor behind the proxy."""

import threading

import pytest
from django.db import connection
from django.test import Client, override_settings
from wagtail.models import Site

from cms.core.models import SiteSettings
from cms.offerings.models import OfferingRequest

from .factories import make_guide, make_offering

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


@pytest.mark.django_db
def test_the_same_request_twice_in_a_row_is_stored_and_mailed_once(
        client, offering, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, VALID)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(URL, VALID)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert OfferingRequest.objects.count() == 1
    assert len(mailoutbox) == 2  # one to the Vraagbaak, one confirmation


@pytest.mark.django_db
def test_a_different_question_is_a_new_request(client, offering):
    client.post(URL, VALID)
    client.post(URL, {**VALID, "question": "En ook een training voor nieuwe leden."})
    assert OfferingRequest.objects.count() == 2


@pytest.mark.django_db
def test_resending_does_not_use_up_the_rate_limit(client, offering):
    for _ in range(8):
        assert client.post(URL, VALID).status_code == 302
    assert client.post(URL, {**VALID, "question": "Nog een vraag."}).status_code == 302


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_visitor_has_their_own_limit(client, offering):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(5):
        response = client.post(URL, {**VALID, "question": f"Vraag {n}"},
                               HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
        assert response.status_code == 302
    assert client.post(URL, {**VALID, "question": "Vraag 6"},
                       HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # Another visitor, through the same proxy.
    assert client.post(URL, {**VALID, "question": "Andere bezoeker"},
                       HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 302
    # A visitor cannot pick a fresh bucket by sending their own X-Forwarded-For.
    assert client.post(URL, {**VALID, "question": "Vraag 7"},
                       HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
                       **proxy).status_code == 429


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_identical_requests_store_one_row_and_never_fail(offering, mailoutbox):
    count = 30
    barrier = threading.Barrier(count)
    statuses, errors = [], []

    def send():
        try:
            barrier.wait()
            statuses.append(Client().post(URL, VALID).status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assert below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert set(statuses) == {302}
    assert OfferingRequest.objects.count() == 1
    assert len(mailoutbox) == 2
