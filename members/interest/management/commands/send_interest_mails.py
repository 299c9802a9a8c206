from django.core.management.base import BaseCommand

from members.interest import services


class Command(BaseCommand):
    help = ("Mail the people on the interest list of each event whose registration has "
            "opened. Each person is mailed once; safe to run as often as you like (every "
            "15 minutes from cron).")

    def handle(self, *args, **options):
        mailed = services.mail_opened()
        self.stdout.write(f"{mailed} interested person(s) mailed.")
