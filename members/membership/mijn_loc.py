"""The membership section of Mijn LOC and the membership part of the privacy tools.

All registration calls live here, so a change of the registries touches one file.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from . import dates, privacy
from .models import Membership, Plan, WaitingListEntry

PLANS_CACHE_KEY = "membership:open-plans"


def open_plans():
    """The plans one can join, cached: every Mijn LOC visit lists them, staff rarely edit."""
    plans = cache.get(PLANS_CACHE_KEY)
    if plans is None:
        plans = list(Plan.objects.filter(active=True))
        cache.set(PLANS_CACHE_KEY, plans, 60 * 60)
    return plans


def forget_plans(**kwargs):
    cache.delete(PLANS_CACHE_KEY)


def section_context(request):
    user = request.user
    memberships = list(
        Membership.objects.filter(user=user).select_related("plan", "group")
        .prefetch_related("payments").order_by("-created")[:10]
    )
    today = dates.local_date()
    current = [m for m in memberships if m.status != Membership.Status.ENDED]
    taken = {m.plan_id for m in current}
    for membership in current:
        membership.deadline = dates.cancel_deadline(membership.plan, today.year)
        membership.last_day_to_cancel = dates.day_before(membership.deadline)
        membership.ends_if_cancelled = dates.end_date_if_cancelled(membership.plan)
        membership.renews_on = dates.next_renewal(
            membership.paid_through if membership.paid_through else today)
        # In January, before the renewal has been collected: rights last until the grace end.
        membership.collecting = (membership.paid_through is not None
                                 and membership.paid_through < today)
        # Rights of a failed renewal last until the grace end of the year after the paid one.
        grace = (dates.grace_end(membership.plan, membership.paid_through.year + 1)
                 if membership.paid_through else None)
        membership.grace_end = grace if grace and grace >= today else None
    return {
        "memberships": current,
        "plans": [plan for plan in open_plans() if plan.pk not in taken],
        "waiting": list(WaitingListEntry.objects.filter(user=user).select_related("group")),
    }


def connect():
    from members.accounts import dashboard
    from members.accounts import privacy as registry

    dashboard.register("membership", _("Membership"), "membership/section.html",
                       order=20, get_context=section_context)
    registry.register("memberships", export=privacy.export, erase=privacy.anonymise,
                      prepare=privacy.stop_stripe)
    for signal in (post_save, post_delete):
        signal.connect(forget_plans, sender=Plan, dispatch_uid=f"membership-plans-{signal}")
