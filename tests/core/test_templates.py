"""Template hygiene that no renderer complains about but readers would see."""

from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_template_comment_spans_lines():
    # Django's {# #} is single-line: a second line turns the whole comment into page text.
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "{#" in line and "#}" not in line.split("{#", 1)[1]:
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert not offenders, "use {% comment %} for comments over several lines: " + ", ".join(
        offenders)


@pytest.mark.django_db
def test_account_forms_show_no_template_comment(client):
    html = client.get("/account/login/").content.decode()
    assert "novalidate:" not in html
    assert "{#" not in html
