from decimal import Decimal

import factory

from members.membership.models import Membership, Plan, PlanGroup
from tests.factories import UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ("slug",)

    name = "Netwerk ondersteuners cliëntenraden"
    slug = "netwerk"
    yearly_price = Decimal("450.00")
    is_network = True


class IntervisiePlanFactory(PlanFactory):
    name = "Intervisie ondersteuners"
    slug = "intervisie"
    yearly_price = Decimal("465.00")
    is_network = False


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGroup

    plan = factory.SubFactory(IntervisiePlanFactory)
    name = factory.Sequence(lambda n: f"groep {n}")
    capacity = 8


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    plan = factory.SubFactory(PlanFactory)
    status = Membership.Status.ACTIVE
    payment_method = Membership.Method.INVOICE
    first_year = 2026
    first_year_amount = Decimal("450.00")
    starts_on = factory.LazyFunction(lambda: __import__("datetime").date(2026, 1, 1))
    paid_through = factory.LazyFunction(lambda: __import__("datetime").date(2026, 12, 31))
    billing_name = "Anna de Vries"
    billing_organisation = "Cliëntenraad De Linde"
    billing_address = "Lindelaan 1\n1234 AB Utrecht"
    billing_email = factory.LazyAttribute(lambda m: m.user.email if m.user else "a@example.nl")


BILLING = {
    "billing_name": "Anna de Vries", "billing_organisation": "Cliëntenraad De Linde",
    "billing_address": "Lindelaan 1\n1234 AB Utrecht", "billing_email": "factuur@linde.nl",
    "po_number": "PO-1",
}
