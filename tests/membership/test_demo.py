import pytest

from members.membership import demo
from members.membership.models import Plan, PlanGroup

pytestmark = pytest.mark.django_db


def test_demo_creates_both_plans_and_groups_once():
    messages = []
    demo.load(messages.append)
    demo.load(messages.append)
    netwerk = Plan.objects.get(slug="netwerk")
    intervisie = Plan.objects.get(slug="intervisie")
    assert (str(netwerk.yearly_price), netwerk.is_network) == ("450.00", True)
    assert (str(intervisie.yearly_price), intervisie.is_network) == ("465.00", False)
    assert list(intervisie.groups.values_list("name", flat=True)) == [
        "dinsdagochtend", "dinsdagmiddag", "vrijdagochtend"]
    assert PlanGroup.objects.count() == 3
    assert len(messages) == 5  # two plans, three groups; nothing the second time


def test_demo_keeps_what_staff_changed():
    demo.load(lambda message: None)
    Plan.objects.filter(slug="netwerk").update(yearly_price="475.00")
    demo.load(lambda message: None)
    assert str(Plan.objects.get(slug="netwerk").yearly_price) == "475.00"
