"""Yearly memberships: plans staff edit, the site's mirror of each membership, its payments.

Stripe is the source of truth for online payments; `Membership` keeps what the site needs to
answer "is this person a member on this date" without asking Stripe. Every state change goes
through `services.py` (one transaction, membership row locked).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    benefits = models.TextField(
        _("what members get"), blank=True,
        help_text=_("One benefit per line; shown as a list on the membership card in Mijn LOC "
                    "and on the join page."))
    yearly_price = models.DecimalField(_("yearly price (EUR)"), max_digits=8, decimal_places=2)
    # The network plan is what `is_network_member` asks about; intervisie is not.
    is_network = models.BooleanField(
        _("counts as network membership"), default=False,
        help_text=_("Members of this plan are network members (e.g. for members-only events)."),
    )
    pro_rata = models.BooleanField(
        _("pro rata in the first year"), default=False,
        help_text=_("Joining mid-year pays for the whole months left instead of the full fee."),
    )
    cancel_by_day = models.PositiveSmallIntegerField(_("cancel by (day)"), default=1)
    cancel_by_month = models.PositiveSmallIntegerField(_("cancel by (month)"), default=10)
    joins_from_day = models.PositiveSmallIntegerField(
        _("late joiners from (day)"), default=1,
        help_text=_("Who joins on or after this day pays once for the next calendar year and "
                    "is a member from the payment until 31 December of that year."))
    joins_from_month = models.PositiveSmallIntegerField(_("late joiners from (month)"),
                                                        default=10)
    grace_day = models.PositiveSmallIntegerField(
        _("renewal grace until (day)"), default=31,
        help_text=_("While a renewal is being collected, members keep their rights until this "
                    "day of January (or later month)."))
    grace_month = models.PositiveSmallIntegerField(_("renewal grace until (month)"), default=1)
    active = models.BooleanField(_("open for new members"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    stripe_product_id = models.CharField(_("Stripe product"), max_length=255, blank=True)
    stripe_price_id = models.CharField(_("Stripe yearly price"), max_length=255, blank=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("membership plan")
        verbose_name_plural = _("membership plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(cancel_by_month__gte=1, cancel_by_month__lte=12,
                            cancel_by_day__gte=1, cancel_by_day__lte=31),
                name="membership_plan_cancel_by_valid",
            ),
            models.CheckConstraint(condition=Q(yearly_price__gte=0),
                                   name="membership_plan_price_not_negative"),
            models.CheckConstraint(
                condition=Q(joins_from_month__gte=1, joins_from_month__lte=12,
                            joins_from_day__gte=1, joins_from_day__lte=31,
                            grace_month__gte=1, grace_month__lte=12,
                            grace_day__gte=1, grace_day__lte=31),
                name="membership_plan_joins_from_and_grace_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def cancel_month_name(self):
        from django.utils.dates import MONTHS

        return MONTHS[self.cancel_by_month]

    @property
    def benefit_list(self):
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]

    @property
    def has_groups(self):
        return self.groups.exists()


class PlanGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups",
                             verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=12)
    active = models.BooleanField(_("open for new members"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "sort_order", "name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="membership_group_unique_name"),
        ]

    def __str__(self):
        return f"{self.plan.name}: {self.name}"


class Membership(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending payment")
        PROCESSING = "processing", _("payment in progress")
        ACTIVE = "active", _("active")
        PAST_DUE = "past_due", _("past due")
        CANCELLING = "cancelling", _("cancelled, runs until end date")
        ENDED = "ended", _("ended")

    class Method(models.TextChoices):
        ONLINE = "online", _("online payment")
        INVOICE = "invoice", _("invoice")

    # Statuses that hold a place in a group and block a second membership of the same plan.
    OPEN = (Status.PENDING, Status.PROCESSING, Status.ACTIVE, Status.CANCELLING)
    # Statuses that may count as a member (paid through the date, or renewing within grace).
    MEMBER = (Status.ACTIVE, Status.CANCELLING, Status.PAST_DUE)

    # Null once the account is deleted: payment records stay (fiscal retention, 7 years).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="memberships",
                             verbose_name=_("member"))
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name=_("plan"))
    group = models.ForeignKey(PlanGroup, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="memberships", verbose_name=_("group"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    payment_method = models.CharField(_("payment method"), max_length=20,
                                      choices=Method.choices, default=Method.INVOICE)
    starts_on = models.DateField(_("member since"), null=True, blank=True)
    paid_through = models.DateField(_("paid through"), null=True, blank=True)
    # What the first year costs (full fee or pro rata), fixed when joining.
    first_year = models.PositiveSmallIntegerField(_("first year"))
    first_year_amount = models.DecimalField(_("first-year amount (EUR)"), max_digits=8,
                                            decimal_places=2)
    billing_name = models.CharField(_("name"), max_length=200)
    billing_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    billing_address = models.TextField(_("invoice address"))
    billing_email = models.EmailField(_("invoice email address"))
    po_number = models.CharField(_("purchase order number"), max_length=100, blank=True)
    cancel_requested_at = models.DateTimeField(_("cancellation requested"), null=True,
                                               blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    stripe_customer_id = models.CharField(_("Stripe customer"), max_length=255, blank=True)
    stripe_subscription_id = models.CharField(_("Stripe subscription"), max_length=255,
                                              blank=True, db_index=True)
    stripe_checkout_session_id = models.CharField(_("Stripe Checkout session"),
                                                  max_length=255, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # The database's last word on "one membership per plan": two racing joins cannot
            # both create an open row even if a lock were forgotten.
            models.UniqueConstraint(
                fields=["user", "plan"], condition=Q(status__in=["pending", "processing",
                                                                "active", "cancelling"]),
                name="membership_one_open_per_plan",
            ),
        ]

    def __str__(self):
        return f"{self.billing_name} – {self.plan.name}"

    @property
    def is_open(self):
        return self.status in self.OPEN


class Payment(models.Model):
    """One received (or failed) payment. Kept 7 years, also after the account is deleted."""

    class Status(models.TextChoices):
        PAID = "paid", _("paid")
        # Money for a year that was already paid: staff refund it, it never buys another year.
        OVERPAID = "overpaid", _("paid twice: refund")
        FAILED = "failed", _("failed")
        DISPUTED = "disputed", _("disputed")

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT,
                                   related_name="payments", verbose_name=_("membership"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=8, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    method = models.CharField(_("payment method"), max_length=20,
                              choices=Membership.Method.choices)
    occurred_at = models.DateTimeField(_("date"))
    stripe_invoice_id = models.CharField(_("Stripe invoice"), max_length=255, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=100, blank=True)
    invoice_url = models.URLField(_("invoice link"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            # A Stripe invoice is recorded once per outcome, however often its webhook comes.
            models.UniqueConstraint(fields=["stripe_invoice_id", "status"],
                                    condition=~Q(stripe_invoice_id=""),
                                    name="membership_payment_invoice_once"),
            # The database's last word on "a year is paid once", whatever path the money took.
            models.UniqueConstraint(fields=["membership", "year"], condition=Q(status="paid"),
                                    name="membership_payment_one_paid_per_year"),
        ]

    def __str__(self):
        return f"{self.year} {self.amount} ({self.get_status_display()})"


class WaitingListEntry(models.Model):
    group = models.ForeignKey(PlanGroup, on_delete=models.CASCADE, related_name="waiting",
                              verbose_name=_("group"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="membership_waiting", verbose_name=_("member"))
    created = models.DateTimeField(_("on the list since"), auto_now_add=True)
    notified_at = models.DateTimeField(_("told about a free place"), null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_waiting_once"),
        ]

    def __str__(self):
        return f"{self.user} – {self.group}"


class StaffAction(models.Model):
    """Who did what to a membership in the admin, and when."""

    class Kind(models.TextChoices):
        CONFIRM_INVOICE = "confirm_invoice", _("invoice payment confirmed")
        MOVE_GROUP = "move_group", _("moved to another group")
        END = "end", _("membership ended")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE,
                                   related_name="staff_actions", verbose_name=_("membership"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("staff member"))
    actor_name = models.CharField(_("staff member"), max_length=255)
    kind = models.CharField(_("action"), max_length=30, choices=Kind.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("staff action")
        verbose_name_plural = _("staff actions")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.actor_name})"


class Notice(models.Model):
    """A mail sent once per membership and year (the September cancel notice)."""

    class Kind(models.TextChoices):
        CANCEL_WINDOW = "cancel_window", _("cancel deadline notice")
        RIGHTS_ENDED = "rights_ended", _("renewal not paid: rights ended")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE,
                                   related_name="notices")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    year = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "kind", "year"],
                                    name="membership_notice_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.year}"


class StripeEvent(models.Model):
    """Each webhook event once, by Stripe's id: a redelivery finds its row and does nothing."""

    event_id = models.CharField(_("Stripe event"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("applied"), null=True, blank=True)
    # Not before this moment: a worker's claim while it applies the event, or the backoff
    # after a failed attempt. Another delivery or worker leaves the event alone until then.
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    payload = models.JSONField()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.type} {self.event_id}"


class StripeCustomer(models.Model):
    """The one Stripe customer of an account, reused by every checkout and invoice: a failed or
    repeated join never leaves another customer behind in Stripe."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="stripe_customer")
    customer_id = models.CharField(max_length=255, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.customer_id
