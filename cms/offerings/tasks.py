"""Mail for offering requests, run by the task worker in production (immediate in dev/tests)."""

from django_tasks import task

from cms.core.mail import send_templated


@task()
def mail_request(request_pk, vraagbaak_email, offering_url, site_name):
    """One mail to the Vraagbaak, one confirmation to the requester."""
    from .models import OfferingRequest

    offering_request = OfferingRequest.objects.filter(pk=request_pk).first()
    if offering_request is None:
        return
    context = {
        "request_obj": offering_request, "offering_url": offering_url, "site_name": site_name,
        "vraagbaak_email": vraagbaak_email,
    }
    send_templated("offerings/email/vraagbaak", [vraagbaak_email], context,
                   reply_to=[offering_request.email])
    send_templated("offerings/email/confirmation", [offering_request.email], context,
                   reply_to=[vraagbaak_email])
