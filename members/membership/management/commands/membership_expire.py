from django.core.management.base import BaseCommand

from members.membership import checkout, services


class Command(BaseCommand):
    help = ("End cancelled memberships whose end date has passed, and end the rights of "
            "renewals not paid by the grace end (daily, for cron).")

    def handle(self, *args, **options):
        self.stdout.write(f"{services.expire()} membership(s) ended.")
        self.stdout.write(f"{checkout.lapse_unpaid()} unpaid renewal(s) ended.")
