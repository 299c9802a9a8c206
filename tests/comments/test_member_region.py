"""A member's comments region: made from a kept copy shared by every member of the same
standing, with only their own links rendered per request (members/comments/region.py).
What each member sees must be exactly what rendering it whole for them shows."""

import re
from datetime import timedelta

import pytest
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.utils import timezone

from members.comments import services
from members.comments.models import Comment, Policy
from members.comments.region import REGION, region_context
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def actions(html, comment):
    """The action links under one comment (empty when it shows none)."""
    article = re.search(rf'<article[^>]*id="reactie-{comment.pk}".*?</article>', html, re.S)
    assert article, f"comment {comment.pk} not shown"
    return re.findall(r'<a href="(/reacties/\d+/\w+/)"', article.group(0))


def region(html):
    return re.search(r'<section class="comments".*?</section>', html, re.S).group(0)


def links(comment, *kinds):
    return [f"/reacties/{comment.pk}/{kind}/" for kind in kinds]


@pytest.fixture
def conversation(news_item, author, reader, open_policy):
    """Two of the author's comments, one of the reader's, a reply of the author's to it."""
    own = services.post_comment(author, news_item, "Eerste van Mies")
    theirs = services.post_comment(reader, news_item, "Een vraag van Kees")
    reply = services.post_comment(author, news_item, "Antwoord van Mies", parent=theirs)
    old = services.post_comment(author, news_item, "Oude van Mies")
    Comment.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(hours=1))
    return {"own": own, "theirs": theirs, "reply": reply, "old": old}


def test_each_member_sees_only_their_own_controls(client, news_item, author, reader, conversation):
    c = conversation
    client.force_login(author)
    mine = client.get(news_item.url).content.decode()  # fills the shared copy
    assert actions(mine, c["own"]) == links(c["own"], "bewerken", "verwijderen")
    assert actions(mine, c["reply"]) == links(c["reply"], "bewerken", "verwijderen")
    assert actions(mine, c["old"]) == links(c["old"], "verwijderen")  # edit window passed
    assert actions(mine, c["theirs"]) == links(c["theirs"], "melden")

    other = Client()
    other.force_login(reader)
    theirs = other.get(news_item.url).content.decode()  # from the same shared copy
    for comment in (c["own"], c["reply"], c["old"]):
        assert actions(theirs, comment) == links(comment, "melden")
    assert actions(theirs, c["theirs"]) == links(c["theirs"], "bewerken", "verwijderen")
    assert "/bewerken/" not in theirs.replace(f"/reacties/{c['theirs'].pk}/bewerken/", "")
    # The markers and the placeholder token of the shared copy never reach the page.
    assert "<!--" not in region(mine) and "<!--" not in region(theirs)


def test_the_fast_region_equals_the_region_rendered_whole(news_item, author, reader, conversation):
    # CSRF tokens are masked afresh at every use: compared apart.
    token = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')
    for user in (author, reader, author):  # made, then from the kept copy
        request = RequestFactory().get(news_item.url)
        request.user = user
        fast = Template("{% load comments_tags %}{% comments_for item %}").render(
            RequestContext(request, {"item": news_item})
        )
        whole = Template(f'{{% include "{REGION}" %}}').render(
            RequestContext(request, region_context(request, news_item, None))
        )
        assert token.sub(r"\1", fast) == token.sub(r"\1", whole)
        assert token.findall(fast) and "/bewerken/" in fast


def test_forms_carry_the_members_own_csrf_token_without_javascript(
    news_item, author, reader, conversation
):
    """No script: the page's own forms post (CSRF checked), and `?antwoord=` opens the reply
    form under the comment asked for."""
    for user in (reader, author):  # the second one reads the kept copy
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        html = browser.get(news_item.url).content.decode()
        form = re.search(r'<form class="form comment-form".*?</form>', region(html), re.S)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0))
        response = browser.post(
            f"/reacties/bericht/{news_item.pk}/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "body": f"Zonder script, {user.first_name}",
            },
        )
        assert response.status_code == 302
    browser = Client()
    browser.force_login(reader)
    target = conversation["theirs"]
    html = browser.get(news_item.url, {"antwoord": target.pk}).content.decode()
    reply_form = re.search(r'<div class="comment-reply" id="antwoord"[^>]*>', html).group(0)
    assert "hidden" not in reply_form
    assert html.index(f'id="reactie-{target.pk}"') < html.index('id="antwoord"')
    assert f'name="reply-parent" value="{target.pk}"' in html


