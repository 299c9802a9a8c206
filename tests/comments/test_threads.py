"""Long conversations: threads paged, one reply form per page, stored comment HTML."""

import re
from datetime import timedelta

from django.utils import timezone

from members.comments import services, threads
from members.comments.models import Comment

from .test_views import post_url


def flat(item, author, count):
    """`count` published top-level comments, one minute apart, "Reactie 0" the oldest."""
    start = timezone.now() - timedelta(days=30)
    Comment.objects.bulk_create([
        Comment(item=item, author=author, body=f"Reactie {n}", status="published")
        for n in range(count)])
    for n, pk in enumerate(Comment.objects.order_by("pk").values_list("pk", flat=True)):
        Comment.objects.filter(pk=pk).update(created=start + timedelta(minutes=n))


def shown(html):
    return re.findall(r"<p>Reactie (\d+)</p>", html)


def test_a_thousand_comments_show_fifty_threads_newest_first_in_constant_queries(
        client, news_item, author, reader, open_policy, django_assert_max_num_queries):
    flat(news_item, author, 1000)
    client.get(news_item.url)  # warm per-process caches (site root paths, settings)
    with django_assert_max_num_queries(15):
        response = client.get(news_item.url)
    html = response.content.decode()
    assert shown(html) == [str(n) for n in range(999, 949, -1)]
    assert "(1000)" in html  # the count is of the whole conversation
    assert "Nieuwste eerst: pagina 1 van 20." in html
    assert f'<a href="{news_item.url}?reacties=2#reacties" rel="next">Toon oudere reacties</a>' \
        in html
    client.force_login(reader)
    with django_assert_max_num_queries(15):
        last = client.get(f"{news_item.url}?reacties=20").content.decode()
    assert shown(last) == [str(n) for n in range(49, -1, -1)]
    assert "Toon oudere reacties" not in last
    assert f'href="{news_item.url}?reacties=19#reacties" rel="prev"' in last


def test_a_short_conversation_stays_oldest_first_without_pages(client, news_item, author,
                                                               open_policy):
    flat(news_item, author, threads.THREADS_PER_PAGE)
    html = client.get(news_item.url).content.decode()
    assert shown(html) == [str(n) for n in range(threads.THREADS_PER_PAGE)]
    assert "Toon oudere reacties" not in html and "pagina 1 van" not in html
    assert client.get(f"{news_item.url}?reacties=2").status_code == 404


def test_bad_comment_page_numbers_are_404(client, news_item, author, open_policy):
    flat(news_item, author, 60)
    for number in ("0", "3", "abc", "-1", "1" * 30, "２"):
        assert client.get(news_item.url, {"reacties": number}).status_code == 404, number
    assert client.get(news_item.url, {"reacties": "2"}).status_code == 200


def test_one_reply_form_per_page_hidden_until_asked(client, news_item, author, reader,
                                                    open_policy):
    flat(news_item, author, 60)
    client.force_login(reader)
    html = client.get(news_item.url).content.decode()
    assert html.count('name="reply-body"') == 1
    assert html.count('class="form comment-form"') == 2  # the new comment and the reply form
    assert '<div class="comment-reply" id="antwoord" data-reply-form hidden>' in html
    assert html.count("data-reply-to=") == threads.THREADS_PER_PAGE


def test_the_reply_link_without_script_opens_the_form_under_its_comment(
        client, news_item, author, reader, open_policy):
    flat(news_item, author, 60)
    old = Comment.objects.get(body="Reactie 5")  # on the second page
    client.force_login(reader)
    second = client.get(f"{news_item.url}?reacties=2").content.decode()
    link = f"{news_item.url}?reacties=2&amp;antwoord={old.pk}#antwoord"
    assert f'href="{link}" data-reply-to="{old.pk}"' in second
    html = client.get(news_item.url, {"reacties": "2", "antwoord": old.pk}).content.decode()
    assert '<div class="comment-reply" id="antwoord" data-reply-form>' in html
    assert html.index(f'id="reactie-{old.pk}"') < html.index('id="antwoord"') < html.index(
        'id="reactie-plaatsen"')
    assert f'name="reply-parent" value="{old.pk}"' in html
    assert f'href="{news_item.url}?reacties=2#reactie-{old.pk}" data-reply-cancel' in html
    response = client.post(post_url(news_item), {
        "form_prefix": "reply", "reply-body": "Laat antwoord", "reply-parent": old.pk})
    reply = Comment.objects.get(body="Laat antwoord")
    assert reply.parent == old
    # Back on the page of threads that shows it.
    assert response["Location"] == f"{news_item.url}?reacties=2#reactie-{reply.pk}"
    assert "Laat antwoord" in client.get(f"{news_item.url}?reacties=2").content.decode()


