from django.core.management.base import BaseCommand

from members.registrations import reminders


class Command(BaseCommand):
    help = ("Send the reminder to confirmed registrants of sessions starting within the next "
            "36 hours. Safe to run as often as you like (hourly or daily from cron): each "
            "registration gets one reminder per session.")

    def handle(self, *args, **options):
        sent = reminders.send_due()
        self.stdout.write(f"{sent} reminder(s) sent.")
