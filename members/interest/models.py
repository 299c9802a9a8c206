"""Interest lists: "Houd mij op de hoogte" on an event whose registration is not open yet
(the leergang announces its next run long before it opens). Each person is mailed once, when
registration opens."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Interest(models.Model):
    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE,
                              related_name="interested", verbose_name=_("event"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="interests", verbose_name=_("person"))
    created_at = models.DateTimeField(_("on the list since"), default=timezone.now)
    # Set in the transaction that queues the mail: a second cron run finds nobody to mail.
    notified_at = models.DateTimeField(_("mailed on"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("interested person")
        verbose_name_plural = _("interest lists")
        constraints = [models.UniqueConstraint(fields=["event", "user"],
                                               name="interest_once_per_person")]
        indexes = [models.Index(fields=["notified_at", "event"])]

    def __str__(self):
        return f"{self.user} \u2013 {self.event}"
