"""Signup reveals nothing by its cost and survives a double submit."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client
from django.urls import reverse

from members.accounts.forms import SignupForm
from tests.factories import UserFactory

PASSWORD = "een-nieuw-wachtwoord-2026"


def signup(client, email):
    return client.post(reverse("account_signup"),
                       {"email": email, "password1": PASSWORD, "password2": PASSWORD,
                        "first_name": "Nieuw", "last_name": "Lid"})


@pytest.fixture
def hashes(monkeypatch):
    """How many passwords were hashed (the test settings' hasher), instead of a stopwatch."""
    calls = []
    encode = MD5PasswordHasher.encode

    def counting(self, password, salt):
        calls.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return calls


@pytest.mark.django_db
def test_a_known_address_costs_the_same_password_hashing_as_a_new_one(client, hashes):
    UserFactory(email="bekend@example.nl")
    hashes.clear()
    known = signup(client, "bekend@example.nl")
    known_hashes = len(hashes)
    hashes.clear()
    new = signup(Client(), "nieuw@example.nl")
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    assert len(hashes) == known_hashes >= 1


@pytest.mark.django_db
def test_losing_a_signup_race_is_answered_like_a_known_address(client, monkeypatch, mailoutbox):
    """The parallel request creates the account between this one's check and its insert."""
    clean = SignupForm.clean

    def clean_then_lose_the_race(self):
        data = clean(self)
        UserFactory(email="dubbel@example.nl")
        return data

    monkeypatch.setattr(SignupForm, "clean", clean_then_lose_the_race)
    response = signup(client, "dubbel@example.nl")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert get_user_model().objects.filter(email="dubbel@example.nl").count() == 1
    assert [m.to for m in mailoutbox] == [["dubbel@example.nl"]]  # "you already have one"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_signups_with_one_address_store_one_account_and_never_fail():
    count = 30
    barrier = threading.Barrier(count)
    statuses, errors = [], []

    def send(n):
        try:
            barrier.wait()
            # Each from its own address, as from 30 tabs behind different connections;
            # allauth's per-IP signup limit is not what this test is about.
            statuses.append(Client(REMOTE_ADDR=f"203.0.113.{n + 1}").post(
                reverse("account_signup"),
                {"email": "tegelijk@example.nl", "password1": PASSWORD, "password2": PASSWORD,
                 "first_name": "Nieuw", "last_name": "Lid"},
            ).status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assert below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert set(statuses) == {302}
    assert get_user_model().objects.filter(email="tegelijk@example.nl").count() == 1
