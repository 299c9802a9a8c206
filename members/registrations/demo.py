"""Demo registrations: a netwerk sparsessie that is full with a waiting list, and an open
netwerkbijeenkomst, so `make run` shows every state of the registration box.

Log in as the netwerklid (lid@loc.example): registered for the full sparsessie; cancel, and
the first on the waiting list gets the place. deelnemer@loc.example has an account but no
membership: the sparsessie says it is for netwerk members, the netwerkbijeenkomst is open.
Made once: a second run, or a run after someone cancelled, changes nothing.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

# After the agenda (50) and the plans (60).
ORDER = 70

MEMBER_EMAIL = "lid@loc.example"
GUEST_EMAIL = "deelnemer@loc.example"
# (email, first name, last name): the other netwerk members filling the sparsessie.
OTHERS = [
    ("ondersteuner1@loc.example", "Karin", "Mulder"),
    ("ondersteuner2@loc.example", "Ahmed", "El Amrani"),
    ("ondersteuner3@loc.example", "Petra", "de Boer"),
    ("ondersteuner4@loc.example", "Joost", "Visser"),
]
SPARSESSIE = "sparsessie-netwerk-volgend-jaar-1"
MEETING = "netwerkbijeenkomst-voorjaar"
SPAR_CAPACITY = 3


def ensure_network_membership(user, plan):
    from members.membership.models import Membership

    today = timezone.localdate()
    Membership.objects.get_or_create(user=user, plan=plan, status__in=Membership.OPEN, defaults={
        "status": Membership.Status.ACTIVE, "starts_on": today - timedelta(days=30),
        # Paid well past the demo's sparsessies, which are counted from today.
        "paid_through": date(today.year + 1, 12, 31), "first_year": today.year,
        "first_year_amount": plan.yearly_price, "billing_name": user.get_full_name(),
        "billing_organisation": "Zorggroep De Linde",
        "billing_address": "Lindelaan 1\n3511 AB Utrecht", "billing_email": user.email,
    })


def _small_and_with_a_waiting_list(event):
    """The demo agenda's netwerk sparsessies have no limit; this one gets a few seats, once,
    as an editor would (a published revision), so the waiting list shows."""
    if event.capacity is not None or event.has_unpublished_changes:
        return False
    event.capacity = SPAR_CAPACITY
    event.waiting_list = True
    event.save_revision().publish()
    return True


@transaction.atomic
def load(log):
    from cms.events.models import EventPage
    from members.accounts.demo import DEMO_PASSWORD, ensure_user
    from members.membership.models import Plan

    from . import notifications

    plan = Plan.objects.filter(slug="netwerk").first()
    spar = EventPage.objects.filter(slug=SPARSESSIE).first()
    meeting = EventPage.objects.filter(slug=MEETING).first()
    if plan is None or spar is None or meeting is None:
        log("No netwerk plan or demo events: no demo registrations.")
        return
    member, _ = ensure_user(MEMBER_EMAIL, DEMO_PASSWORD, first_name="Nora",
                            last_name="Jansen", organisation="Zorggroep De Linde")
    guest, _ = ensure_user(GUEST_EMAIL, DEMO_PASSWORD, first_name="Sem", last_name="Bakker",
                           organisation="Cliëntenraad Het Anker")
    others = [ensure_user(email, DEMO_PASSWORD, first_name=first, last_name=last)[0]
              for email, first, last in OTHERS]
    for user in (member, *others):
        ensure_network_membership(user, plan)
    if _small_and_with_a_waiting_list(spar):
        spar.refresh_from_db()
    with notifications.silenced():  # example addresses: no confirmation mails, no reminders
        _register_demo(spar, meeting, member, others, log)
    for role, user in (("Netwerklid (aangemeld, met wachtlijst)", member),
                       ("Deelnemer zonder lidmaatschap", guest)):
        if user.check_password(DEMO_PASSWORD):
            log(f"{role}: {user.email} / wachtwoord {DEMO_PASSWORD}")
        else:
            log(f"{role}: {user.email} (wachtwoord is sinds de eerste keer gewijzigd)")


def _register_demo(spar, meeting, member, others, log):
    from . import services
    from .models import Registration

    if not Registration.objects.filter(event=spar).exists():
        # The member and two others take the three seats; two more wait, in this order.
        for user, answer in ((others[0], "Hoe houd ik de raad bij de les in de zomer?"),
                             (member, "Samenwerken met een nieuwe bestuurder"),
                             (others[1], ""), (others[2], "Werving van nieuwe raadsleden"),
                             (others[3], "")):
            services.register(user, spar, answer)
        log(f"Aanmeldingen: {spar.title} is vol (3 plaatsen) met 2 op de wachtlijst.")
    if not Registration.objects.filter(event=meeting).exists():
        for user in others[:2]:
            services.register(user, meeting)
        log(f"Aanmeldingen: {meeting.title} staat open (2 aangemeld).")