def test_own_pending_comment_shows_only_to_its_author(
    client, news_item, author, reader, comment_settings, conversation
):
    comment_settings.policy = Policy.ALL
    comment_settings.save()
    pending = services.post_comment(author, news_item, "Wacht op goedkeuring")
    assert pending.status == Comment.Status.PENDING
    other = Client()
    other.force_login(reader)
    assert "Wacht op goedkeuring" not in other.get(news_item.url).content.decode()
    client.force_login(author)
    mine = client.get(news_item.url).content.decode()
    assert "Wacht op goedkeuring" in mine and "comment--pending" in mine
    assert actions(mine, pending) == links(pending, "bewerken", "verwijderen")
    assert "Wacht op goedkeuring" not in other.get(news_item.url).content.decode()
    # Approved: the next request of every member shows it, with the right links.
    services.moderate([pending], Comment.Status.PUBLISHED)
    assert actions(other.get(news_item.url).content.decode(), pending) == links(pending, "melden")
    mine = client.get(news_item.url).content.decode()
    assert "comment--pending" not in mine
    assert actions(mine, pending) == links(pending, "bewerken", "verwijderen")


def test_edits_and_moderation_show_on_the_next_request(
    client, news_item, author, reader, conversation
):
    other = Client()
    other.force_login(reader)
    client.force_login(author)
    assert "Eerste van Mies" in other.get(news_item.url).content.decode()
    own = conversation["own"]
    assert (
        client.post(
            f"/reacties/{own.pk}/bewerken/", {"body": "Verbeterd door Mies", "version": own.version}
        ).status_code
        == 302
    )
    assert "Verbeterd door Mies" in other.get(news_item.url).content.decode()
    assert "Verbeterd door Mies" in client.get(news_item.url).content.decode()
    services.moderate([own], Comment.Status.REJECTED)
    for browser in (other, client):
        html = browser.get(news_item.url).content.decode()
        assert "Verbeterd door Mies" not in html and f'id="reactie-{own.pk}"' not in html
    # The author deletes their reply: gone for both, with its links.
    reply = conversation["reply"]
    assert client.post(f"/reacties/{reply.pk}/verwijderen/").status_code == 302
    for browser in (other, client):
        html = browser.get(news_item.url).content.decode()
        assert "Antwoord van Mies" not in html and f"/reacties/{reply.pk}/" not in html


def test_standing_decides_report_links_and_the_form(client, news_item, author, conversation):
    verified = Client()
    verified.force_login(author)
    assert "comment-form" in region(verified.get(news_item.url).content.decode())
    unverified = UserFactory(verified=False)
    client.force_login(unverified)
    html = region(client.get(news_item.url).content.decode())
    assert "comment-form" not in html and "Bevestig eerst uw e-mailadres" in html
    assert actions(html, conversation["theirs"]) == links(conversation["theirs"], "melden")
    services.ban(author)
    banned = region(verified.get(news_item.url).content.decode())
    assert "/melden/" not in banned and "comment-form" not in banned
    assert actions(banned, conversation["own"]) == links(conversation["own"], "verwijderen")


def test_member_article_with_50_comments_queries(
    client, news_item, author, reader, open_policy, django_assert_max_num_queries
):
    Comment.objects.bulk_create(
        [
            Comment(
                item=news_item,
                author=author if number % 2 else reader,
                status=Comment.Status.PUBLISHED,
                body=f"Reactie {number}",
            )
            for number in range(50)
        ]
    )
    client.force_login(author)
    client.get(news_item.url)  # the kept copy and the page's chrome, as a running site has them
    rendered = []

    def collect(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(collect)
    try:
        with django_assert_max_num_queries(10):
            html = client.get(news_item.url).content.decode()
    finally:
        template_rendered.disconnect(collect)
    assert html.count("/bewerken/") == 25 and html.count("/melden/") == 25
    # No comment rendered again: only the member's own 25 comments get their links anew.
    assert "comments/comment.html" not in rendered
    assert rendered.count("comments/actions.html") == 25
