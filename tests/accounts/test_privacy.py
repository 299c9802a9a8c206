"""The privacy tools against real data of other apps: comments with reports and a ban, and
offering requests stored by email address. Another member with the same kinds of data proves
the export and the deletion touch only the member's own."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from cms.offerings.models import OfferingRequest
from members.accounts import privacy
from members.comments.models import Comment, CommentBan, CommentReport
from tests.comments.conftest import make_item
from tests.factories import PASSWORD, UserFactory


def offering_request(email, name, question):
    return OfferingRequest.objects.create(
        offering_title="Training medezeggenschap", name=name, email=email,
        organisation="Zorggroep", council="CR Zorggroep", phone="06 1234 5678",
        question=question,
    )


@pytest.fixture
def world(demo_content):
    """A member and another member, each with comments, a report, a ban and requests."""
    item = make_item()
    member = UserFactory(email="fatima@example.nl", first_name="Fatima")
    member.groups.add(Group.objects.get_or_create(name="Redacteuren")[0])
    other = UserFactory(email="ander@example.nl", first_name="Geheim")
    mine = Comment.objects.create(item=item, author=member, body="Mijn reactie",
                                  status=Comment.Status.PUBLISHED, notify_on_reply=True)
    theirs = Comment.objects.create(item=item, author=other, body="Andermans reactie",
                                    status=Comment.Status.PUBLISHED, notify_on_reply=True)
    CommentReport.objects.create(comment=theirs, reporter=member, reason="Mijn meldreden")
    CommentReport.objects.create(comment=mine, reporter=other, reason="Andermans meldreden")
    CommentBan.objects.create(user=member, reason="Mijn blokkade")
    CommentBan.objects.create(user=other, reason="Andermans blokkade")
    offering_request("FATIMA@example.nl", "Fatima Bakker", "Mijn vraag")
    offering_request("ander@example.nl", "Geheim Ander", "Andermans vraag")
    # An address the member typed in but never confirmed: it may be someone else's.
    EmailAddress.objects.create(user=member, email="onbevestigd@example.nl", verified=False)
    offering_request("onbevestigd@example.nl", "Iemand Anders", "Onbevestigde vraag")
    return member, other, mine


def test_export_has_reports_ban_reply_mails_groups_and_requests(client, world):
    member, other, mine = world
    client.force_login(member)
    response = client.post(reverse("mijn_loc_export"))
    data = json.loads(response.content)
    assert data["account"]["groups"] == ["Redacteuren"]
    assert data["account"]["is_staff"] is False
    moderation = data["comment_moderation"]
    assert [(r["reason"], r["handled"]) for r in moderation["reports"]] == [
        ("Mijn meldreden", False)]
    assert moderation["ban"]["reason"] == "Mijn blokkade"
    assert [m["notify_on_reply"] for m in moderation["reply_mails"]] == [True]
    assert [r["question"] for r in data["offering_requests"]] == ["Mijn vraag"]
    assert data["offering_requests"][0]["name"] == "Fatima Bakker"

    raw = response.content.decode()
    for foreign in ("ander@example.nl", "Geheim", "Andermans reactie", "Andermans meldreden",
                    "Andermans blokkade", "Andermans vraag", "Onbevestigde vraag"):
        assert foreign not in raw, foreign


def test_deletion_erases_requests_and_unlinks_reports_but_not_other_peoples(client, world):
    member, other, mine = world
    client.force_login(member)
    response = client.post(reverse("mijn_loc_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email="fatima@example.nl").exists()

    erased = OfferingRequest.objects.get(council="CR Zorggroep", question="")
    assert (erased.name, erased.email, erased.phone) == ("", "", "")
    assert erased.offering_title == "Training medezeggenschap"  # the figures stay
    kept = OfferingRequest.objects.get(email="ander@example.nl")
    assert (kept.name, kept.question) == ("Geheim Ander", "Andermans vraag")
    # Not the member's confirmed address: left alone.
    assert OfferingRequest.objects.get(email="onbevestigd@example.nl").name == "Iemand Anders"

    mine.refresh_from_db()
    assert mine.author is None and not mine.notify_on_reply
    assert CommentReport.objects.get(reason="Mijn meldreden").reporter is None
    assert CommentReport.objects.get(reason="Andermans meldreden").reporter == other
    assert list(CommentBan.objects.values_list("user", flat=True)) == [other.pk]
    assert Comment.objects.get(body="Andermans reactie").notify_on_reply


@pytest.mark.django_db
def test_failing_eraser_keeps_the_account_and_the_login(client):
    user = UserFactory()
    client.force_login(user)

    def broken(user):
        raise RuntimeError("disk full")

    privacy.register("zz_broken", erase=broken)
    try:
        response = client.post(reverse("mijn_loc_delete"), {"password": PASSWORD},
                               follow=True)
    finally:
        privacy.unregister("zz_broken")
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert client.session.get("_auth_user_id") == str(user.pk)  # still logged in
    assert response.redirect_chain[-1][0] == reverse("mijn_loc_delete")
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_reply_mail_switch_in_the_comments_section(client, world):
    member, other, mine = world
    client.force_login(member)
    page = client.get(reverse("mijn_loc"))
    [comments] = [section for section in page.context["sections"]
                  if section["key"] == "comments"]
    assert comments["context"]["reply_mails_form"]["reply_mails"].initial is True
    assert 'action="/reacties/mijn/antwoordmails/"' in page.content.decode()
    assert "reply_mails" not in client.get(reverse("mijn_loc_profile")).context["form"].fields

    response = client.post(reverse("comments:reply_mails"), {})  # the box left unchecked
    assert response.status_code == 302
    assert response["Location"] == reverse("mijn_loc") + "#comments"
    mine.refresh_from_db()
    assert not mine.notify_on_reply
    assert Comment.objects.get(body="Andermans reactie").notify_on_reply
    page = client.get(reverse("mijn_loc"))
    [comments] = [section for section in page.context["sections"]
                  if section["key"] == "comments"]
    assert comments["context"]["reply_mails_form"]["reply_mails"].initial is False
    client.post(reverse("comments:reply_mails"), {"reply_mails": "on"})
    mine.refresh_from_db()
    assert mine.notify_on_reply


@pytest.mark.django_db
def test_reply_mail_switch_needs_a_login_a_post_and_a_comment(client):
    url = reverse("comments:reply_mails")
    assert client.post(url, {"reply_mails": "on"})["Location"].startswith(
        reverse("account_login"))
    client.force_login(UserFactory())
    assert client.get(url).status_code == 405
    page = client.get(reverse("mijn_loc"))
    [comments] = [section for section in page.context["sections"]
                  if section["key"] == "comments"]
    assert comments["context"]["reply_mails_form"] is None
    assert "antwoordmails" not in page.content.decode()
