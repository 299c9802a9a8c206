from decimal import Decimal

import pytest
from django.urls import reverse

from cms.core.billing import VatRate
from members.receipts import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def receipt_for(user, source="x", kind="payment"):
    return services.issue_receipt(user=user, kind=kind, amount=Decimal("60.00"),
                                  vat_rate=VatRate.LOW, source=source,
                                  description="Netwerkbijeenkomst 24 juni 2027")


def test_the_owner_sees_the_receipt_with_the_seller_and_the_vat(client, demo_content):
    user = UserFactory()
    receipt = receipt_for(user)
    client.force_login(user)
    response = client.get(reverse("receipts:detail", args=[receipt.number]))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (f"Betaalbewijs {receipt.number}", "Netwerkbijeenkomst 24 juni 2027",
                     "€&nbsp;55,05", "btw 9 %", "€&nbsp;4,95", "€&nbsp;60,00", "Betaald",
                     "KvK-nummer: 12345678", "LOC Waardevolle zorg"):
        assert expected in html, expected
    assert "no-store" in response["Cache-Control"]


def test_another_persons_receipt_is_not_found_and_anonymous_must_log_in(client):
    receipt = receipt_for(UserFactory())
    url = reverse("receipts:detail", args=[receipt.number])
    response = client.get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("receipts:detail", args=["LOC-2026-99999"])).status_code == 404


def test_mijn_loc_lists_the_latest_three_and_links_to_all(client):
    user = UserFactory()
    receipts = [receipt_for(user, source=str(i)) for i in range(4)]
    receipt_for(UserFactory(), source="someone-else")
    client.force_login(user)
    html = client.get(reverse("mijn_loc")).content.decode()
    assert 'id="receipts"' in html
    shown = [r.number for r in receipts if r.number in html]
    assert len(shown) == 3 and receipts[0].number not in shown  # newest first
    assert reverse("receipts:mine") in html
    full = client.get(reverse("receipts:mine")).content.decode()
    assert all(r.number in full for r in receipts)
    assert "LOC-2026-00005" not in full and "someone-else" not in full


def test_mijn_loc_without_receipts_says_where_they_will_appear(client):
    client.force_login(UserFactory())
    html = client.get(reverse("mijn_loc")).content.decode()
    assert "U heeft nog geen betaalbewijzen" in html


def test_a_refund_shows_as_a_refund_with_a_minus(client):
    user = UserFactory()
    receipt_for(user, source="r", kind="refund")
    client.force_login(user)
    html = client.get(reverse("receipts:mine")).content.decode()
    assert "Terugbetaling:" in html and "&minus;€&nbsp;60,00" in html


def test_staff_of_the_ledenadministratie_list_and_export_but_cannot_change(client,
                                                                           demo_content):
    from django.contrib.auth.models import Group

    receipt = receipt_for(UserFactory(first_name="=HYPERLINK"), source="stripe:cs_staff")
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Ledenadministratie"))
    client.force_login(staff)
    listing = client.get(reverse("receipts_admin:index"))
    assert listing.status_code == 200 and receipt.number in listing.content.decode()
    export = client.get(reverse("receipts_admin:index") + "?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff") and receipt.number in body
    assert "Betaling" in body or "betaling" in body
    assert "'=HYPERLINK" in body
    for action in ("edit", "delete"):
        url = f"/admin/betaalbewijzen/{action}/{receipt.pk}/"
        assert client.get(url).status_code in (302, 404)
        client.post(url, {"amount": "1.00"})
    receipt.refresh_from_db()
    assert receipt.amount == Decimal("60.00")
