"""The whole moderation round: a reader reacts under a recap, an editor approves it in the
Wagtail admin, a reply arrives and the first reader gets a mail."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.events.models import EventRecapPage
from members.comments.models import Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RECAP_SLUG = "terugblik-coachen-onderdeel-van-je-vak"


def react(client, recap, body, parent=None, notify=False):
    data = {"body": body}
    if parent is not None:
        data.update({"form_prefix": "reply", "reply-body": body,
                     "reply-parent": parent.pk})
        data.pop("body")
    if notify:
        data["notify_on_reply"] = "on"
    return client.post(reverse("comments:post", args=[recap.pk]), data)


@pytest.fixture
def recap(demo_content):
    # The demo recap reports on a fixed meeting (13 November 2026) and its comments close 90
    # days after its date, so from mid-February 2027 nobody could react to it. The round needs
    # them open: the recap appeared today.
    EventRecapPage.objects.filter(slug=RECAP_SLUG).update(date=timezone.localdate())
    return EventRecapPage.objects.get(slug=RECAP_SLUG)


@pytest.fixture
def editor(db):
    return UserFactory(is_staff=True, is_superuser=True, email="redactie@example.nl")


def approve(editor_client, comment):
    url = reverse("wagtail_bulk_action", args=("comments", "comment", "approve"))
    confirm = editor_client.get(url, {"id": comment.pk})
    assert confirm.status_code == 200
    response = editor_client.post(f"{url}?id={comment.pk}&next=/admin/", {})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_react_wait_for_approval_approve_and_get_the_reply_mail(
    recap, editor, django_capture_on_commit_callbacks
):
    visitor, replier = UserFactory(first_name="Ria"), UserFactory(first_name="Sem")
    visitor_client, replier_client, editor_client = Client(), Client(), Client()
    visitor_client.force_login(visitor)
    replier_client.force_login(replier)
    editor_client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = react(visitor_client, recap, "Wij werken ook met de Mat!", notify=True)
    assert response.status_code == 302
    comment = Comment.objects.get(author=visitor)
    assert comment.status == Comment.Status.PENDING
    assert "Wacht op goedkeuring" in visitor_client.get(recap.url).content.decode()
    assert "Wij werken ook met de Mat!" not in Client().get(recap.url).content.decode()

    dashboard = editor_client.get("/admin/").content.decode()
    assert "Wij werken ook" in editor_client.get(
        "/admin/snippets/comments/comment/", {"status": "pending"}).content.decode()
    assert 'id="comment-moderation-title"' in dashboard
    assert "1 reactie wacht op goedkeuring" in dashboard

    approve(editor_client, comment)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert "Wij werken ook met de Mat!" in Client().get(recap.url).content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        react(replier_client, recap, "Hoe ging dat bij jullie?", parent=comment)
    reply = Comment.objects.get(author=replier)
    assert reply.parent_id == comment.pk
    # The replier's first comment waits too (policy "first"), and so does the mail.
    assert reply.status == Comment.Status.PENDING
    assert not [m for m in mail.outbox if visitor.email in m.to]
    with django_capture_on_commit_callbacks(execute=True):
        approve(editor_client, reply)
    to_visitor = [m for m in mail.outbox if visitor.email in m.to]
    assert len(to_visitor) == 1
    assert "Hoe ging dat bij jullie?" in to_visitor[0].body
    assert "/reacties/afmelden/" in to_visitor[0].body


def test_only_staff_reach_the_moderation_queue(recap):
    reader = Client()
    reader.force_login(UserFactory())
    response = reader.get("/admin/snippets/comments/comment/", follow=True)
    # Signed-in members without admin access get the 403 page (not a login loop).
    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/snippets/comments/comment/", 302)
    ]
    assert response.status_code == 403
