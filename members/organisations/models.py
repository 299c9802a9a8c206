"""Client councils (cliëntenraden) as organisations: their people, invitations, their LOC
membership (pakket 1 or 2, paid by the care institution) and the free dagdeel of pakket 2.

The council membership keeps its own small tables instead of an organisation holder on
members.membership's Membership: that model is keyed on a person everywhere (its open-per-plan
constraint, the Stripe customer per account, the checkout and webhooks), and a council always
pays by invoice. The year rules are shared, not copied: the plan has the same rule fields, and
services call members.membership.dates and services.has_rights.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.accounts.models import Sector
from members.membership.models import Membership, Payment

INVITATION_DAYS = 7


class Organisation(models.Model):
    # What the beheerder and staff edit, export and inspect: one list for the form, the admin
    # form, the export and the detail page.
    DETAILS = (
        "name", "institution", "sector", "address", "invoice_name", "invoice_address",
        "invoice_email", "kvk_number", "po_number",
    )

    name = models.CharField(_("name of the client council"), max_length=200)
    institution = models.CharField(_("care institution"), max_length=200)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    address = models.TextField(_("address"), blank=True)
    invoice_name = models.CharField(_("invoice name"), max_length=200)
    invoice_address = models.TextField(_("invoice address"))
    invoice_email = models.EmailField(_("invoice email address"))
    kvk_number = models.CharField(_("KvK number"), max_length=20, blank=True)
    po_number = models.CharField(_("purchase order number"), max_length=100, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Person",
        related_name="councils",
        verbose_name=_("people"),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Person(models.Model):
    """A person's place in a council; a person may be in several councils."""

    class Role(models.TextChoices):
        CONTACT = "contact", _("council administrator")
        MEMBER = "member", _("member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="links", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="council_links",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["role", "user__email"]
        verbose_name = _("person of a council")
        verbose_name_plural = _("people of councils")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="organisations_person_once"
            ),
            # One administrator per council: handing the role on swaps it in one transaction.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(role="contact"),
                name="organisations_one_contact",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class Invitation(models.Model):
    """An invitation by e-mail. The link carries a random token; only its hash is stored, so a
    database copy cannot be used to join a council."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email address"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} – {self.organisation}"

    @property
    def expires_at(self):
        return self.created + timedelta(days=INVITATION_DAYS)

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at


class CouncilPlan(models.Model):
    """LOC-lidmaatschap pakket 1 or 2: a yearly fee staff set, with the netwerk's year rules
    (the same fields, read by members.membership.dates)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    yearly_price = models.DecimalField(_("yearly price (EUR)"), max_digits=8, decimal_places=2)
    free_half_days = models.PositiveSmallIntegerField(
        _("free half-days per year"),
        default=0,
        help_text=_("Half-days of custom service included each calendar year."),
    )
    pro_rata = models.BooleanField(_("pro rata in the first year"), default=False)
    cancel_by_day = models.PositiveSmallIntegerField(_("cancel by (day)"), default=1)
    cancel_by_month = models.PositiveSmallIntegerField(_("cancel by (month)"), default=10)
    joins_from_day = models.PositiveSmallIntegerField(_("late joiners from (day)"), default=1)
    joins_from_month = models.PositiveSmallIntegerField(_("late joiners from (month)"), default=10)
    grace_day = models.PositiveSmallIntegerField(_("renewal grace until (day)"), default=31)
    grace_month = models.PositiveSmallIntegerField(_("renewal grace until (month)"), default=1)
    active = models.BooleanField(_("open for new members"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("council membership plan")
        verbose_name_plural = _("council membership plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_price__gte=0), name="organisations_plan_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(
                    cancel_by_month__gte=1,
                    cancel_by_month__lte=12,
                    cancel_by_day__gte=1,
                    cancel_by_day__lte=31,
                    joins_from_month__gte=1,
                    joins_from_month__lte=12,
                    joins_from_day__gte=1,
                    joins_from_day__lte=31,
                    grace_month__gte=1,
                    grace_month__lte=12,
                    grace_day__gte=1,
                    grace_day__lte=31,
                ),
                name="organisations_plan_dates_valid",
            ),
        ]

    def __str__(self):
        return self.name


class CouncilMembership(models.Model):
    # The netwerk membership's statuses: has_rights() reads them the same way.
    Status = Membership.Status
    OPEN = Membership.OPEN
    MEMBER = Membership.MEMBER

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="council_memberships",
        verbose_name=_("organisation"),
    )
    plan = models.ForeignKey(
        CouncilPlan, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("plan")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Membership.Status.choices,
        default=Membership.Status.PENDING,
        db_index=True,
    )
    starts_on = models.DateField(_("member since"), null=True, blank=True)
    paid_through = models.DateField(_("paid through"), null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    first_year_amount = models.DecimalField(
        _("first-year amount (EUR)"), max_digits=8, decimal_places=2
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    cancel_requested_at = models.DateTimeField(_("cancellation requested"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    stripe_customer_id = models.CharField(_("Stripe customer"), max_length=255, blank=True)
    stripe_invoice_id = models.CharField(_("Stripe invoice"), max_length=255, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("council membership")
        verbose_name_plural = _("council memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=["pending", "processing", "active", "cancelling"]),
                name="organisations_one_open_membership",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.plan}"


class CouncilPayment(models.Model):
    membership = models.ForeignKey(
        CouncilMembership,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("membership"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=8, decimal_places=2)
    # "open": the year's invoice is out (sent by Stripe, or Stripe failed); it becomes "paid"
    # in place once the institution pays, so a year has one row.
    OPEN = "open"
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=[(OPEN, _("invoice open")), *Payment.Status.choices],
    )
    occurred_at = models.DateTimeField(_("date"))
    stripe_invoice_id = models.CharField(_("Stripe invoice"), max_length=255, blank=True)
    invoice_url = models.URLField(_("invoice link"), max_length=500, blank=True)
    invoice_not_sent = models.BooleanField(
        _("invoice not sent by Stripe"),
        default=False,
        help_text=_("Stripe could not send the invoice: send it by hand."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("council payment")
        verbose_name_plural = _("council payments")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year"],
                condition=Q(status="paid"),
                name="organisations_payment_one_paid_per_year",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.amount}"


class FreeHalfDay(models.Model):
    """A free dagdeel of pakket 2, booked by staff on an offering request."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="free_half_days",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    offering_request = models.ForeignKey(
        "offerings.OfferingRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("offering request"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("booked by"),
    )
    booked_by_name = models.CharField(_("booked by"), max_length=255, blank=True)
    created = models.DateTimeField(_("booked"), default=timezone.now)

    class Meta:
        ordering = ["-year", "-created"]
        verbose_name = _("free half-day")
        verbose_name_plural = _("free half-days")
        constraints = [
            models.UniqueConstraint(
                fields=["offering_request"],
                condition=Q(offering_request__isnull=False),
                name="organisations_half_day_once_per_request",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"
