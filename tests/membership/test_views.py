"""Joining, cancelling and the Mijn LOC section, through the pages."""

import re
from datetime import date, datetime

import pytest
from django.urls import reverse

from members.membership import dates
from members.membership.models import Membership, WaitingListEntry
from tests.factories import UserFactory

from .factories import (
    BILLING,
    GroupFactory,
    IntervisiePlanFactory,
    MembershipFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db
Status = Membership.Status


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def form_data(**extra):
    return {**BILLING, "payment_method": "invoice", **extra}


def signed_answers(response):
    """The summary step's hidden field: what "Bevestigen" and "Wijzigen" post back."""
    assert response.status_code == 200, response.status_code
    match = re.search(r'name="answers" value="([^"]+)"', response.content.decode())
    assert match, "no summary step"
    return match.group(1)


def join(client, slug, data, **kwargs):
    """The join form, then "Bevestigen" on its summary: what a member does to send it."""
    url = reverse("membership:join", args=[slug])
    answers = signed_answers(client.post(url, data))
    return client.post(url, {"step": "confirm", "answers": answers}, **kwargs)


def test_join_needs_login(client):
    PlanFactory()
    response = client.get(reverse("membership:join", args=["netwerk"]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_without_keys_only_invoice_is_offered_and_the_request_is_pending(client, member):
    PlanFactory()
    url = reverse("membership:join", args=["netwerk"])
    html = client.get(url).content.decode()
    assert 'value="invoice"' in html and 'value="online"' not in html
    response = join(client, "netwerk", form_data())
    assert response.status_code == 302
    membership = Membership.objects.get(user=member)
    assert membership.status == Status.PENDING
    assert membership.po_number == "PO-1"
    page = client.get(reverse("mijn_loc")).content.decode()
    assert "Wacht op uw betaling" in page or "Uw betaling" in page


def test_join_form_errors_keep_what_was_typed(client, member):
    PlanFactory()
    response = client.post(reverse("membership:join", args=["netwerk"]),
                           form_data(billing_email="geen-adres", billing_address=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cliëntenraad De Linde" in html and "geen-adres" in html
    assert "error-summary" in html
    assert Membership.objects.count() == 0


def test_a_full_group_offers_the_waiting_list(client, member):
    group = GroupFactory(capacity=1)
    MembershipFactory(plan=group.plan, group=group)
    response = client.post(reverse("membership:join", args=[group.plan.slug]),
                           form_data(group=group.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "vol" in html and reverse("membership:waiting_list", args=[group.pk]) in html
    client.post(reverse("membership:waiting_list", args=[group.pk]))
    assert WaitingListEntry.objects.filter(user=member, group=group).exists()


def test_already_a_member_posting_the_form_joins_nothing_and_is_told_in_dutch(client, member):
    PlanFactory()
    answers = signed_answers(client.post(reverse("membership:join", args=["netwerk"]),
                                         form_data()))
    MembershipFactory(user=member)  # joined meanwhile, in another tab
    response = client.post(reverse("membership:join", args=["netwerk"]),
                           {"step": "confirm", "answers": answers}, follow=True)
    assert "U bent al lid" in response.content.decode()
    assert Membership.objects.filter(user=member).count() == 1


def test_continue_shows_a_summary_and_sends_nothing_yet(client, member, time_machine):
    time_machine.move_to(datetime(2026, 5, 20, 10))
    group = GroupFactory(name="dinsdagochtend")
    response = client.post(reverse("membership:join", args=["intervisie"]),
                           form_data(group=group.pk))
    assert not Membership.objects.exists()
    html = response.content.decode()
    assert "Controleer uw aanmelding" in html
    for shown in ("Intervisie ondersteuners", "dinsdagochtend", "€\xa0465",
                  "tot en met 31 december 2026", "Betalen op factuur", "Anna de Vries",
                  "Cliëntenraad De Linde", "Lindelaan 1<br>1234 AB Utrecht", "factuur@linde.nl",
                  "PO-1"):
        assert shown in html, shown
    assert 'name="step" value="confirm"' in html and 'name="step" value="edit"' in html


def test_confirming_the_summary_sends_the_request_once(client, member):
    PlanFactory()
    url = reverse("membership:join", args=["netwerk"])
    answers = signed_answers(client.post(url, form_data()))
    response = client.post(url, {"step": "confirm", "answers": answers})
    assert response.status_code == 302
    membership = Membership.objects.get(user=member)
    assert (membership.status, membership.billing_name, membership.po_number) == (
        Status.PENDING, "Anna de Vries", "PO-1")
    client.post(url, {"step": "confirm", "answers": answers})  # a second click, another tab
    assert Membership.objects.filter(user=member).count() == 1


def test_change_goes_back_to_the_form_with_everything_kept(client, member):
    group = GroupFactory(name="vrijdagochtend")
    url = reverse("membership:join", args=["intervisie"])
    answers = signed_answers(client.post(url, form_data(group=group.pk)))
    response = client.post(url, {"step": "edit", "answers": answers})
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" not in html
    form = response.context["form"]
    assert {name: form[name].value() for name in (*BILLING, "payment_method")} == form_data()
    assert str(form["group"].value()) == str(group.pk)
    assert re.search(rf'value="{group.pk}"[^>]*checked', html)
    assert "Lindelaan 1\n1234 AB Utrecht</textarea>" in html
    assert not Membership.objects.exists()


def test_a_tampered_summary_is_refused_and_nothing_is_sent(client, member):
    PlanFactory()
    url = reverse("membership:join", args=["netwerk"])
    answers = signed_answers(client.post(url, form_data()))
    forged = answers.replace(answers[3], "x" if answers[3] != "x" else "y", 1)
    response = client.post(url, {"step": "confirm", "answers": forged}, follow=True)
    assert response.status_code == 200
    assert "konden niet worden teruggelezen" in response.content.decode()
    other_plan = IntervisiePlanFactory()  # signed for one plan, it does not confirm another
    client.post(reverse("membership:join", args=[other_plan.slug]),
                {"step": "confirm", "answers": answers})
    assert not Membership.objects.exists()


def test_confirm_checks_the_answers_again(client, member):
    """A group that filled up (or closed) between the summary and the click: the form again,
    with the reason and what was typed, and the waiting list offered."""
    group = GroupFactory(capacity=1)
    url = reverse("membership:join", args=[group.plan.slug])
    answers = signed_answers(client.post(url, form_data(group=group.pk)))
    MembershipFactory(plan=group.plan, group=group)
    response = client.post(url, {"step": "confirm", "answers": answers})
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert "Cliëntenraad De Linde" in html
    assert reverse("membership:waiting_list", args=[group.pk]) in html
    assert not Membership.objects.filter(user=member).exists()


def test_an_old_summary_goes_back_to_the_filled_form(client, member, time_machine):
    time_machine.move_to(datetime(2026, 5, 20, 10))
    PlanFactory()
    url = reverse("membership:join", args=["netwerk"])
    answers = signed_answers(client.post(url, form_data()))
    time_machine.move_to(datetime(2026, 5, 20, 13))
    response = client.post(url, {"step": "confirm", "answers": answers})
    assert response.status_code == 200 and not Membership.objects.exists()
    assert response.context["form"]["billing_name"].value() == "Anna de Vries"
    assert "lang open" in response.content.decode()


def test_mijn_loc_shows_a_card_per_plan_with_benefits_price_and_one_button(client, member):
    PlanFactory(benefits="Twee netwerkbijeenkomsten per jaar\n\nDe sparsessies\n")
    IntervisiePlanFactory(benefits="")
    html = client.get(reverse("mijn_loc")).content.decode()
    start = html.index('<article class="plan-card" aria-labelledby="plan-netwerk-title"')
    card = html[start:html.index("</article>", start)]
    assert "<li>Twee netwerkbijeenkomsten per jaar</li><li>De sparsessies</li>" in card
    assert "€\xa0450</strong> per kalenderjaar" in card and "vóór 1 oktober" in card
    assert card.count('class="button') == 1
    assert (f'href="{reverse("membership:join", args=["netwerk"])}" aria-label="Word lid: '
            'Netwerk ondersteuners cliëntenraden">Word lid</a>') in card
    assert html.count(">Word lid</a>") == 2  # the intervisie card, without benefits, too


def test_section_shows_status_and_the_cancel_rule(client, member):
    membership = MembershipFactory(user=member, paid_through=date(2099, 12, 31))
    html = client.get(reverse("mijn_loc")).content.decode()
    assert "Lid t/m 31 december 2099" in html
    assert "tot en met 30 september" in html
    assert reverse("membership:cancel", args=[membership.pk]) in html


def test_cancel_shows_the_end_date_before_confirming(client, member, time_machine):
    # The whole clock moves (date.today() too), not just timezone.now, and before the
    # membership is made, so its dates come from the same day.
    time_machine.move_to(datetime(2026, 8, 10, 12, tzinfo=dates.AMSTERDAM), tick=False)
    membership = MembershipFactory(user=member)
    url = reverse("membership:cancel", args=[membership.pk])
    assert "31 december 2026" in client.get(url).content.decode()
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE  # looking changes nothing
    time_machine.move_to(datetime(2026, 10, 1, 9, tzinfo=dates.AMSTERDAM), tick=False)
    assert "31 december 2027" in client.get(url).content.decode()
    client.post(url)
    membership.refresh_from_db()
    assert (membership.status, membership.ends_on) == (Status.CANCELLING, date(2027, 12, 31))
    client.post(reverse("membership:undo_cancel", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE


def test_someone_elses_membership_is_404(client, member):
    other = MembershipFactory()
    assert client.get(reverse("membership:cancel", args=[other.pk])).status_code == 404
    assert client.post(reverse("membership:withdraw", args=[other.pk])).status_code == 404


def test_return_page_promises_nothing(client, member):
    html = client.get(reverse("membership:returned") + "?betaald=1").content.decode()
    assert "wordt verwerkt" in html


def test_online_join_redirects_to_checkout(client, member, synced_plans, fake_stripe):
    plan = synced_plans["intervisie"]
    group = plan.groups.first()
    html = client.get(reverse("membership:join", args=["intervisie"])).content.decode()
    assert 'value="online"' in html
    response = join(client, "intervisie", form_data(group=group.pk, payment_method="online"))
    assert response.status_code == 302
    assert response["Location"].startswith(fake_stripe.url + "/checkout/")
    (_m, _p, params, _h), = fake_stripe.creates("/v1/checkout/sessions")
    assert params["success_url"].startswith("http://testserver/mijn-loc/lidmaatschap/betaling/")


def test_online_join_with_stripe_down_keeps_the_form(client, member, synced_plans, fake_stripe):
    fake_stripe.failing = True
    response = join(client, "netwerk", form_data(payment_method="online"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "niet bereikbaar" in html and "Cliëntenraad De Linde" in html
    assert Membership.objects.count() == 0


def test_mijn_loc_queries_stay_flat(client, member, django_assert_max_num_queries):
    plan = PlanFactory()
    MembershipFactory(user=member, plan=plan)
    client.get(reverse("mijn_loc"))
    # The whole dashboard: tests/accounts/test_mijn_loc.py counts it section by section.
    with django_assert_max_num_queries(14):
        client.get(reverse("mijn_loc"))


def test_privacy_export_and_erase_keep_payments(member, django_capture_on_commit_callbacks):
    from members.accounts import privacy
    from members.membership import payments, services

    staff = UserFactory(is_staff=True)
    membership = services.join(member, PlanFactory(), payment_method="invoice", billing=BILLING)
    payments.confirm_invoice(membership, staff, year=membership.first_year)
    data = privacy.export(member)
    assert data["memberships"][0]["payments"][0]["amount"] == "450.00"
    privacy.delete_account(member)
    membership.refresh_from_db()
    assert membership.user is None and membership.billing_name == ""
    assert membership.status == Status.ENDED
    assert membership.payments.count() == 1


def test_a_new_plan_shows_at_once_despite_the_cache(client, member):
    PlanFactory()
    client.get(reverse("mijn_loc"))
    PlanFactory(slug="nieuw", name="Nieuw plan")
    assert "Nieuw plan" in client.get(reverse("mijn_loc")).content.decode()


def test_section_lists_the_payments(client, member):
    from members.membership import payments, services

    membership = services.join(member, PlanFactory(), payment_method="invoice", billing=BILLING)
    payments.confirm_invoice(membership, UserFactory(is_staff=True),
                             year=membership.first_year)
    html = client.get(reverse("mijn_loc")).content.decode()
    assert "€\u00a0450" in html and "Betaald" in html


def test_mijn_loc_says_until_when_a_failed_renewal_keeps_its_rights(client, member,
                                                                     time_machine):
    time_machine.move_to(datetime(2027, 1, 10, 12, tzinfo=dates.AMSTERDAM))
    MembershipFactory(user=member, status=Status.PAST_DUE)  # paid through 31 December 2026
    client.force_login(member)  # the session from before the clock moved has expired
    html = client.get(reverse("mijn_loc")).content.decode()
    assert "U blijft lid tot en met 31 januari 2027" in html
    time_machine.move_to(datetime(2027, 2, 2, 12, tzinfo=dates.AMSTERDAM))
    client.force_login(member)
    html = client.get(reverse("mijn_loc")).content.decode()
    assert "U blijft lid" not in html and "Uw laatste betaling is niet gelukt." in html


def test_a_member_opening_the_join_page_is_shown_the_membership(client, member):
    membership = MembershipFactory(user=member, plan=PlanFactory())
    response = client.get(reverse("membership:join", args=["netwerk"]), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"#lidmaatschap-{membership.pk}")
    assert "U bent al lid van" in response.content.decode()


def test_a_pending_request_fills_the_join_form_with_what_was_entered(client, member):
    from members.membership import services

    plan = PlanFactory()
    services.join(member, plan, payment_method="invoice", billing=BILLING)
    html = client.get(reverse("membership:join", args=[plan.slug])).content.decode()
    assert "Lindelaan 1" in html and "factuur@linde.nl" in html
