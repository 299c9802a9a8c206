"""The "Reacties" screens in the Wagtail admin: filters, bulk actions, inspect, edit, bans and
the dashboard panel."""

import pytest
from django.test import Client
from django.urls import reverse

from members.comments import services
from members.comments.models import Comment, CommentBan, CommentReport
from tests.factories import UserFactory

from .conftest import make_item

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/comments/comment/"


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True, first_name="Redactie"))
    return client


@pytest.fixture
def comments(news_item, author, reader, open_policy):
    """One published and reported, one published, one pending (on another item)."""
    reported = services.post_comment(author, news_item, "Gemelde tekst")
    calm = services.post_comment(reader, news_item, "Rustige tekst")
    services.report_comment(reader, reported, "Beledigend")
    open_policy.policy = "all"
    open_policy.save()
    other_item = make_item("Ander bericht")
    pending = services.post_comment(reader, other_item, "Wachtende tekst")
    return {"reported": reported, "calm": calm, "pending": pending, "other_item": other_item}


def run_bulk(client, action, *comments):
    url = reverse("wagtail_bulk_action", args=("comments", "comment", action))
    query = "&".join(f"id={comment.pk}" for comment in comments)
    confirm = client.get(f"{url}?{query}")
    assert confirm.status_code == 200
    response = client.post(f"{url}?{query}&next={LIST_URL}", {})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    return response


def listed(client, **filters):
    html = client.get(LIST_URL, filters).content.decode()
    return {text for text in ("Gemelde tekst", "Rustige tekst", "Wachtende tekst")
            if text in html}


def dashboard_counts(client):
    html = client.get("/admin/").content.decode()
    return ("1 reactie wacht op goedkeuring" in html, "1 reactie gemeld" in html,
            "0 reacties gemeld" in html)


def test_list_filters(editor_client, comments):
    assert listed(editor_client) == {"Gemelde tekst", "Rustige tekst", "Wachtende tekst"}
    assert listed(editor_client, status="pending") == {"Wachtende tekst"}
    assert listed(editor_client, status="published") == {"Gemelde tekst", "Rustige tekst"}
    assert listed(editor_client, reported="true") == {"Gemelde tekst"}
    assert listed(editor_client, reported="false") == {"Rustige tekst", "Wachtende tekst"}
    assert listed(editor_client, item=comments["other_item"].pk) == {"Wachtende tekst"}


def test_bulk_reject(editor_client, comments):
    run_bulk(editor_client, "reject", comments["reported"], comments["pending"])
    statuses = dict(Comment.objects.values_list("body", "status"))
    assert statuses == {"Gemelde tekst": "rejected", "Rustige tekst": "published",
                        "Wachtende tekst": "rejected"}
    assert not CommentReport.objects.filter(resolved=False).exists()


def test_dismissing_reports_lowers_the_dashboard_count(editor_client, comments):
    assert dashboard_counts(editor_client) == (True, True, False)
    run_bulk(editor_client, "dismiss", comments["reported"])
    comments["reported"].refresh_from_db()
    assert comments["reported"].status == Comment.Status.PUBLISHED
    assert dashboard_counts(editor_client) == (True, False, True)


def test_approving_a_reported_comment_lowers_the_dashboard_count(editor_client, comments):
    run_bulk(editor_client, "approve", comments["reported"])
    assert CommentReport.objects.get().resolved
    assert dashboard_counts(editor_client) == (True, False, True)


def test_block_author_action(editor_client, comments, author):
    run_bulk(editor_client, "ban", comments["reported"])
    ban = CommentBan.objects.get()
    assert ban.user == author
    assert ban.banned_by is not None and ban.banned_by.first_name == "Redactie"
    comments["reported"].refresh_from_db()
    assert comments["reported"].status == Comment.Status.REJECTED
    assert services.is_banned(author)


def test_ban_snippet_records_the_editor(editor_client, comments, reader):
    response = editor_client.post("/admin/snippets/comments/commentban/add/",
                                  {"user": reader.pk, "reason": "Herhaaldelijk grof"})
    assert response.status_code == 302
    ban = CommentBan.objects.get()
    assert ban.user == reader and ban.banned_by.first_name == "Redactie"


def test_inspect_view(editor_client, comments):
    response = editor_client.get(
        f"/admin/snippets/comments/comment/inspect/{comments['reported'].pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gemelde tekst" in html and "Mies Bakker" in html


def test_edit_form_cannot_change_the_status(editor_client, comments):
    pending = comments["pending"]
    url = f"/admin/snippets/comments/comment/edit/{pending.pk}/"
    form = editor_client.get(url).content.decode()
    assert 'name="status"' not in form and 'name="item"' not in form
    assert 'name="body"' in form
    response = editor_client.post(url, {"status": "published", "body": "Geredigeerde tekst",
                                        "version": pending.version})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Comment.Status.PENDING  # only the moderation actions publish
    assert pending.body == "Geredigeerde tekst"


def test_comments_cannot_be_added_in_the_admin(editor_client, comments):
    assert "/admin/snippets/comments/comment/add/" not in editor_client.get(
        LIST_URL).content.decode()
    response = editor_client.post("/admin/snippets/comments/comment/add/", {"body": "Nep"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not Comment.objects.filter(body="Nep").exists()
