"""Registrations for events: a seat, a place on the waiting list, or a cancelled row kept for
the record. Every state change goes through `services.py` (one transaction, event row locked).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")
        # Paid events: the seat is held while the person pays (an open Checkout Session),
        # or offered to the first on the waiting list until `hold_until`.
        RESERVED = "reserved", _("reserved, payment under way")
        OFFERED = "offered", _("place offered")

    ACTIVE = (Status.CONFIRMED, Status.WAITING, Status.RESERVED, Status.OFFERED)
    # What takes a seat: a reservation or an offer counts against the capacity as a
    # confirmation does, so two payers can never be sold the same last seat.
    SEATED = (Status.CONFIRMED, Status.RESERVED, Status.OFFERED)

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE,
                              related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="registrations", verbose_name=_("person"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    answer = models.TextField(
        _("theme or question brought in"), blank=True, max_length=1000,
        help_text=_("The answer to “Which theme or question would you like to bring "
                    "in?”"),
    )
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    # Waiting-list order is (queued_at, id): the moment someone joined the list.
    queued_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    # A reservation or an offer lapses at this moment (paid events only).
    hold_until = models.DateTimeField(_("held until"), null=True, blank=True)
    # Staff who added or cancelled this registration for someone; empty when the person did.
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+",
                                 verbose_name=_("added by"))
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("cancelled by"))
    # None until staff record attendance.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # A double click or two tabs can never give one person two live registrations.
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["confirmed", "waiting", "reserved", "offered"]),
                name="registration_one_active_per_person",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self):
        return f"{self.user} \u2013 {self.event} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in self.ACTIVE


class Reminder(models.Model):
    """One reminder sent for one session of a registration: the unique pair is what makes
    `send_event_reminders` safe to run as often as cron likes."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="reminders")
    session = models.ForeignKey("events.EventSession", on_delete=models.CASCADE,
                                related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "session"],
                                               name="registration_reminder_once")]

    def __str__(self):
        return f"{self.registration} @ {self.session_id}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's personal calendar feed: a secret URL that calendars poll without logging
    in. Revoking replaces the token, so the old URL stops working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user}"

    def renew(self):
        self.token = new_feed_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])


class AnnouncedSchedule(models.Model):
    """The session times registrants were last told, as a fingerprint: publishing an event
    with other times is a move, and only then do its registrants get a mail."""

    event = models.OneToOneField("events.EventPage", on_delete=models.CASCADE,
                                 primary_key=True, related_name="+")
    fingerprint = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.event_id}: {self.fingerprint}"


class Broadcast(models.Model):
    """A mail staff sent to every confirmed registrant of one event: who sent what, when,
    and to how many. The task fills `sent_at` and `recipients` once the mails are out."""

    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE,
                              related_name="broadcasts", verbose_name=_("event"))
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, related_name="+", verbose_name=_("sent by"))
    created_at = models.DateTimeField(_("written on"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mail to registrants")
        verbose_name_plural = _("mails to registrants")

    def __str__(self):
        return self.subject


class Payment(models.Model):
    """Money for one registration: what was asked, paid and refunded. Kept seven years (fiscal
    retention): erasing the account clears `user` and `registration`, never the amounts."""

    class Method(models.TextChoices):
        ONLINE = "online", _("online (iDEAL or card)")
        INVOICE = "invoice", _("invoice")

    class Status(models.TextChoices):
        OPEN = "open", _("awaiting payment")
        PROCESSING = "processing", _("payment processing")
        PAID = "paid", _("paid")
        EXPIRED = "expired", _("expired")
        FAILED = "failed", _("failed")
        REFUNDED = "refunded", _("refunded")
        CREDITED = "credited", _("credit note issued")

    registration = models.ForeignKey(Registration, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="payments",
                                     verbose_name=_("registration"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+", verbose_name=_("person"))
    event = models.ForeignKey("events.EventPage", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("event"))
    # The title at the time of payment: what the receipt said, also after the page is gone.
    description = models.CharField(_("description"), max_length=255)
    amount = models.DecimalField(_("amount (incl. VAT)"), max_digits=8, decimal_places=2)
    vat_rate = models.CharField(_("VAT rate"), max_length=6)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices,
                              default=Method.ONLINE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    stripe_checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    amount_refunded = models.DecimalField(_("refunded"), max_digits=8, decimal_places=2,
                                          default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid on"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded on"), null=True, blank=True)
    # On invoice (organisations): who is invoiced, and until when; erased with the account.
    billing_name = models.CharField(_("name"), max_length=200, blank=True)
    billing_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    billing_address = models.TextField(_("invoice address"), max_length=1000, blank=True)
    billing_email = models.EmailField(_("email address for the invoice"), blank=True)
    po_number = models.CharField(_("purchase order number"), max_length=30, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    stripe_invoice_id = models.CharField(max_length=255, blank=True, db_index=True)
    invoice_number = models.CharField(_("invoice number"), max_length=64, blank=True)
    hosted_invoice_url = models.URLField(_("invoice link"), max_length=500, blank=True)
    # Staff were told once that the invoice is past its due date (never cancelled for it).
    overdue_flagged_at = models.DateTimeField(_("reported overdue on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("registration payment")
        verbose_name_plural = _("registration payments")

    def __str__(self):
        return f"{self.description}: € {self.amount} ({self.get_status_display()})"

    @property
    def is_overdue(self):
        return (self.method == self.Method.INVOICE and self.status == self.Status.OPEN
                and self.due_date is not None and self.due_date < timezone.localdate())
