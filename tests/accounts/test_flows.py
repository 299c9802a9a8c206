"""The allauth flows as configured for LOC: signup, verification, login (password and code),
password reset, enumeration prevention, rate limits, honeypot, and the Wagtail admin login."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "nieuw-en-sterk-wachtwoord-77"


def link_in(message, path_prefix):
    match = re.search(rf"https?://[^\s]+({re.escape(path_prefix)}[^\s]*)", message.body)
    assert match, message.body
    return match.group(1)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_signup_verification_link_logs_in(client):
    response = client.post(reverse("account_signup"), {
        "first_name": "Nieuw", "last_name": "Lid",
        "email": "Nieuw.Lid@Example.nl", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get()
    assert user.email == "nieuw.lid@example.nl"
    assert logged_in_user_id(client) is None  # mandatory verification: not yet
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw.lid@example.nl"]
    assert message.subject.startswith("[LOC Cliëntenraden] ")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "LOC Cliëntenraden" in message.body and "LOC Cliëntenraden" in html

    confirm_path = link_in(message, "/account/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("mijn_loc")).status_code == 200


@pytest.mark.django_db
def test_unverified_account_cannot_log_in_with_password(client):
    user = UserFactory(verified=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None
    assert len(mail.outbox) == 1  # a fresh verification link


@pytest.mark.django_db
def test_login_with_password_and_logout(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/mijn-loc/"
    assert logged_in_user_id(client) == str(user.pk)
    client.post(reverse("account_logout"))
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_by_code(client):
    user = UserFactory()
    response = client.post(reverse("account_request_login_code"), {"email": user.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    message = mail.outbox[-1]
    assert len(message.alternatives) == 1
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", message.body, re.MULTILINE).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_password_reset(client):
    user = UserFactory()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.alternatives, "HTML part expected"
    reset_path = link_in(message, "/account/password/reset/key/")
    response = client.get(reset_path)
    assert response.status_code == 302  # allauth moves the key into the session
    set_path = response["Location"]
    response = client.post(set_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.login(email=user.email, password=NEW_PASSWORD)


@pytest.mark.django_db
def test_password_reset_for_unknown_address_looks_the_same(client):
    UserFactory(email="bekend@example.nl")
    known = client.post(reverse("account_reset_password"), {"email": "bekend@example.nl"})
    unknown = client.post(reverse("account_reset_password"), {"email": "onbekend@example.nl"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_wrong_password_and_unknown_email_get_the_same_answer(client):
    user = UserFactory()
    wrong = client.post(reverse("account_login"), {"login": user.email, "password": "fout-fout"})
    unknown = client.post(reverse("account_login"),
                          {"login": "niemand@example.nl", "password": "fout-fout"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors
    assert wrong.context["form"].non_field_errors()
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        response = client.post(reverse("account_login"),
                               {"login": user.email, "password": "fout-fout"})
        assert response.status_code == 200
    # Even the right password is refused now, with a clear message instead of a login.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Te veel" in errors


@pytest.mark.django_db
def test_honeypot_signup_creates_nothing(client):
    response = client.post(reverse("account_signup"), {
        "first_name": "Nieuw", "last_name": "Lid",
        "email": "bot@example.nl", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "website": "https://spam.example",
    })
    # The bot sees the normal "check your mail" answer, but nothing was made or sent.
    assert response.status_code == 302
    assert not get_user_model().objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_form_has_hidden_honeypot_without_inline_style(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'name="website"' in html
    assert "style=" not in html
    assert 'class="hp-field" aria-hidden="true"' in html


@pytest.mark.django_db
def test_signup_mismatched_passwords_keep_the_email(client):
    response = client.post(reverse("account_signup"), {
        "first_name": "Nieuw", "last_name": "Lid",
        "email": "typ@example.nl", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    html = response.content.decode()
    assert 'value="typ@example.nl"' in html
    assert "data-error-summary" in html
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_admin_redirects_to_site_login_and_staff_can_enter(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1] == (reverse("account_login") + "?next=/admin/", 302)
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = client.post(reverse("account_login") + "?next=/admin/",
                           {"login": staff.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", [
    "account_login", "account_signup", "account_reset_password", "account_request_login_code",
    "account_reset_password_done", "account_email_verification_sent",
])
def test_entrance_pages_are_dutch_and_in_site_layout(client, name):
    html = client.get(reverse(name)).content.decode()
    assert '<html lang="nl">' in html
    assert 'class="site-header"' in html
    assert "css/accounts.css" in html
    assert "Menu:" not in html  # allauth's bare default layout is gone


@pytest.mark.django_db
def test_two_factor_totp_can_be_activated_and_is_asked_at_login(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    activate = reverse("mfa_activate_totp")
    response = client.get(activate)  # MFA changes ask for the password again first
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD, "next": activate})
    page = client.get(activate)
    assert page.status_code == 200
    assert 'class="account-img"' in page.content.decode()  # the QR code
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user,
                                        type=Authenticator.Type.RECOVERY_CODES).exists()

    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"),
                           {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user_id(client) is None  # the second factor is still to come


@pytest.mark.django_db
def test_too_many_reset_requests_get_a_dutch_429_page(client):
    user = UserFactory()
    for _ in range(5):
        assert client.post(reverse("account_reset_password"),
                           {"email": user.email}).status_code == 302
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 429
    assert "accounts/429.html" in [template.name for template in response.templates]
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.django_db
def test_allauth_alert_element_uses_the_design_system_alert(client):
    user = UserFactory(first_name="Kees", last_name="Smit")
    client.force_login(user)
    html = client.get(reverse("account_reset_password")).content.decode()
    alert = html.split('class="alert alert--info"', 1)[1].split("</div>", 1)[0]
    assert 'class="alert__message"' in alert
    assert "Kees Smit" in alert or user.email in alert


@pytest.mark.django_db
def test_signup_asks_for_a_name_so_comments_show_it(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert html.index('id="id_first_name"') < html.index('id="id_email"')
    assert 'autocomplete="given-name"' in html and 'autocomplete="organization"' in html

    response = client.post(reverse("account_signup"), {
        "email": "bea@example.nl", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"first_name", "last_name"}
    assert 'value="bea@example.nl"' in response.content.decode()
    assert not get_user_model().objects.exists()

    client.post(reverse("account_signup"), {
        "first_name": " Bea ", "last_name": "de Boer", "organisation": "Zorggroep Oost",
        "email": "bea@example.nl", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    user = get_user_model().objects.get()
    assert (user.first_name, user.last_name, user.organisation) == (
        "Bea", "de Boer", "Zorggroep Oost")
    assert user.public_name == "Bea de Boer"
