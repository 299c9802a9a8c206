from django.core.management.base import BaseCommand

from members.membership import services


class Command(BaseCommand):
    help = "End cancelled memberships whose end date has passed (daily, for cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{services.expire()} membership(s) ended.")
