"""Comment text to HTML (members/comments/rendering.py): escaped, line breaks, safe links."""

from members.comments.rendering import LINK_REL, comment_html


def test_line_breaks_are_kept():
    html = comment_html("Eerste regel\nTweede regel\n\nNieuwe alinea")
    assert html == "<p>Eerste regel<br>Tweede regel</p>\n\n<p>Nieuwe alinea</p>"


def test_urls_become_links_with_safe_rel():
    html = comment_html("Zie https://www.loc.nl/nieuws/ en www.zorgenzeggenschap.nl")
    url = "https://www.loc.nl/nieuws/"
    assert f'<a href="{url}" rel="{LINK_REL}">{url}</a>' in html
    assert f'<a href="http://www.zorgenzeggenschap.nl" rel="{LINK_REL}">' in html
    assert LINK_REL == "nofollow ugc noopener"


def test_html_is_escaped_never_rendered():
    html = comment_html('<b>vet</b> <script>alert("x")</script> & <a href="https://x.nl">x</a>')
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;vet&lt;/b&gt;" in html
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in html
    assert "&amp;" in html
    # The typed anchor stays text; only its bare URL becomes a link of our own making.
    assert "&lt;a href=" in html and "&gt;x&lt;/a&gt;" in html
    assert html.count("<a ") == 1
    assert f'<a href="https://x.nl" rel="{LINK_REL}">' in html


def test_javascript_urls_are_not_linked():
    for text in ("javascript:alert(1)", "JavaScript:alert(document.cookie)",
                 "data:text/html,<script>alert(1)</script>"):
        html = comment_html(text)
        assert "<a" not in html, text
        assert "href" not in html, text


def test_empty_and_none():
    assert comment_html("") == ""
    assert comment_html(None) == ""
