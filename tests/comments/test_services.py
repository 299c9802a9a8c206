from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from members.comments import services
from members.comments.models import Comment, CommentReport, Policy
from tests.factories import UserFactory

from .conftest import make_item

pytestmark = pytest.mark.django_db


def test_first_comment_waits_then_later_ones_publish(news_item, author, comment_settings):
    assert comment_settings.policy == Policy.FIRST
    first = services.post_comment(author, news_item, "Mijn eerste reactie")
    assert first.status == Comment.Status.PENDING
    assert services.post_comment(author, news_item, "Nog eentje").status == "pending"
    services.moderate([first], Comment.Status.PUBLISHED)
    third = services.post_comment(author, news_item, "Nu meteen zichtbaar")
    assert third.status == Comment.Status.PUBLISHED


def test_policy_all_and_none(news_item, author, comment_settings):
    comment_settings.policy = Policy.NONE
    comment_settings.save()
    assert services.post_comment(author, news_item, "Direct").status == "published"
    comment_settings.policy = Policy.ALL
    comment_settings.save()
    assert services.post_comment(author, news_item, "Altijd wachten").status == "pending"


def test_pending_comment_mails_the_moderators(news_item, author, comment_settings, committed):
    comment_settings.moderator_email = "redactie@loc.example"
    comment_settings.save()
    with committed():
        services.post_comment(author, news_item, "Graag goedkeuren")
    assert [m.to for m in mail.outbox] == [["redactie@loc.example"]]
    assert "goedkeuren" in mail.outbox[0].body
    assert "/admin/snippets/comments/comment/inspect/" in mail.outbox[0].body


def test_unverified_and_banned_users_cannot_post(news_item, open_policy):
    unverified = UserFactory(verified=False)
    with pytest.raises(services.CommentError):
        services.post_comment(unverified, news_item, "Hallo")
    banned = UserFactory()
    services.ban(banned)
    with pytest.raises(services.CommentError):
        services.post_comment(banned, news_item, "Hallo")
    assert not Comment.objects.exists()


def test_closed_item_and_auto_close(demo_content, author, open_policy):
    closed = make_item("Gesloten", comments_open=False)
    with pytest.raises(services.CommentError):
        services.post_comment(author, closed, "Hallo")
    old = make_item("Oud bericht", date=timezone.localdate() - timedelta(days=91))
    assert not services.is_open(old)
    open_policy.close_after_days = 0
    open_policy.save()
    assert services.is_open(old)


def test_body_rules(news_item, author, open_policy):
    with pytest.raises(services.CommentError):
        services.post_comment(author, news_item, "   ")
    with pytest.raises(services.CommentError):
        services.post_comment(author, news_item, "x" * 3001)
    assert services.post_comment(author, news_item, "x" * 3000).pk


def test_double_submit_returns_the_first(news_item, author, open_policy):
    first = services.post_comment(author, news_item, "Dubbel geklikt")
    again = services.post_comment(author, news_item, "Dubbel geklikt")
    assert first.pk == again.pk
    assert Comment.objects.count() == 1


def test_rate_limit_per_user(news_item, author, reader, open_policy):
    for n in range(services.RATE_LIMIT):
        services.post_comment(author, news_item, f"Reactie {n}")
    with pytest.raises(services.CommentError) as refused:
        services.post_comment(author, news_item, "Een te veel")
    assert refused.value.code == "rate"
    assert services.post_comment(reader, news_item, "Ik mag nog wel").pk


def test_replies_are_one_level_deep(news_item, author, reader, open_policy):
    top = services.post_comment(author, news_item, "Vraag")
    reply = services.post_comment(reader, news_item, "Antwoord", parent=top)
    with pytest.raises(services.CommentError):
        services.post_comment(author, news_item, "Diep", parent=reply)
    other = make_item("Ander bericht")
    with pytest.raises(services.CommentError):
        services.post_comment(author, other, "Elders", parent=top)


def test_reply_mails_the_author_who_asked(news_item, author, reader, open_policy, committed):
    top = services.post_comment(author, news_item, "Wie weet dit?", notify_on_reply=True)
    mail.outbox.clear()
    with committed():
        services.post_comment(reader, news_item, "Ik!", parent=top)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert "Ik!" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/reacties/afmelden/" in message.extra_headers["List-Unsubscribe"]
    # Replying to yourself, or without opt-in, sends nothing.
    mail.outbox.clear()
    with committed():
        services.post_comment(author, news_item, "Zelf", parent=top)
        quiet = services.post_comment(reader, news_item, "Geen mail graag")
        services.post_comment(author, news_item, "Antwoord", parent=quiet)
    assert mail.outbox == []


def test_reply_mail_waits_for_approval(news_item, author, reader, comment_settings, committed):
    comment_settings.policy = Policy.ALL
    comment_settings.save()
    top = services.post_comment(author, news_item, "Vraag", notify_on_reply=True)
    services.moderate([top], Comment.Status.PUBLISHED)
    top.refresh_from_db()
    mail.outbox.clear()
    with committed():
        reply = services.post_comment(reader, news_item, "Antwoord", parent=top)
    assert all(m.to != [author.email] for m in mail.outbox)
    with committed():
        services.moderate([reply], Comment.Status.PUBLISHED)
    assert [author.email] in [m.to for m in mail.outbox]


def test_unsubscribe_token(news_item, author, open_policy):
    services.post_comment(author, news_item, "Meld me", notify_on_reply=True)
    assert services.unsubscribe(services.unsubscribe_token(author)) == author
    assert not Comment.objects.filter(notify_on_reply=True).exists()
    assert services.unsubscribe("vervalst") is None


def test_edit_window_and_ownership(news_item, author, reader, open_policy):
    comment = services.post_comment(author, news_item, "Tikfuot")
    services.edit_comment(author, comment, "Tikfout")
    comment.refresh_from_db()
    assert comment.body == "Tikfout" and comment.edited_at
    with pytest.raises(PermissionDenied):
        services.edit_comment(reader, comment, "Gekaapt")
    Comment.objects.filter(pk=comment.pk).update(created=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.edit_comment(author, comment, "Te laat")
    services.ban(author)
    assert not services.can_edit(author, comment, now=comment.created)


def test_delete_keeps_the_thread(news_item, author, reader, open_policy):
    top = services.post_comment(author, news_item, "Weg ermee")
    services.post_comment(reader, news_item, "Antwoord", parent=top)
    with pytest.raises(PermissionDenied):
        services.delete_comment(reader, top)
    services.delete_comment(author, top)
    top.refresh_from_db()
    assert top.status == Comment.Status.REMOVED and top.body == ""
    assert top.replies.count() == 1


def test_one_report_per_reader(news_item, author, reader, open_policy, committed):
    comment = services.post_comment(author, news_item, "Omstreden")
    mail.outbox.clear()
    with committed():
        _report, created = services.report_comment(reader, comment, "Beledigend")
    assert created and len(mail.outbox) == 1
    _report, created = services.report_comment(reader, comment, "Nogmaals")
    assert not created and CommentReport.objects.count() == 1
    services.ban(reader)
    with pytest.raises(PermissionDenied):
        services.report_comment(reader, comment, "Geblokkeerd")


def test_export_and_anonymise(news_item, author, reader, open_policy):
    services.post_comment(author, news_item, "Van mij")
    services.post_comment(reader, news_item, "Van een ander")
    exported = services.export(author)
    assert [row["body"] for row in exported] == ["Van mij"]
    services.anonymise(author)
    comment = Comment.objects.get(body="Van mij")
    assert comment.author is None
    assert str(comment.author_name) == "verwijderde gebruiker"
