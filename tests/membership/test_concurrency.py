"""Racing joins on PostgreSQL: the group row lock lets exactly one take the last place."""

import pytest

from members.membership import services
from members.membership.models import Membership
from tests.factories import UserFactory
from tests.races import race

from .factories import BILLING, GroupFactory, MembershipFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_joins_for_the_last_place_give_exactly_one():
    group = GroupFactory(capacity=3)
    MembershipFactory.create_batch(2, plan=group.plan, group=group)
    users = UserFactory.create_batch(20)
    results, _ = race(20, lambda i: services.join(users[i], group.plan, group=group,
                                               payment_method="invoice", billing=BILLING))
    joined = [r for r in results if isinstance(r, Membership)]
    refused = [r for r in results if isinstance(r, services.GroupFull)]
    assert len(joined) == 1
    assert len(refused) == 19
    assert Membership.objects.filter(group=group, status__in=Membership.OPEN).count() == 3


def test_one_member_double_joining_concurrently_gets_one_membership():
    user = UserFactory()
    group = GroupFactory(capacity=5)
    results, _ = race(10, lambda i: services.join(user, group.plan, group=group,
                                               payment_method="invoice", billing=BILLING))
    assert all(isinstance(r, Membership) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Membership.objects.filter(user=user).count() == 1
