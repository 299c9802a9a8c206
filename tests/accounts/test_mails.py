"""Account mails in Dutch with an HTML part, answers that do not reveal which addresses have an
account, and a two-factor login completed with a real TOTP code and with a recovery code."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "nieuw-en-sterk-wachtwoord-77"
INFORMAL = re.compile(r"\b(je|jij|jouw|jou)\b", re.IGNORECASE)
ENGLISH = ("Hello", "Thank you", "You are receiving", "Please", "Your ")


def assert_dutch_with_html(message, subject, phrase):
    assert message.subject == f"[LOC Cliëntenraden] {subject}"
    assert phrase in message.body
    for word in ENGLISH:
        assert word not in message.body, word
    assert not INFORMAL.search(message.body), message.body  # the site says "u"
    assert message.body.rstrip().endswith("http://testserver")  # signed with the site
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="nl">' in html and phrase.split(".")[0][:20] in html


@pytest.mark.django_db
def test_verification_reset_and_login_code_mails_are_dutch(client):
    client.post(reverse("account_signup"), {
        "first_name": "Nieuw", "last_name": "Lid",
        "email": "nieuw@example.nl", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    assert_dutch_with_html(mail.outbox[-1], "Bevestig uw e-mailadres",
                           "Bevestig uw e-mailadres voor uw account bij LOC Cliëntenraden")
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert_dutch_with_html(mail.outbox[-1], "Nieuw wachtwoord",
                           "een nieuw wachtwoord heeft aangevraagd")
    client.post(reverse("account_request_login_code"), {"email": user.email})
    assert_dutch_with_html(mail.outbox[-1], "Aanmeldcode", "Hieronder staat uw inlogcode")
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_signup_with_a_taken_address_answers_like_a_fresh_one(client):
    taken = UserFactory(email="bestaand@example.nl")
    answers = []
    for email in ("vers@example.nl", taken.email):
        client.cookies.clear()
        response = client.post(reverse("account_signup"), {
            "first_name": "Nieuw", "last_name": "Lid",
            "email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        })
        answers.append((response.status_code, response["Location"]))
    assert answers[0] == answers[1] == (302, reverse("account_email_verification_sent"))
    fresh, existing = mail.outbox
    assert existing.to == [taken.email]  # the owner hears of it, the visitor does not
    assert "/account/password/reset/" in existing.body
    assert not INFORMAL.search(existing.body), existing.body
    assert existing.alternatives


@pytest.mark.django_db
def test_login_code_for_an_unknown_address_answers_like_a_known_one(client):
    known = UserFactory()
    pages = []
    for email in (known.email, "onbekend@example.nl"):
        client.cookies.clear()
        response = client.post(reverse("account_request_login_code"), {"email": email},
                               follow=True)
        pages.append((response.redirect_chain, response.status_code,
                      [t.name for t in response.templates][0]))
    assert pages[0] == pages[1]
    assert pages[0][0] == [(reverse("account_confirm_login_code"), 302)]
    unknown = mail.outbox[-1]
    assert unknown.to == ["onbekend@example.nl"]
    assert "/account/signup/" in unknown.body
    assert not INFORMAL.search(unknown.body), unknown.body


def password_login(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.session.get("_auth_user_id") is None


@pytest.fixture
def two_factor_user(db):
    user = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return user, secret, codes


def test_login_completes_with_a_totp_code(client, two_factor_user):
    user, secret, _codes = two_factor_user
    password_login(client, user)
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert client.session.get("_auth_user_id") is None
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("mijn_loc")
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_login_completes_with_a_recovery_code_once(client, two_factor_user):
    user, _secret, codes = two_factor_user
    password_login(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
    client.post(reverse("account_logout"))
    password_login(client, user)
    reused = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert reused.status_code == 200 and reused.context["form"].errors
    assert client.session.get("_auth_user_id") is None


@pytest.mark.django_db
def test_password_change_notice_is_formal_dutch_with_html(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.to == [user.email]
    assert not INFORMAL.search(notice.body), notice.body
    assert "127.0.0.1" in notice.body and notice.alternatives
