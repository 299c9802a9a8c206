"""Demo plans: the netwerk and the intervisie groups, as staff would set them up."""

from decimal import Decimal

from django.db import transaction

from members.accounts.staff import LEDENADMINISTRATIE

# After accounts (25); plans need nothing else.
ORDER = 60

PLANS = [
    {"slug": "netwerk", "name": "Netwerk ondersteuners cliëntenraden",
     "yearly_price": Decimal("450.00"), "is_network": True, "sort_order": 10,
     "description": "Het netwerk voor ondersteuners van cliëntenraden: bijeenkomsten, "
                    "sparsessies en uitwisseling met collega's.",
     "benefits": "Twee netwerkbijeenkomsten per jaar met collega-ondersteuners\n"
                 "De digitale sparsessies, alleen voor leden\n"
                 "Twee keer per jaar de nieuwsbrief voor ondersteuners",
     "groups": []},
    {"slug": "intervisie", "name": "Intervisie ondersteuners",
     "yearly_price": Decimal("465.00"), "is_network": False, "sort_order": 20,
     "description": "Intervisie in een vaste groep ondersteuners, onder begeleiding.",
     "benefits": "Vijf bijeenkomsten per jaar in een kleine, vaste groep\n"
                 "Begeleid door een psycholoog en trainer\n"
                 "Kies uw groep: dinsdagochtend, dinsdagmiddag of vrijdagochtend",
     "groups": ["dinsdagochtend", "dinsdagmiddag", "vrijdagochtend"]},
]
GROUP_CAPACITY = 8


@transaction.atomic
def load(log):
    from .models import Plan, PlanGroup

    for spec in PLANS:
        fields = {key: value for key, value in spec.items() if key not in ("slug", "groups")}
        # Only created, never updated: staff may have changed the price or deadline since.
        plan, created = Plan.objects.get_or_create(slug=spec["slug"], defaults=fields)
        if created:
            log(f"Lidmaatschap: {plan.name} (EUR {plan.yearly_price})")
        elif not plan.benefits:  # a demo loaded before plans had benefits; staff's stay
            plan.benefits = fields["benefits"]
            plan.save(update_fields=["benefits"])
        for order, name in enumerate(spec["groups"]):
            _group, created = PlanGroup.objects.get_or_create(
                plan=plan, name=name,
                defaults={"capacity": GROUP_CAPACITY, "sort_order": order},
            )
            if created:
                log(f"  groep {name} ({GROUP_CAPACITY} plaatsen)")


# The membership administration's role is one of the staff roles `migrate` keeps in step
# (members/accounts/staff.py): the membership screens in the admin, no pages.
STAFF_GROUP = LEDENADMINISTRATIE
