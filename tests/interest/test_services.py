from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from members.accounts import privacy
from members.interest import services
from members.interest.models import Interest
from tests.events.factories import days_from_now, make_event
from tests.factories import UserFactory
from tests.races import race

pytestmark = pytest.mark.django_db


def test_a_person_goes_on_the_list_once_however_often_they_ask(course):
    user = UserFactory()
    first = services.add(user, course)
    again = services.add(user, course)
    assert first.pk == again.pk and Interest.objects.count() == 1
    assert services.is_interested(user, course)


def test_no_list_once_registration_is_open_or_the_event_is_over(agenda):
    open_now = make_event("Open")
    with pytest.raises(services.NotOffered, match="Aanmelden kan al"):
        services.add(UserFactory(), open_now)
    past = make_event("Voorbij", sessions=[days_from_now(-3)])
    with pytest.raises(services.NotOffered, match="gesloten"):
        services.add(UserFactory(), past)
    assert not Interest.objects.exists()


def test_withdrawing_takes_the_person_off(course):
    user = UserFactory()
    services.add(user, course)
    assert services.withdraw(user, course) is True
    assert services.withdraw(user, course) is False
    assert not services.is_interested(user, course)


def test_each_person_is_mailed_once_when_registration_opens(course,
                                                            django_capture_on_commit_callbacks):
    anna, bert = UserFactory(first_name="Anna"), UserFactory(first_name="Bert")
    services.add(anna, course)
    services.add(bert, course)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mail_opened() == 0  # not open yet: nobody is mailed
    assert mail.outbox == []
    opens = course.registration_opens
    with time_machine.travel(opens + timedelta(minutes=1)), \
            django_capture_on_commit_callbacks(execute=True):
        assert services.mail_opened() == 2
        assert services.mail_opened() == 0  # the next cron run
    assert sorted(m.to[0] for m in mail.outbox) == sorted([anna.email, bert.email])
    message = next(m for m in mail.outbox if m.to == [anna.email])
    assert message.subject == "Aanmelden kan nu: Leergang najaar"
    assert "Beste Anna" in message.body and f"{course.url}#aanmelden" in message.body
    assert "De eerste dag is" in message.body
    assert Interest.objects.filter(notified_at__isnull=True).count() == 0


def test_an_unpublished_event_mails_nobody(course, django_capture_on_commit_callbacks):
    services.add(UserFactory(), course)
    course.unpublish()
    with time_machine.travel(course.registration_opens + timedelta(minutes=1)), \
            django_capture_on_commit_callbacks(execute=True):
        assert services.mail_opened() == 0
    assert mail.outbox == []


def test_export_lists_the_entries_and_erasure_removes_them(course):
    user = UserFactory()
    services.add(user, course)
    assert privacy.export(user)["interest"][0]["event"] == "Leergang najaar"
    privacy.delete_account(user)
    assert not Interest.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_cron_runs_at_once_mail_each_person_once(course):
    for user in UserFactory.create_batch(12):
        services.add(user, course)
    with time_machine.travel(course.registration_opens + timedelta(minutes=1)):
        results, _ = race(4, lambda i: services.mail_opened(now=timezone.now()))
    assert sum(results) == 12, results
    assert len(mail.outbox) == 12
