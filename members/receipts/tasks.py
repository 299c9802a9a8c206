from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cms.core.links import absolute
from cms.core.mail import send_templated


@task()
def mail_receipt(receipt_pk):
    """Mail the receipt once; a rerun of the task after a crash mails nobody twice."""
    from .models import Receipt

    receipt = Receipt.objects.filter(pk=receipt_pk, mailed_at__isnull=True).first()
    if receipt is None or not receipt.email:
        return
    send_templated("receipts/email/receipt", [receipt.email], {
        "receipt": receipt, "name": receipt.name or receipt.email,
        "url": absolute(reverse("receipts:detail", args=[receipt.number])),
    })
    Receipt.objects.filter(pk=receipt.pk).update(mailed_at=timezone.now())
