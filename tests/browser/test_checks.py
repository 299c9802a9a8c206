"""The checkers themselves must catch what they claim to catch."""

import pytest

from .checks import axe_violations, html_errors, inline_code, template_syntax

BROKEN = """<!DOCTYPE html><html lang="nl"><head><title>x</title></head><body>
<main><img src="a.png"><p><div>nested</div></p></main></body></html>"""


def test_vnu_reports_invalid_html():
    errors = html_errors({"broken": BROKEN})
    assert "broken" in errors


def test_vnu_accepts_valid_html():
    valid = ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>x</title>'
             "</head><body><main><p>Hallo</p></main></body></html>")
    assert html_errors({"valid": valid}) == {}


def test_inline_code_is_found():
    html = '<p style="color:red" onclick="x()"><script>alert(1)</script>'
    assert len(inline_code(html)) == 3
    assert inline_code('<script type="application/ld+json">{}</script>') == []


@pytest.mark.django_db(transaction=True)
def test_axe_reports_missing_alt_text(page):
    page.set_content(BROKEN)
    assert any(problem.startswith("image-alt") for problem in axe_violations(page))


@pytest.mark.django_db(transaction=True)
def test_template_syntax_in_the_text_is_found(page):
    page.set_content("<main><p>{# a comment Django did not strip</p></main>")
    assert template_syntax(page) == ["template syntax '{#' in the text"]
    page.set_content("<main><p>Hallo</p></main>")
    assert template_syntax(page) == []
