"""cms.core's shared helpers: lock() (refused outside a transaction, a bounded wait that ends
in the Dutch 503 page), enqueue_on_commit() and absolute()."""

import threading
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, transaction
from django.test import override_settings
from django.urls import reverse

from cms.core.links import absolute
from cms.core.locking import LockOutsideTransaction, is_lock_timeout, lock
from cms.core.queue import enqueue_on_commit
from tests.events.conftest import _agenda_state, agenda  # noqa: F401 - fixtures, used by name
from tests.events.factories import make_event
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_lock_outside_a_transaction_is_refused():
    """In autocommit the lock would end with its own statement and protect nothing."""
    user = UserFactory()
    with pytest.raises(LockOutsideTransaction):
        lock(user)
    with pytest.raises(LockOutsideTransaction):
        lock(get_user_model().objects.filter(pk=user.pk))


@pytest.mark.django_db
def test_lock_instance_returns_a_fresh_copy():
    user = UserFactory(first_name="Oud")
    get_user_model().objects.filter(pk=user.pk).update(first_name="Nieuw")
    with transaction.atomic():
        locked = lock(user)
    assert locked is not user
    assert locked.pk == user.pk and locked.first_name == "Nieuw"
    assert user.first_name == "Oud"


@pytest.mark.django_db
def test_lock_queryset_selects_for_update():
    user = UserFactory()
    with transaction.atomic():
        locked = lock(get_user_model().objects.filter(pk=user.pk))
        assert locked.query.select_for_update
        assert list(locked) == [user]


def _hold_lock(model, pk, locked, release):
    """In a thread, on its own connection: lock the row and keep it until `release`."""
    try:
        with transaction.atomic():
            lock(model._default_manager.filter(pk=pk)).get()
            locked.set()
            release.wait(10)
    finally:
        connection.close()


@pytest.fixture
def held_row():
    """Lock a row in another transaction for the length of the test."""
    threads = []
    release = threading.Event()

    def hold(instance):
        locked = threading.Event()
        thread = threading.Thread(target=_hold_lock,
                                  args=(type(instance), instance.pk, locked, release))
        thread.start()
        threads.append(thread)
        assert locked.wait(10), "the other transaction never got its lock"

    yield hold
    release.set()
    for thread in threads:
        thread.join(10)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(LOCK_TIMEOUT=0.5)
def test_a_wait_past_lock_timeout_raises(held_row):
    user = UserFactory()
    held_row(user)
    with pytest.raises(OperationalError) as raised, transaction.atomic():
        lock(user)
    assert is_lock_timeout(raised.value)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(LOCK_TIMEOUT=0.5)
def test_a_request_that_waits_too_long_gets_the_dutch_503(client, agenda, held_row):  # noqa: F811
    """A registration POST while another transaction holds the event's row: the register
    service waits LOCK_TIMEOUT for the lock, then the middleware answers "try again"."""
    event = make_event(capacity=5)
    client.force_login(UserFactory())
    held_row(event)
    response = client.post(reverse("registrations:register", args=[event.pk]), {"answer": ""})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Even druk" in html and "Probeer het zo nog eens" in html


@pytest.mark.django_db
def test_enqueue_on_commit_queues_after_commit(django_capture_on_commit_callbacks):
    task = mock.Mock()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_on_commit(task, 7, "confirmed", by_staff=True)
        task.enqueue.assert_not_called()  # not before the commit
    assert len(callbacks) == 1
    task.enqueue.assert_called_once_with(7, "confirmed", by_staff=True)


@pytest.mark.django_db
def test_enqueue_on_commit_queues_nothing_when_rolled_back(django_capture_on_commit_callbacks):
    task = mock.Mock()

    class RolledBack(Exception):
        pass

    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(RolledBack), transaction.atomic()):
        enqueue_on_commit(task, 7)
        raise RolledBack
    assert callbacks == []
    task.enqueue.assert_not_called()


@override_settings(WAGTAILADMIN_BASE_URL="https://www.loc.nl/")
def test_absolute():
    assert absolute("/agenda/x/") == "https://www.loc.nl/agenda/x/"
    assert absolute("agenda/x/") == "https://www.loc.nl/agenda/x/"
    assert absolute("https://elders.nl/a/") == "https://elders.nl/a/"