def test_a_reply_link_to_a_comment_elsewhere_opens_nothing(client, news_item, author, reader,
                                                           open_policy):
    flat(news_item, author, 60)
    elsewhere = Comment.objects.get(body="Reactie 5")  # page 2, asked on page 1
    client.force_login(reader)
    html = client.get(news_item.url, {"antwoord": elsewhere.pk}).content.decode()
    assert 'data-reply-form hidden>' in html
    assert 'name="reply-parent" value=' not in html


def test_comment_html_is_stored_and_rendered_again_on_every_change(news_item, author,
                                                                   open_policy):
    comment = services.post_comment(author, news_item, "Zie https://loc.nl")
    assert comment.body_html == Comment.objects.get(pk=comment.pk).body_html
    assert '<a href="https://loc.nl" rel="nofollow ugc noopener">' in comment.body_html
    comment = services.edit_comment(author, comment, "Nu <b>vet</b>")
    stored = Comment.objects.get(pk=comment.pk).body_html
    assert stored == "<p>Nu &lt;b&gt;vet&lt;/b&gt;</p>"
    comment = services.redact_comment(comment, "Ingekort", comment.version)
    assert Comment.objects.get(pk=comment.pk).body_html == "<p>Ingekort</p>"
    services.delete_comment(author, comment)
    assert Comment.objects.get(pk=comment.pk).body_html == ""


def test_stored_html_is_never_taken_from_outside(news_item, author, open_policy):
    comment = Comment(item=news_item, author=author, body="Gewoon",
                      body_html="<script>alert(1)</script>", status="published")
    comment.save()
    assert comment.body_html == "<p>Gewoon</p>"
    # A row bulk-inserted without HTML (an import) is rendered when shown.
    Comment.objects.bulk_create([Comment(item=news_item, author=author, body="Bulk <i>x</i>",
                                         status="published")])
    assert Comment.objects.get(body__startswith="Bulk").html == "<p>Bulk &lt;i&gt;x&lt;/i&gt;</p>"
    rejected = services.post_comment(author, news_item, "Afgewezen tekst")
    services.moderate([rejected], Comment.Status.REJECTED)
    assert Comment.objects.get(pk=rejected.pk).html == ""


def test_visibility_within_an_item_matches_the_site_wide_rule(news_item, author, reader,
                                                              open_policy):
    from .conftest import make_item

    other = make_item("Ander bericht")
    for item in (news_item, other):
        top = services.post_comment(author, item, f"Vraag {item.pk}")
        services.post_comment(reader, item, f"Antwoord {item.pk}", parent=top)
        services.moderate([top], Comment.Status.REJECTED)
        services.post_comment(author, item, f"Los {item.pk}")
    for user in (author, reader):
        site_wide = set(Comment.objects.visible_to(user).filter(item=news_item))
        assert set(Comment.objects.visible_to(user, news_item)) == site_wide
        assert len(site_wide) == 3  # the placeholder, its reply, the other comment


def test_delete_and_report_lead_back_to_the_page_that_shows_the_comment(
        client, news_item, author, reader, open_policy):
    flat(news_item, author, 60)
    old = Comment.objects.order_by("created").first()  # on the second page of threads
    back = f'href="{news_item.url}?reacties=2#reactie-{old.pk}"'
    client.force_login(author)
    assert back in client.get(f"/reacties/{old.pk}/verwijderen/").content.decode()
    client.force_login(reader)
    assert back in client.get(f"/reacties/{old.pk}/melden/").content.decode()
