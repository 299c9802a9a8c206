"""Moderation rules and the mails around them (services, notifications, tasks)."""

import pytest
from django.core import mail

from members.comments import services
from members.comments.models import Comment, CommentReport, Policy
from tests.factories import UserFactory

from .conftest import make_item

pytestmark = pytest.mark.django_db


def open_reports(comment):
    return CommentReport.objects.filter(comment=comment, resolved=False).count()


def test_approving_a_reported_published_comment_closes_its_reports(
    news_item, author, reader, open_policy
):
    comment = services.post_comment(author, news_item, "Gewoon mijn mening")
    services.report_comment(reader, comment, "Ik ben het er niet mee eens")
    assert open_reports(comment) == 1
    services.moderate([comment], Comment.Status.PUBLISHED)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert open_reports(comment) == 0


def test_dismissing_reports_keeps_the_comment(news_item, author, reader, open_policy):
    comment = services.post_comment(author, news_item, "Blijft staan")
    other = services.post_comment(reader, news_item, "Ook gemeld")
    services.report_comment(reader, comment, "Vervelend")
    services.report_comment(UserFactory(), comment, "Ook vervelend")
    services.report_comment(author, other, "Flauw")
    assert services.dismiss_reports([comment]) == 2
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.body == "Blijft staan"
    assert open_reports(comment) == 0
    assert open_reports(other) == 1  # only the selected comments' reports


def test_rejecting_or_deleting_closes_reports(news_item, author, reader, open_policy):
    rejected = services.post_comment(author, news_item, "Grof")
    withdrawn = services.post_comment(author, news_item, "Spijt van")
    services.report_comment(reader, rejected, "Beledigend")
    services.report_comment(reader, withdrawn, "Beledigend")
    services.moderate([rejected], Comment.Status.REJECTED)
    services.delete_comment(author, withdrawn)
    assert open_reports(rejected) == 0
    assert open_reports(withdrawn) == 0


def test_subjects_are_plain_text(demo_content, author, reader, comment_settings, committed):
    item = make_item('Tips & "trucs" <voor> raden')
    comment_settings.policy = Policy.NONE
    comment_settings.save()
    top = services.post_comment(author, item, "Vraag", notify_on_reply=True)
    mail.outbox.clear()
    with committed():
        services.post_comment(reader, item, "Antwoord", parent=top)
        services.report_comment(reader, top, "Reclame")
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        'Kees Jansen reageerde op uw reactie onder "Tips & "trucs" <voor> raden"',
        'Reactie gemeld onder "Tips & "trucs" <voor> raden"',
    ]


@pytest.mark.parametrize(("first_name", "display_name", "greeting"), [
    ("Mies", "", "Beste Mies,"),
    ("", "Mies van de raad", "Beste Mies van de raad,"),
    ("", "", "Hallo,"),
])
def test_reply_mail_greeting(news_item, reader, open_policy, committed,
                             first_name, display_name, greeting):
    recipient = UserFactory(first_name=first_name, last_name="", display_name=display_name)
    top = services.post_comment(recipient, news_item, "Vraag", notify_on_reply=True)
    mail.outbox.clear()
    with committed():
        services.post_comment(reader, news_item, "Antwoord", parent=top)
    [message] = mail.outbox
    assert message.body.startswith(greeting + "\n")
    assert f"<p>{greeting}</p>" in message.alternatives[0][0]
    assert "Beste ," not in message.body


def test_report_mail_names_the_reason(news_item, author, reader, open_policy, committed):
    comment = services.post_comment(author, news_item, "Omstreden")
    mail.outbox.clear()
    with committed():
        services.report_comment(reader, comment, "Noemt de naam van een cliënt & adres")
    [message] = mail.outbox
    assert "Opgegeven reden: Noemt de naam van een cliënt & adres" in message.body
    html = message.alternatives[0][0]
    assert "Noemt de naam van een cliënt &amp; adres" in html


def test_edit_back_to_pending_tells_the_editors(news_item, author, comment_settings, committed):
    comment_settings.policy = Policy.ALL
    comment_settings.moderator_email = "redactie@loc.example"
    comment_settings.save()
    comment = services.post_comment(author, news_item, "Eerste versie")
    services.moderate([comment], Comment.Status.PUBLISHED)
    mail.outbox.clear()
    with committed():
        edited = services.edit_comment(author, comment, "Tweede versie")
    assert edited.status == Comment.Status.PENDING
    [message] = mail.outbox
    assert message.to == ["redactie@loc.example"]
    assert "Tweede versie" in message.body
    assert message.subject.startswith("Nieuwe reactie om goed te keuren")
    # An edit that stays published tells nobody.
    comment_settings.policy = Policy.NONE
    comment_settings.save()
    again = services.post_comment(author, news_item, "Meteen zichtbaar")
    assert again.status == Comment.Status.PUBLISHED
    mail.outbox.clear()
    with committed():
        services.edit_comment(author, again, "Kleine correctie")
    assert mail.outbox == []


def test_reapproving_an_edited_reply_does_not_mail_the_author_again(
    news_item, author, reader, comment_settings, committed
):
    comment_settings.policy = Policy.ALL
    comment_settings.save()
    top = services.post_comment(author, news_item, "Vraag", notify_on_reply=True)
    services.moderate([top], Comment.Status.PUBLISHED)
    top.refresh_from_db()
    reply = services.post_comment(reader, news_item, "Antwoord", parent=top)
    with committed():
        services.moderate([reply], Comment.Status.PUBLISHED)
    assert [m.to for m in mail.outbox].count([author.email]) == 1
    with committed():
        services.edit_comment(reader, reply, "Antwoord, iets beter verwoord")
        services.moderate([reply], Comment.Status.PUBLISHED)
    assert Comment.objects.get(pk=reply.pk).status == Comment.Status.PUBLISHED
    assert [m.to for m in mail.outbox].count([author.email]) == 1


def test_rejected_and_removed_comments_are_fetched_only_to_hold_a_visible_reply(
    news_item, author, reader, open_policy
):
    spam = [Comment.objects.create(item=news_item, author=reader, body=f"spam {n}",
                                   status=Comment.Status.REJECTED) for n in range(5)]
    removed = Comment.objects.create(item=news_item, author=author, body="",
                                     status=Comment.Status.REMOVED)
    held = Comment.objects.create(item=news_item, author=author, body="Afgewezen vraag",
                                  status=Comment.Status.REJECTED)
    Comment.objects.create(item=news_item, author=reader, body="Antwoord", parent=held,
                           status=Comment.Status.PUBLISHED)
    mine = Comment.objects.create(item=news_item, author=reader, body="Mijn antwoord",
                                  parent=removed, status=Comment.Status.PENDING)
    for_reader = set(Comment.objects.visible_to(reader).filter(item=news_item))
    assert not for_reader & set(spam)
    assert {held, removed, mine} <= for_reader
    # Someone else doesn't see the reader's pending reply, so the removed parent stays away.
    for_other = set(Comment.objects.visible_to(UserFactory()).filter(item=news_item))
    assert held in for_other and removed not in for_other and mine not in for_other
