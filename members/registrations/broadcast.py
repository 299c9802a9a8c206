"""A mail from staff to every confirmed registrant of one event ("the room has changed").

The form saves a Broadcast (who wrote what, when) and queues `send_broadcast`; the task mails
each person separately (nobody sees the others' addresses) and records when and to how many.
It runs once per Broadcast: a retried task finds `sent_at` set and sends nothing again.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task

from cms.core.locking import lock
from cms.core.mail import send_templated
from cms.core.queue import enqueue_on_commit

from .admin_views import get_event, render, require
from .models import Broadcast, Registration

TEMPLATE = "registrations/admin/email/broadcast"


class BroadcastForm(forms.ModelForm):
    class Meta:
        model = Broadcast
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "body": gettext_lazy("Plain text. The mail starts with “Dear <name>,” and ends "
                                 "with the regards of LOC Cliëntenraden."),
        }


def recipients(event):
    return (Registration.objects.filter(event_id=event.pk,
                                        status=Registration.Status.CONFIRMED)
            .select_related("user").order_by("pk"))


@task()
def send_broadcast(broadcast_pk):
    with transaction.atomic():
        broadcast = (lock(Broadcast.objects.select_related("event"), of=())
                     .filter(pk=broadcast_pk, sent_at__isnull=True).first())
        if broadcast is None:
            return 0
        # Marked before sending: a crash half way must not mail the first half twice.
        broadcast.sent_at = timezone.now()
        broadcast.save(update_fields=["sent_at"])
    sent = 0
    for registration in recipients(broadcast.event):
        user = registration.user
        send_templated(TEMPLATE, [user.email], {
            "name": user.get_full_name() or user.email, "subject": broadcast.subject,
            "body": broadcast.body, "event": broadcast.event,
        })
        sent += 1
    Broadcast.objects.filter(pk=broadcast.pk).update(recipients=sent)
    return sent


def compose(request, pk):
    require(request, "change")
    event = get_event(pk)
    count = recipients(event).count()
    form = BroadcastForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if count == 0:
            form.add_error(None, _("This event has no confirmed registrants to mail."))
        else:
            broadcast = form.save(commit=False)
            broadcast.event = event
            broadcast.sent_by = request.user
            broadcast.recipients = count
            broadcast.save()
            enqueue_on_commit(send_broadcast, broadcast.pk)
            messages.success(request, ngettext(
                "The mail is being sent to %(count)d confirmed registrant.",
                "The mail is being sent to %(count)d confirmed registrants.", count,
            ) % {"count": count})
            return redirect("registration_admin:event", pk=event.pk)
    return render(request, "registrations/admin/mail.html", event,
                  _("Mail the confirmed registrants"), {"form": form, "count": count})
