from django.core.management.base import BaseCommand

from members.registrations import payments


class Command(BaseCommand):
    help = ("Paid events: tell the ledenadministratie once about each invoice past its due "
            "date (the registration stays; staff decide). Run daily from cron.")

    def handle(self, *args, **options):
        flagged = payments.flag_overdue()
        self.stdout.write(f"{flagged} overdue invoice(s) reported.")
