from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from cms.core.billing import BillingSettings, VatRate
from members.accounts import privacy
from members.receipts import services
from members.receipts.models import Receipt
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def issue(user, source, amount="145.00", kind="payment", rate=VatRate.HIGH, **extra):
    return services.issue_receipt(
        user=user, kind=kind, amount=Decimal(amount), vat_rate=rate, source=source,
        description="Basiscursus Medezeggenschap in de praktijk, 12 maart 2027", **extra)


def test_receipts_are_numbered_in_order_per_year_and_start_again_in_january():
    user = UserFactory()
    with time_machine.travel(datetime(2026, 12, 31, 23, 58, tzinfo=AMSTERDAM), tick=False):
        first, second = issue(user, "a"), issue(user, "b")
    # One minute past midnight in Amsterdam is still 2026 in UTC: the Dutch year counts.
    with time_machine.travel(datetime(2027, 1, 1, 0, 1, tzinfo=AMSTERDAM), tick=False):
        third = issue(user, "c")
    assert [first.number, second.number, third.number] == [
        "LOC-2026-00001", "LOC-2026-00002", "LOC-2027-00001"]


def test_the_same_source_twice_gives_the_first_receipt_and_uses_no_number():
    user = UserFactory()
    first = issue(user, "stripe:cs_1")
    again = issue(user, "stripe:cs_1", amount="999.00")
    assert again.pk == first.pk and again.amount == Decimal("145.00")
    assert issue(user, "stripe:cs_2").number.endswith("00002")
    assert Receipt.objects.count() == 2


def test_a_rolled_back_payment_leaves_no_receipt_and_no_gap():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(user, "stripe:cs_rolled_back")
        raise RuntimeError("the payment failed to record")
    assert not Receipt.objects.exists()
    assert issue(user, "stripe:cs_next").number.endswith("-00001")


@pytest.mark.parametrize(("amount", "rate", "vat", "net"), [
    ("145.00", VatRate.HIGH, "25.17", "119.83"),
    ("60.00", VatRate.LOW, "4.95", "55.05"),
    ("95.00", VatRate.EXEMPT, "0.00", "95.00"),
])
def test_the_vat_inside_the_amount_is_kept(amount, rate, vat, net):
    receipt = issue(UserFactory(), "x", amount=amount, rate=rate)
    assert receipt.vat_amount == Decimal(vat)
    assert receipt.amount_excl_vat == Decimal(net)


@pytest.mark.parametrize(("amount", "rate", "kind"), [
    ("0.00", VatRate.HIGH, "payment"), ("-5.00", VatRate.HIGH, "refund"),
    ("10.00", "19", "payment"), ("10.00", VatRate.HIGH, "gift"),
])
def test_no_receipt_for_nothing_an_unknown_rate_or_kind(amount, rate, kind):
    with pytest.raises(services.ReceiptError):
        issue(UserFactory(), "x", amount=amount, rate=rate, kind=kind)
    assert not Receipt.objects.exists()


def test_the_seller_details_are_those_of_the_day_of_issue(demo_content):
    settings = BillingSettings.for_site(demo_content)
    settings.kvk_number, settings.vat_number = "87654321", "NL987654321B01"
    settings.save()
    receipt = issue(UserFactory(), "x", site=demo_content)
    settings.vat_number = "NL111111111B01"
    settings.save()
    receipt.refresh_from_db()
    assert (receipt.seller_name, receipt.seller_kvk, receipt.seller_vat_number) == (
        "LOC Waardevolle zorg", "87654321", "NL987654321B01")
    assert "Utrecht" in receipt.seller_address


def test_the_receipt_is_mailed_in_dutch_once_the_payment_commits(
        django_capture_on_commit_callbacks, demo_content):
    user = UserFactory(first_name="Anna", last_name="de Vries", email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        receipt = issue(user, "stripe:cs_mail", site=demo_content)
        assert mail.outbox == []  # nothing before the commit
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.subject == f"Betaalbewijs {receipt.number} van LOC"
    body = message.body
    for expected in ("Beste Anna de Vries", "145,00", "25,17", "119,83", "21 %",
                     "KvK-nummer: 12345678", "btw-nummer: NL123456789B01",
                     f"/mijn-loc/betaalbewijzen/{receipt.number}/"):
        assert expected in body, expected
    receipt.refresh_from_db()
    assert receipt.mailed_at is not None


def test_a_refund_receipt_says_refund_and_counts_against_the_books(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receipt = issue(UserFactory(), "refund:re_1", kind="refund")
    assert receipt.signed_amount == Decimal("-145.00")
    assert mail.outbox[0].subject.startswith("Betaalbewijs terugbetaling")
    assert "terugbetaald" in mail.outbox[0].body


def test_erasing_the_account_keeps_number_and_amounts_without_the_person():
    user = UserFactory(first_name="Anna", email="anna@example.org")
    receipt = issue(user, "x")
    assert privacy.export(user)["receipts"][0]["number"] == receipt.number
    number = receipt.number
    privacy.delete_account(user)
    receipt.refresh_from_db()
    assert (receipt.user, receipt.name, receipt.email) == (None, "", "")
    assert (receipt.number, receipt.amount, receipt.vat_amount) == (
        number, Decimal("145.00"), Decimal("25.17"))
