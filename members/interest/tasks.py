from django.utils import formats, timezone
from django_tasks import task

from cms.core.links import absolute
from cms.core.mail import send_templated


@task()
def mail_registration_open(interest_pk):
    from .models import Interest

    interest = Interest.objects.select_related("event", "user").filter(pk=interest_pk).first()
    if interest is None:  # withdrawn or the account erased since
        return
    event, user = interest.event, interest.user
    first = event.first_session()
    send_templated("interest/email/registration_open", [user.email], {
        "name": user.first_name or user.email, "event": event,
        "first_day": formats.date_format(timezone.localtime(first.start), "l j F Y")
        if first else "",
        "url": absolute(f"{event.url}#aanmelden"),
        "closes": event.registration_closes,
    })
