"""Prices on an offering: one line when members pay what others pay, never a wrapped "€"."""

import pytest

from .factories import make_guide, make_offering

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def facts(client, offering):
    html = client.get(offering.url).content.decode()
    return html.split('<dl class="facts', 1)[1].split("</dl>", 1)[0]


def test_the_same_price_for_everyone_shows_once(client):
    make_guide()
    offering = make_offering("Intervisie", price_member="€ 465 per jaar",
                             price_non_member="€ 465 per jaar")
    shown = facts(client, offering)
    assert shown.count(f"€{NBSP}465 per jaar") == 1
    assert "<dt>Prijs</dt>" in shown
    assert "Niet-leden" not in shown


def test_different_prices_show_both(client):
    make_guide()
    offering = make_offering("Basiscursus", price_member="€ 95", price_non_member="€ 195")
    shown = facts(client, offering)
    assert f"€{NBSP}95" in shown and f"€{NBSP}195" in shown
    assert "<dt>Leden</dt>" in shown and "<dt>Niet-leden</dt>" in shown
