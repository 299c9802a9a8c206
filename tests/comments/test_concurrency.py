"""Lost updates and double submits.

Every change to a comment goes through services.py under a row lock and raises its version;
an edit form carries the version it showed, and a change made meanwhile is refused with a
Dutch message, never silently undone. The PostgreSQL tests race real threads."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from members.comments import services
from members.comments.models import Comment, CommentReport
from tests.factories import UserFactory

STALE = gettext(
    "This comment was changed by someone else while you were editing it. Your text is still "
    "in the form: check the current comment, and save again to keep your version."
)
ADMIN_EDIT = "/admin/snippets/comments/comment/edit/{}/"


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_admin_edit_keeps_a_status_set_meanwhile_by_a_moderation_action(
        light_item, editor_client):
    author = UserFactory()
    comment = services.post_comment(author, light_item, "Bel me op 06-12345678")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.PENDING)
    comment.refresh_from_db()
    form_version = comment.version  # the editor opens the edit form...
    services.moderate([comment], Comment.Status.PUBLISHED)  # ...a bulk approve runs...
    response = editor_client.post(ADMIN_EDIT.format(comment.pk),  # ...then the editor saves.
                                  {"body": "Bel me", "version": form_version})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert response.status_code == 200  # refused: the form again, with what was typed
    html = response.content.decode()
    assert STALE in html and "Bel me</textarea>" in html
    assert comment.body == "Bel me op 06-12345678"
    # Saving again is a deliberate choice now: it carries the current version and wins,
    # and it writes the text only.
    assert f'name="version" value="{comment.version}"' in html
    response = editor_client.post(ADMIN_EDIT.format(comment.pk),
                                  {"body": "Bel me", "version": comment.version})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Bel me", Comment.Status.PUBLISHED)


@pytest.mark.django_db
def test_author_edit_racing_an_editor_is_refused_not_overwritten(light_item, client):
    author = UserFactory()
    comment = services.post_comment(author, light_item, "Eerste versie")
    client.force_login(author)
    url = reverse("comments:edit", args=[comment.pk])
    form = client.get(url).content.decode()
    assert f'name="version" value="{comment.version}"' in form
    services.redact_comment(comment, "Door de redactie ingekort", comment.version)
    response = client.post(url, {"body": "Mijn tweede versie", "version": comment.version})
    assert response.status_code == 409
    html = response.content.decode()
    assert STALE in html
    assert "Mijn tweede versie</textarea>" in html  # nothing typed is lost
    assert "Door de redactie ingekort" in html  # and they see what changed
    comment.refresh_from_db()
    assert comment.body == "Door de redactie ingekort"
    assert not any("gewijzigd" in str(m) for m in response.context["messages"])


@pytest.mark.django_db
def test_an_edit_after_a_rejection_is_refused_under_the_lock(light_item):
    author = UserFactory()
    comment = services.post_comment(author, light_item, "Tekst")
    stale_copy = Comment.objects.get(pk=comment.pk)
    services.moderate([comment], Comment.Status.REJECTED)
    with pytest.raises(PermissionDenied):
        services.edit_comment(author, stale_copy, "Nieuwe tekst")
    comment.refresh_from_db()
    assert (comment.status, comment.body) == (Comment.Status.REJECTED, "Tekst")


@pytest.mark.django_db
def test_every_change_raises_the_version(light_item):
    author = UserFactory()
    comment = services.post_comment(author, light_item, "Tekst")
    versions = [comment.version]
    comment = services.edit_comment(author, comment, "Tekst 2", version=comment.version)
    versions.append(comment.version)
    services.moderate([comment], Comment.Status.REJECTED)
    comment.refresh_from_db()
    versions.append(comment.version)
    services.delete_comment(author, comment)
    versions.append(comment.version)
    assert versions == [1, 2, 3, 4]


@pytest.mark.django_db
def test_a_second_identical_post_returns_the_first(light_item, client):
    author = UserFactory()
    client.force_login(author)
    url = reverse("comments:post", args=[light_item.pk])
    first = client.post(url, {"body": "Dubbel geklikt"})
    second = client.post(url, {"body": "Dubbel geklikt"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1


# PostgreSQL: real parallel requests, each thread on its own connection.

PARALLEL = 30


def race(target, count=PARALLEL):
    """Run `target()` in `count` threads released at once; return their results."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as error:  # noqa: BLE001 - reported by the assert below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_identical_comments_and_replies_store_one_each(light_item):
    author = UserFactory()
    url = reverse("comments:post", args=[light_item.pk])
    clients = [logged_in(author) for _ in range(PARALLEL)]
    statuses = race(lambda: clients.pop().post(url, {"body": "Eén keer"}).status_code)
    assert set(statuses) == {302}
    top = Comment.objects.get()
    reply = {"form_prefix": "reply", "reply-body": "Antwoord",
             "reply-parent": top.pk}
    clients = [logged_in(author) for _ in range(PARALLEL)]
    statuses = race(lambda: clients.pop().post(url, reply).status_code)
    assert set(statuses) == {302}
    assert Comment.objects.filter(parent=top).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_identical_reports_store_one_and_mail_once(light_item, mailoutbox):
    comment = services.post_comment(UserFactory(), light_item, "Omstreden")
    reader = UserFactory()
    url = reverse("comments:report", args=[comment.pk])
    clients = [logged_in(reader) for _ in range(PARALLEL)]
    statuses = race(lambda: clients.pop().post(url, {"reason": "Grof"}).status_code)
    assert set(statuses) == {302}
    assert CommentReport.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_admin_edits_racing_bulk_moderation_never_undo_it(light_item):
    """The reported race: an admin edit racing a bulk approve ended `pending`."""
    author, editor = UserFactory(), UserFactory(is_staff=True, is_superuser=True)
    editor_client = logged_in(editor)

    def one_round(body):
        comment = Comment.objects.create(item=light_item, author=author, body=body)
        jobs = [
            lambda: services.moderate([comment], Comment.Status.PUBLISHED),
            lambda: editor_client.post(
                ADMIN_EDIT.format(comment.pk), {"body": f"{body}!", "version": comment.version}
            ).status_code,
        ]
        results = race(lambda: jobs.pop()(), count=2)
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PUBLISHED
        # Either the edit went first and stays, or it was refused (200, the form again).
        assert comment.body == (f"{body}!" if 302 in results else body)

    for round_ in range(10):
        one_round(f"Ronde {round_}")
