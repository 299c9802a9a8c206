"""What readers see: the edit window message, line breaks, the thread around a rejected
comment, double-submit guards, Dutch dates and the comments in Mijn LOC."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from members.comments import services
from members.comments.models import Comment, Policy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_edit_after_the_window_explains_instead_of_403(client, news_item, author, open_policy):
    comment = services.post_comment(author, news_item, "Net te laat")
    Comment.objects.filter(pk=comment.pk).update(created=timezone.now() - timedelta(minutes=16))
    client.force_login(author)
    for response in (client.get(f"/reacties/{comment.pk}/bewerken/"),
                     client.post(f"/reacties/{comment.pk}/bewerken/", {"body": "Toch"})):
        assert response.status_code == 302
        assert response["Location"] == f"{news_item.url}#reactie-{comment.pk}"
    page = client.get(news_item.url).content.decode()
    assert "De 15 minuten om deze reactie te bewerken zijn voorbij." in page
    comment.refresh_from_db()
    assert comment.body == "Net te laat"


def test_crlf_line_breaks_count_once(client, news_item, author, open_policy):
    # 3,000 characters as the browser counts them (LF), more as they arrive (CRLF).
    text = ("Regel met tekst.\n" * 200)[:2999] + "."
    assert len(text) == 3000 and "\n" in text
    client.force_login(author)
    response = client.post(f"/reacties/bericht/{news_item.pk}/",
                           {"body": text.replace("\n", "\r\n")})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == text.strip() and "\r" not in comment.body
    # Editing counts the same way; one character more is refused with the typed text kept.
    edit_url = f"/reacties/{comment.pk}/bewerken/"
    assert client.post(edit_url, {"body": text.replace("\n", "\r\n")}).status_code == 302
    too_long = client.post(edit_url, {"body": (text + "x").replace("\n", "\r\n")})
    assert too_long.status_code == 400
    assert "Regel met tekst." in too_long.content.decode()


def test_rejected_parent_keeps_its_replies_under_a_placeholder(
    client, news_item, author, reader, open_policy
):
    parent = services.post_comment(author, news_item, "Ongepaste tekst")
    services.post_comment(reader, news_item, "Een nuttig antwoord", parent=parent)
    lonely = services.post_comment(author, news_item, "Zonder antwoorden afgewezen")
    services.moderate([parent, lonely], Comment.Status.REJECTED)
    html = client.get(news_item.url).content.decode()
    assert "Ongepaste tekst" not in html
    assert "Een nuttig antwoord" in html
    assert f'id="reactie-{parent.pk}"' in html
    placeholder = re.search(rf'id="reactie-{parent.pk}".*?</article>', html, re.S).group(0)
    assert "Deze reactie is verwijderd." in placeholder
    assert "Mies" not in placeholder  # neither the text nor who wrote it
    assert "Zonder antwoorden afgewezen" not in html and f'id="reactie-{lonely.pk}"' not in html
    # Approving it again brings the text back.
    services.moderate([parent], Comment.Status.PUBLISHED)
    assert "Ongepaste tekst" in client.get(news_item.url).content.decode()


def test_comment_forms_guard_against_double_submit(client, news_item, author, reader,
                                                   open_policy):
    top = services.post_comment(reader, news_item, "Vraag")
    mine = services.post_comment(author, news_item, "Antwoord", parent=top)
    client.force_login(author)
    page = client.get(news_item.url).content.decode()
    forms = re.findall(r"<form [^>]*>", page)
    comment_forms = [form for form in forms if "comment-form" in form]
    assert len(comment_forms) == 2  # the new comment and the reply to `top`
    assert all("data-once" in form for form in comment_forms)
    for url in (f"/reacties/{mine.pk}/bewerken/", f"/reacties/{mine.pk}/verwijderen/",
                f"/reacties/{top.pk}/melden/"):
        html = client.get(url).content.decode()
        assert re.search(r'<form class="form" method="post"[^>]* data-once>', html), url


def test_dates_are_dutch_and_absolute(client, news_item, author, open_policy):
    """A date, not "3 uur geleden": a page kept in the page cache for minutes must not say
    something that turns false while it is kept."""
    comment = services.post_comment(author, news_item, "Van een tijdje terug")
    posted = datetime(2026, 3, 2, 9, 5, tzinfo=ZoneInfo("Europe/Amsterdam"))
    Comment.objects.filter(pk=comment.pk).update(created=posted)
    html = client.get(news_item.url).content.decode()
    assert '<time datetime="2026-03-02T09:05:00+0100">2 maart 2026, 09:05</time>' in html
    assert "geleden" not in html


def test_mijn_loc_lists_only_my_comments(client, news_item, author, reader, open_policy):
    services.post_comment(author, news_item, "Mijn eigen reactie")
    services.post_comment(reader, news_item, "Iemand anders")
    client.force_login(author)
    html = client.get("/mijn-loc/").content.decode()
    assert "Mijn eigen reactie" in html
    assert "Iemand anders" not in html
    assert 'href="/reacties/mijn/"' not in html  # nothing more to show


def test_all_my_comments_are_reachable(client, news_item, author, reader, open_policy,
                                       django_assert_max_num_queries):
    Comment.objects.bulk_create([
        Comment(item=news_item, author=author, body=f"Reactie nummer {n:02d}",
                status=Comment.Status.PUBLISHED) for n in range(30)
    ] + [Comment(item=news_item, author=reader, body="Van de buurman", status="published")])
    client.force_login(author)
    dashboard = client.get("/mijn-loc/").content.decode()
    assert dashboard.count('class="my-comments__item"') == 10
    assert '<a href="/reacties/mijn/">' in dashboard
    with django_assert_max_num_queries(12):
        first = client.get("/reacties/mijn/")
    html = first.content.decode()
    assert first.status_code == 200
    assert html.count('class="my-comments__item"') == 25
    assert "Van de buurman" not in html
    second = client.get("/reacties/mijn/", {"page": 2}).content.decode()
    assert second.count('class="my-comments__item"') == 5
    shown = set(re.findall(r"Reactie nummer \d\d", html + second))
    assert len(shown) == 30


def test_bad_page_numbers_of_my_comments_are_404_like_every_list(client, news_item, author):
    Comment.objects.create(item=news_item, author=author, body="Eén reactie",
                           status=Comment.Status.PUBLISHED)
    client.force_login(author)
    assert client.get("/reacties/mijn/", {"page": 1}).status_code == 200
    for page in ("abc", "0", "2", "1.5", ""):
        assert client.get("/reacties/mijn/", {"page": page}).status_code == 404, page


def test_all_my_comments_needs_a_login(client, demo_content):
    response = client.get("/reacties/mijn/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_pending_edit_under_full_moderation_stays_visible_to_author(
    client, news_item, comment_settings
):
    comment_settings.policy = Policy.ALL
    comment_settings.save()
    writer = UserFactory()
    comment = services.post_comment(writer, news_item, "Eerst")
    services.moderate([comment], Comment.Status.PUBLISHED)
    client.force_login(writer)
    client.post(f"/reacties/{comment.pk}/bewerken/", {"body": "Daarna"})
    html = client.get(news_item.url).content.decode()
    assert "Daarna" in html and "comment--pending" in html
