"""Mijn LOC: the dashboard registry, profile, data export, account deletion, the guard."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from members.accounts import dashboard, privacy
from members.accounts.decorators import verified_member_required
from members.accounts.models import Role
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def member(client):
    user = UserFactory(first_name="Fatima", last_name="Bakker")
    client.force_login(user)
    return user


@pytest.fixture
def extra_registrations():
    """A test section, exporter and eraser; removed again afterwards."""
    calls = []

    def eraser(user):
        calls.append(user.email)

    dashboard.register("zz-test", "Testsectie", "accounts/sections/privacy.html", order=99,
                       get_context=lambda request: {"extra": 1})
    privacy.register("zz_test", export=lambda user: {"owner": user.email}, erase=eraser)
    yield calls
    dashboard.unregister("zz-test")
    privacy.unregister("zz_test")


def test_public_name_prefers_display_name_then_full_name_then_email():
    user = get_user_model()(email="piet.jansen@example.nl")
    assert user.public_name == "piet.jansen"
    user.first_name, user.last_name = "Piet", "Jansen"
    assert user.public_name == "Piet Jansen"
    user.display_name = "  Piet J.  "
    assert user.public_name == "Piet J."
    assert user.role_label == ""
    user.role = Role.SUPPORTER
    assert user.role_label == user.get_role_display()


@pytest.mark.django_db
def test_dashboard_needs_login(client):
    response = client.get(reverse("mijn_loc"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_dashboard_renders_sections_in_order(client, member, extra_registrations,
                                             django_assert_max_num_queries):
    client.get(reverse("mijn_loc"))  # warms the site chrome cache, as in production
    # 8 for the page and the membership and comments sections, 3 for "Mijn aanmeldingen"
    # (upcoming, past, calendar feed), 1 each for "Mijn cliëntenraad" and "Betaalbewijzen",
    # each flat however many rows a member has.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("mijn_loc"))
    assert response.status_code == 200
    keys = [section["key"] for section in response.context["sections"]]
    assert keys[:5] == ["profile", "membership", "council", "registrations", "receipts"]
    assert keys.index("comments") < keys.index("security") < keys.index("zz-test")
    assert response.context["sections"][-1]["context"] == {"extra": 1}
    html = response.content.decode()
    assert 'id="comments-title"' in html
    assert "mailto:" in html  # the membership section points at the administration
    assert 'id="registrations-title"' in html and 'href="/agenda/"' in html


@pytest.mark.django_db
def test_profile_edit_saves_and_feeds_public_name(client, member):
    response = client.post(reverse("mijn_loc_profile"), {
        "first_name": "Fatima", "last_name": "Bakker", "display_name": " Fatima B. ",
        "organisation": "Zorggroep Eemland", "role": "ondersteuner", "sector": "ggz",
    })
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.public_name == "Fatima B."
    assert (member.organisation, member.role, member.sector) == (
        "Zorggroep Eemland", "ondersteuner", "ggz")


@pytest.mark.django_db
def test_profile_rejects_unknown_role_and_keeps_input(client, member):
    response = client.post(reverse("mijn_loc_profile"), {
        "first_name": "Nieuw", "last_name": "", "role": "koning", "sector": "",
    })
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert 'value="Nieuw"' in response.content.decode()
    member.refresh_from_db()
    assert member.first_name == "Fatima"


@pytest.mark.django_db
def test_unverified_member_is_sent_to_verify(client):
    user = UserFactory(verified=False)
    client.force_login(user)
    response = client.get(reverse("mijn_loc_profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email")


@pytest.mark.django_db
def test_verified_member_required_decorator():
    view = verified_member_required(lambda request: HttpResponse("ok"))
    factory = RequestFactory()
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = factory.get("/x/")
    request.user = AnonymousUser()
    assert view(request).status_code == 302

    unverified = UserFactory(verified=False)
    request = factory.get("/x/")
    request.user = unverified
    request.session = {}
    request._messages = FallbackStorage(request)
    assert view(request)["Location"] == reverse("account_email")

    verified = UserFactory()
    request = factory.get("/x/")
    request.user = verified
    assert view(request).content == b"ok"


@pytest.mark.django_db
def test_export_has_own_data_and_nobody_elses(client, member, extra_registrations):
    other = UserFactory(email="ander@example.nl", organisation="Geheim BV")
    member.organisation = "Zorggroep Eemland"
    member.save()
    assert client.get(reverse("mijn_loc_export")).status_code == 405  # a deliberate POST
    response = client.post(reverse("mijn_loc_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["account"]["organisation"] == "Zorggroep Eemland"
    assert data["email_addresses"] == [{"email": member.email, "verified": True,
                                        "primary": True}]
    assert data["zz_test"] == {"owner": member.email}
    assert "comments" in data
    raw = response.content.decode()
    assert other.email not in raw and "Geheim BV" not in raw


@pytest.mark.django_db
def test_delete_account_needs_the_password(client, member, extra_registrations):
    response = client.post(reverse("mijn_loc_delete"), {"password": "niet-goed"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert extra_registrations == []


@pytest.mark.django_db
def test_delete_account_removes_personal_data(client, member, extra_registrations):
    other = UserFactory()
    email = member.email
    response = client.post(reverse("mijn_loc_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert extra_registrations == [email]  # erasers ran first, with the user still there
    assert not get_user_model().objects.filter(email=email).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert client.session.get("_auth_user_id") is None
    assert get_user_model().objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_delete_without_password_asks_for_the_email(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.post(reverse("mijn_loc_delete"), {"email": "verkeerd@example.nl"})
    assert response.context["form"].errors["email"]
    response = client.post(reverse("mijn_loc_delete"), {"email": user.email.upper()})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_header_shows_login_or_mijn_loc_and_logout_form(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert f'href="{reverse("account_login")}"' in html
    client.force_login(UserFactory())
    html = client.get(reverse("mijn_loc")).content.decode()
    assert f'action="{reverse("account_logout")}"' in html
    # The header's Mijn LOC link, and only that one, marks the current page.
    assert re.search(r'<a class="header-account__link" href="/mijn-loc/" aria-current="page">'
                     r'\s*Mijn LOC\s*</a>', html)
    assert html.count('aria-current="page"') == 1
    html = client.get(reverse("mijn_loc_profile")).content.decode()
    assert '<a class="header-account__link" href="/mijn-loc/">' in html


@pytest.mark.django_db
def test_section_context_reaches_its_template(client, member):
    dashboard.register("zz-ctx", "Test", "membership/section.html", order=98,
                       get_context=lambda request: {"chrome": {"contact": {
                           "administration_email": "sectie@example.nl"}}})
    try:
        html = client.get(reverse("mijn_loc")).content.decode()
    finally:
        dashboard.unregister("zz-ctx")
    assert "mailto:sectie@example.nl" in html


def test_each_app_owns_its_section_whatever_the_order_of_ready():
    from django.apps import apps

    before = {section.key: section for section in dashboard.sections()}
    for label in ("comments", "registrations", "membership", "accounts"):
        apps.get_app_config(label).ready()
    assert {section.key: section for section in dashboard.sections()} == before
    assert before["membership"].template == "membership/section.html"
    assert before["registrations"].template == "registrations/dashboard_section.html"
    assert before["comments"].template == "comments/dashboard_section.html"


@pytest.mark.django_db
def test_privacy_parts_register_replace_and_unregister():
    user = UserFactory()
    erased = []
    privacy.register("zz_part", export=lambda user: "eerst")
    privacy.register("zz_part", export=lambda user: "vervangen")
    privacy.register("zz_erase_only", erase=erased.append)
    try:
        data = privacy.export(user)
        assert data["zz_part"] == "vervangen"
        assert "zz_erase_only" not in data  # a part without export adds nothing
    finally:
        privacy.unregister("zz_part")
    assert "zz_part" not in privacy.export(user)
    privacy.delete_account(user)
    privacy.unregister("zz_erase_only")
    assert erased == [user]
    assert "zz_erase_only" not in {part.name for part in privacy.parts()}
