from django.core.management.base import BaseCommand

from members.membership import webhooks


class Command(BaseCommand):
    help = ("Apply stored Stripe events whose earlier attempt failed (Stripe was unreachable), "
            "once their backoff has passed. For cron, every few minutes.")

    def handle(self, *args, **options):
        done = sum(webhooks.process(pk) for pk in webhooks.pending().values_list("pk", flat=True))
        left = webhooks.pending().count()
        self.stdout.write(f"{done} event(s) applied, {left} still waiting.")
