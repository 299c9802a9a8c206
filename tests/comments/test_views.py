import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.comments import services
from members.comments.models import Comment, CommentReport
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def post_url(item):
    return f"/reacties/bericht/{item.pk}/"


def login_prompt(html):
    """The text of the logged-out prompt, tags stripped and whitespace collapsed."""
    block = re.search(r'<div class="comments__login">(.*?)</div>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", "", block).split()), block


def test_logged_out_reader_is_invited_to_log_in(client, news_item):
    response = client.get(news_item.url)
    html = response.content.decode()
    assert response.status_code == 200
    text, block = login_prompt(html)
    assert text == "Log in of maak een account om te reageren."
    next_param = f"next={news_item.url}%23reacties"
    assert f'<a href="{reverse("account_login")}?{next_param}">Log in</a>' in block
    assert f'<a href="{reverse("account_signup")}?{next_param}">maak een account</a>' in block
    assert 'id="id_body"' not in html
    # Posting anyway changes nothing.
    client.post(post_url(news_item), {"body": "Stiekem"})
    assert not Comment.objects.exists()


def test_logging_in_from_the_prompt_returns_to_the_comments(client, news_item, author):
    login_url = f"{reverse('account_login')}?next={news_item.url}%23reacties"
    assert client.get(login_url).status_code == 200
    response = client.post(login_url, {
        "login": author.email, "password": PASSWORD, "next": f"{news_item.url}#reacties",
    })
    assert response.status_code == 302
    assert response["Location"] == f"{news_item.url}#reacties"
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert 'id="id_body"' in page  # back at the item, now with the comment form


def test_post_pending_then_visible_to_author_only(client, news_item, author):
    client.force_login(author)
    response = client.post(post_url(news_item), {"body": "Wat een goed verhaal"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{news_item.url}#reactie-{comment.pk}"
    page = client.get(news_item.url).content.decode()
    assert "Wat een goed verhaal" in page
    assert "comment--pending" in page
    assert "Wat een goed verhaal" not in Client().get(news_item.url).content.decode()


def test_error_keeps_the_typed_text(client, news_item, author):
    client.force_login(author)
    long_text = "Dit is mijn verhaal. " * 200
    response = client.post(post_url(news_item), {"body": long_text, "notify_on_reply": "on"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html
    assert "Dit is mijn verhaal." in html
    assert re.search(r'name="notify_on_reply"[^>]*checked', html)
    assert not Comment.objects.exists()
    # Rendered through the page's own context, with the bound form added to it.
    assert response.context["page"].pk == news_item.pk
    assert response.context["comment_form"].errors["body"]


def test_honeypot_drops_silently(client, news_item, author):
    client.force_login(author)
    response = client.post(post_url(news_item), {"body": "Koop nu!", "website": "spam.example"})
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_reply_error_reopens_that_reply_form(client, news_item, author, reader, open_policy):
    top = services.post_comment(author, news_item, "Vraag")
    client.force_login(reader)
    response = client.post(post_url(news_item), {
        "form_prefix": "reply", "reply-body": "",
        "reply-parent": top.pk,
    })
    html = response.content.decode()
    assert response.status_code == 400
    # The page's one reply form stands open under `top`, with what was typed and its error.
    form = re.search(
        r'<div class="comment-reply" id="antwoord" data-reply-form>(.*?)</div>\s*</li>', html,
        re.S)
    assert form, "the reply form is not open"
    assert f'name="reply-parent" value="{top.pk}"' in form.group(1)
    assert html.index(f'id="reactie-{top.pk}"') < html.index('id="antwoord"')
    response = client.post(post_url(news_item), {
        "form_prefix": "reply", "reply-body": "Antwoord",
        "reply-parent": top.pk,
    })
    assert Comment.objects.get(body="Antwoord").parent == top


def test_nobody_edits_or_deletes_anothers_comment(client, news_item, author, reader,
                                                    open_policy):
    comment = services.post_comment(author, news_item, "Van mij")
    client.force_login(reader)
    assert client.get(f"/reacties/{comment.pk}/bewerken/").status_code == 403
    assert client.post(f"/reacties/{comment.pk}/bewerken/", {"body": "X"}).status_code == 403
    assert client.post(f"/reacties/{comment.pk}/verwijderen/").status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Van mij" and comment.status == "published"


def test_author_edits_and_deletes(client, news_item, author, reader, open_policy):
    comment = services.post_comment(author, news_item, "Eerst")
    services.post_comment(reader, news_item, "Reactie erop", parent=comment)
    client.force_login(author)
    assert client.get(f"/reacties/{comment.pk}/bewerken/").status_code == 200
    client.post(f"/reacties/{comment.pk}/bewerken/", {"body": "Daarna"})
    comment.refresh_from_db()
    assert comment.body == "Daarna"
    client.post(f"/reacties/{comment.pk}/verwijderen/")
    html = client.get(news_item.url).content.decode()
    assert "Daarna" not in html and "Reactie erop" in html
    assert "comment__removed" in html


def test_banned_user_can_neither_post_nor_edit(client, news_item, author, open_policy):
    comment = services.post_comment(author, news_item, "Voor de ban")
    services.ban(author)
    client.force_login(author)
    response = client.post(post_url(news_item), {"body": "Na de ban"})
    assert response.status_code == 400
    assert not Comment.objects.filter(body="Na de ban").exists()
    assert client.post(f"/reacties/{comment.pk}/bewerken/", {"body": "X"}).status_code == 403


def test_report_flow(client, news_item, author, reader, open_policy, committed):
    comment = services.post_comment(author, news_item, "Omstreden")
    client.force_login(reader)
    assert client.post(f"/reacties/{comment.pk}/melden/", {"reason": ""}).status_code == 400
    with committed():
        response = client.post(f"/reacties/{comment.pk}/melden/", {"reason": "Grof"})
    assert response.status_code == 302
    assert CommentReport.objects.get().reason == "Grof"
    assert len(mail.outbox) == 1


def test_unsubscribe_link(client, news_item, author, open_policy):
    services.post_comment(author, news_item, "Meld me", notify_on_reply=True)
    url = f"/reacties/afmelden/{services.unsubscribe_token(author)}/"
    assert client.get(url).status_code == 200
    assert Comment.objects.filter(notify_on_reply=True).exists()  # GET alone changes nothing
    assert client.post(url).status_code == 200
    assert not Comment.objects.filter(notify_on_reply=True).exists()
    assert client.post("/reacties/afmelden/onzin/").status_code == 400


def test_hundred_comments_in_constant_queries(client, news_item, author, reader, open_policy,
                                              django_assert_max_num_queries):
    tops = [Comment(item=news_item, author=author, body=f"Reactie {n}", status="published")
            for n in range(50)]
    Comment.objects.bulk_create(tops)
    replies = [Comment(item=news_item, author=reader, parent=top, body="Antwoord",
                       status="published") for top in Comment.objects.all()]
    Comment.objects.bulk_create(replies)
    client.get(news_item.url)  # warm per-process caches (site root paths, settings)
    with django_assert_max_num_queries(15):
        response = client.get(news_item.url)
    assert response.content.decode().count('class="comment"') == 100
    # Logged in (session, user, the userbar's permission check, the reader's standing) costs
    # a fixed few more, whatever the number of comments.
    client.force_login(reader)
    with django_assert_max_num_queries(15):
        response = client.get(news_item.url)
    assert response.content.decode().count('class="comment"') == 100


def test_closed_item_does_not_invite_a_first_comment(client, news_item, author):
    client.force_login(author)
    invitation = "Reageer als eerste"
    assert invitation in client.get(news_item.url).content.decode()
    news_item.comments_open = False
    news_item.save_revision().publish()
    html = client.get(news_item.url).content.decode()
    assert "De reacties bij dit bericht zijn gesloten." in html
    assert invitation not in html
