from django.core.management.base import BaseCommand, CommandError

from members.membership import gateway
from members.membership.models import Plan


class Command(BaseCommand):
    help = "Create or find the Stripe product and yearly price of every plan. Safe to rerun."

    def handle(self, *args, **options):
        if not gateway.enabled():
            raise CommandError("STRIPE_SECRET_KEY is not set: Stripe is off.")
        failed = []
        for plan in Plan.objects.all():
            try:
                product, price = gateway.sync_plan(plan)
            except gateway.StripeFailure as exc:
                # Each plan's own cause (the log has Stripe's words); the others still sync.
                cause = exc.__cause__ or exc
                self.stderr.write(f"{plan.slug}: {type(cause).__name__}: {cause}")
                failed.append(plan.slug)
                continue
            Plan.objects.filter(pk=plan.pk).update(stripe_product_id=product,
                                                   stripe_price_id=price)
            self.stdout.write(f"{plan.slug}: {product} {price}")
        if failed:
            raise CommandError(f"Not synced: {', '.join(failed)}")
