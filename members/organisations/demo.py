"""Demo council: Cliëntenraad Zorggroep De Linde with pakket 2 paid for this year, its
administrator raad@loc.example and two members, one of them deelnemer@loc.example."""

from decimal import Decimal

from django.db import transaction

# After registrations (70), which makes deelnemer@loc.example.
ORDER = 80

CONTACT_EMAIL = "raad@loc.example"
MEMBER_EMAILS = [
    ("deelnemer@loc.example", "Sem", "Bakker"),
    ("lid.delinde@loc.example", "Ineke", "Smit"),
]
PLANS = [
    {
        "slug": "pakket-1",
        "name": "LOC-lidmaatschap pakket 1",
        "yearly_price": Decimal("350.00"),
        "free_half_days": 0,
        "sort_order": 10,
        "description": "Lidmaatschap van LOC voor de cliëntenraad: de raad en zijn ondersteuner "
        "volgen open trainingen en bijeenkomsten gratis.",
    },
    {
        "slug": "pakket-2",
        "name": "LOC-lidmaatschap pakket 2",
        "yearly_price": Decimal("700.00"),
        "free_half_days": 1,
        "sort_order": 20,
        "description": "Het uitgebreide lidmaatschap: alles van pakket 1 en elk jaar één gratis "
        "dagdeel dienstverlening op maat.",
    },
]
COUNCIL = {
    "name": "Cliëntenraad Zorggroep De Linde",
    "institution": "Zorggroep De Linde",
    "sector": "verpleeghuiszorg",
    "address": "Lindelaan 12\n3811 AB Amersfoort",
    "invoice_name": "Zorggroep De Linde, crediteurenadministratie",
    "invoice_address": "Postbus 100\n3800 AA Amersfoort",
    "invoice_email": "facturen@delinde.example",
    "po_number": "DL-2026-041",
}


@transaction.atomic
def load(log):
    from django.contrib.auth import get_user_model

    from members.accounts.demo import ADMINISTRATION_EMAIL, DEMO_PASSWORD, ensure_user
    from members.membership import dates

    from . import council
    from .models import CouncilPlan, Organisation, Person

    plans = {}
    for spec in PLANS:
        fields = {k: v for k, v in spec.items() if k != "slug"}
        plans[spec["slug"]], created = CouncilPlan.objects.get_or_create(
            slug=spec["slug"], defaults=fields
        )
        if created:
            log(f"Raadslidmaatschap: {spec['name']} (EUR {spec['yearly_price']})")
    contact, _ = ensure_user(CONTACT_EMAIL, DEMO_PASSWORD, first_name="Marja", last_name="de Linde")
    organisation = Organisation.objects.filter(name=COUNCIL["name"]).first()
    if organisation is None:
        organisation = Organisation.objects.create(**COUNCIL)
        Person.objects.create(organisation=organisation, user=contact, role=Person.Role.CONTACT)
        log(
            f"Cliëntenraad: {organisation.name}, beheerder {CONTACT_EMAIL} / wachtwoord "
            f"{DEMO_PASSWORD}"
        )
    for email, first, last in MEMBER_EMAILS:
        user, _ = ensure_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
        Person.objects.get_or_create(organisation=organisation, user=user)
    today = dates.local_date()
    if not organisation.council_memberships.exists():
        # Asked and paid early in January, but never after today: a demo loaded on 2 January
        # must not hold a membership that starts later that month.
        asked, paid = (min(today, today.replace(month=1, day=day)) for day in (5, 20))
        membership = council.request_membership(
            organisation, plans["pakket-2"], contact, on=asked
        )
        staff = get_user_model().objects.filter(email=ADMINISTRATION_EMAIL).first()
        council.confirm_payment(membership, staff, year=membership.first_year, on=paid)
        log(f"  {plans['pakket-2'].name} betaald voor {membership.first_year}")
