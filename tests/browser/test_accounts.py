"""Accounts in a real browser: a new visitor's whole journey by keyboard, and every account
screen (including its error states) through axe-core, the Nu HTML checker and the CSP check."""

import json
import re
from pathlib import Path
from pprint import pformat

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import PASSWORD, UserFactory

from .checks import audit, audit_here, html_errors, log_in, tab_to

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "mijn-nieuwe-sleutel-2026"


def mail_link(prefix):
    body = mail.outbox[-1].body
    match = re.search(rf"https?://[^/\s]+({re.escape(prefix)}[^\s]*)", body)
    assert match, body
    return match.group(1)


def totp_code(secret):
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


def test_new_visitor_journey_by_keyboard(demo_content, page, live_server):
    page.goto("/")
    tab_to(page, "a.header-account__login")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/login/**")
    tab_to(page, 'main a[href^="/account/signup/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/signup/**")

    type_into(page, "#id_first_name", "Nieuw")
    type_into(page, "#id_last_name", "Lid")
    type_into(page, "#id_email", "nieuw.lid@example.nl")
    type_into(page, "#id_password1", NEW_PASSWORD)
    type_into(page, "#id_password2", NEW_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/confirm-email/")
    assert page.locator("h1").count() == 1

    page.goto(mail_link("/account/confirm-email/"))
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    # Logged in (back where the visitor started); Mijn LOC is one header link away.
    page.wait_for_selector("a.header-account__link")
    tab_to(page, "a.header-account__link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-loc/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn LOC"

    # Fill in the profile.
    tab_to(page, 'a[href="/mijn-loc/profiel/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-loc/profiel/")
    type_into(page, "#id_first_name", "Noor")
    type_into(page, "#id_last_name", "Visser")
    type_into(page, "#id_organisation", "Zorggroep Eemland")
    tab_to(page, "#id_role")
    page.keyboard.press("ArrowDown")  # the first real role: cliëntenraadslid
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-loc/")
    user = get_user_model().objects.get(email="nieuw.lid@example.nl")
    assert (user.first_name, user.organisation, user.role) == (
        "Noor", "Zorggroep Eemland", "clientenraadslid")

    # Log out and in again, keyboard only.
    tab_to(page, ".header-account__logout button")
    page.keyboard.press("Enter")
    page.wait_for_selector("a.header-account__login")
    tab_to(page, "a.header-account__login")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/login/**")
    type_into(page, "#id_login", "nieuw.lid@example.nl")
    type_into(page, "#id_password", NEW_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-loc/")

    # Download my data.
    tab_to(page, ".mijn-loc-export button")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "nieuw.lid@example.nl"
    assert data["account"]["organisation"] == "Zorggroep Eemland"

    # Delete the account.
    tab_to(page, 'a[href="/mijn-loc/account-verwijderen/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/mijn-loc/account-verwijderen/")
    type_into(page, "#id_password", NEW_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    assert not get_user_model().objects.filter(email="nieuw.lid@example.nl").exists()
    assert page.locator("a.header-account__login").count() == 1
    assert page.js_errors == []


def _collect(documents, failures, name, result):
    raw, problems = result
    if problems:
        failures[name] = problems
    if raw:
        documents[name] = raw


def test_every_account_screen_is_accessible_and_valid(demo_content, page, live_server):
    documents, failures = {}, {}
    user = UserFactory(email="bestaand@example.nl")

    for url in ["/account/login/", "/account/signup/", "/account/password/reset/",
                "/account/password/reset/done/", "/account/login/code/",
                "/account/confirm-email/"]:
        _collect(documents, failures, url, audit(page, url))

    # Error states: a wrong password, mismatched passwords.
    page.goto("/account/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", "helemaal-fout")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    _collect(documents, failures, "login: wrong password", audit_here(page))
    page.goto("/account/signup/")
    page.fill("#id_first_name", "Iemand")
    page.fill("#id_last_name", "Anders")
    page.fill("#id_email", "iemand@example.nl")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD + "x")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    _collect(documents, failures, "signup: mismatch", audit_here(page))

    # Login by code: the code entry screen.
    page.goto("/account/login/code/")
    page.fill("#id_email", user.email)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/login/code/confirm/")
    _collect(documents, failures, "login code: confirm", audit_here(page))

    # The email confirmation and the password reset screens, from real mails.
    page.context.clear_cookies()
    unverified = UserFactory(verified=False)
    page.goto("/account/login/")  # an unverified login mails a fresh confirmation link
    page.fill("#id_login", unverified.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/confirm-email/")
    _collect(documents, failures, "confirm email",
             audit(page, mail_link("/account/confirm-email/")))
    page.goto("/account/password/reset/")
    page.fill("#id_email", user.email)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/password/reset/done/")
    page.goto(mail_link("/account/password/reset/key/"))
    _collect(documents, failures, "reset: new password", audit_here(page))

    # Logged in.
    log_in(page, user, live_server.url)
    for url in ["/mijn-loc/", "/mijn-loc/profiel/", "/mijn-loc/account-verwijderen/",
                "/account/email/", "/account/password/change/", "/account/2fa/",
                "/account/logout/", "/account/password/reset/"]:
        _collect(documents, failures, f"{url} (logged in)", audit(page, url))
    page.goto("/account/2fa/totp/activate/")  # asks for the password again first
    _collect(documents, failures, "2fa reauthenticate", audit_here(page))
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("img.account-img")
    _collect(documents, failures, "2fa activate (QR code)", audit_here(page))
    page.fill("#id_code", "000000")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    _collect(documents, failures, "2fa activate: wrong code", audit_here(page))
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", totp_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/2fa/**")
    for url in ["/account/2fa/", "/account/2fa/recovery-codes/",
                "/account/2fa/totp/deactivate/"]:
        _collect(documents, failures, f"{url} (2fa on)", audit(page, url))
    page.goto("/mijn-loc/account-verwijderen/")
    page.fill("#id_password", "fout")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    _collect(documents, failures, "delete: wrong password", audit_here(page))

    for name, errors in html_errors(documents).items():
        failures.setdefault(name, []).extend(f"html {error}" for error in errors)
    assert len(documents) >= 20
    assert not failures, pformat(failures, width=120)


def _submit_and_collect(page, documents, failures, name, button="main button[type=submit]"):
    page.click(button)
    page.wait_for_selector("[data-error-summary]")
    _collect(documents, failures, name, audit_here(page))


def test_account_error_states_are_accessible_and_valid(demo_content, page, live_server):
    """The error states not covered above, in one browser session and one vnu run."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    documents, failures = {}, {}
    user = UserFactory(email="fouten@example.nl")
    two_factor = UserFactory(email="tweestaps@example.nl")
    TOTP.activate(two_factor, generate_totp_secret())

    _collect(documents, failures, "privacy statement", audit(page, "/privacy/"))
    _collect(documents, failures, "reset: bad key",
             audit(page, "/account/password/reset/key/1-ongeldige-sleutel/"))
    assert page.locator('main a[href="/account/password/reset/"]').count() >= 1

    page.goto("/account/login/code/")
    page.fill("#id_email", user.email)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/login/code/confirm/")
    page.fill("#id_code", "AAAA-AAAA")
    _submit_and_collect(page, documents, failures, "login code: wrong code")

    page.context.clear_cookies()
    page.goto("/account/login/")
    page.fill("#id_login", two_factor.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/2fa/authenticate/")
    _collect(documents, failures, "2fa authenticate", audit_here(page))
    page.fill("#id_code", "123456")
    _submit_and_collect(page, documents, failures, "2fa authenticate: wrong code")

    page.context.clear_cookies()
    log_in(page, user, live_server.url)
    page.goto("/account/password/change/")
    page.fill("#id_oldpassword", "niet-het-oude-wachtwoord")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    _submit_and_collect(page, documents, failures, "password change: wrong current password")
    page.goto("/account/email/")
    page.fill("#id_email", "geen-e-mailadres")
    _submit_and_collect(page, documents, failures, "email: invalid address",
                        button="button[name=action_add]")
    # A member without admin rights who opens the admin: the 403 page, not a login loop.
    _collect(documents, failures, "admin: no access", audit(page, "/admin/", expect_status=403))
    page.goto("/mijn-loc/profiel/")
    page.evaluate("document.querySelector('#id_first_name').removeAttribute('maxlength')")
    page.fill("#id_first_name", "N" * 200)
    _submit_and_collect(page, documents, failures, "profile: name too long")
    assert page.input_value("#id_first_name") == "N" * 200  # the typed text stays

    for name, errors in html_errors(documents).items():
        failures.setdefault(name, []).extend(f"html {error}" for error in errors)
    assert len(documents) == 9
    assert not failures, pformat(failures, width=120)


def test_password_login_page_keeps_the_typed_email(demo_content, page, live_server):
    user = UserFactory()
    page.goto("/account/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", "fout-" + PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    assert page.input_value("#id_login") == user.email
    # Focus lands on the error summary so keyboard and screen reader users hear the problem.
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
