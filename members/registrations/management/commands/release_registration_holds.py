from django.core.management.base import BaseCommand

from members.registrations import checkout


class Command(BaseCommand):
    help = ("Paid events: give an offered place not taken in time to the next person on the "
            "waiting list, and free a seat whose payment was not completed (the Stripe "
            "session is closed first). Run every few minutes from cron; safe to repeat.")

    def handle(self, *args, **options):
        handled = checkout.release_lapsed()
        self.stdout.write(f"{handled} hold(s) released.")
