from datetime import date

import pytest
from django.core.management import call_command

from members.membership import notices
from members.membership.models import Membership

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_september_notice_once_per_membership_and_year(
    mailoutbox, django_capture_on_commit_callbacks
):
    MembershipFactory()
    MembershipFactory(status=Membership.Status.CANCELLING)  # already cancelled: no notice
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.send_cancel_window_notices(on=date(2026, 8, 1)) == 0  # too early
        assert notices.send_cancel_window_notices(on=date(2026, 9, 15)) == 1
        assert notices.send_cancel_window_notices(on=date(2026, 9, 20)) == 0  # rerun
        assert notices.send_cancel_window_notices(on=date(2026, 10, 1)) == 0  # too late
    assert len(mailoutbox) == 1
    assert "30 september" in mailoutbox[0].body
    assert "tot en met 30 september" in mailoutbox[0].alternatives[0][0]


def test_commands_run(capsys):
    call_command("membership_cancel_notice")
    call_command("membership_expire")
    assert "notice" in capsys.readouterr().out
