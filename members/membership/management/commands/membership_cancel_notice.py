from django.core.management.base import BaseCommand

from members.membership import notices


class Command(BaseCommand):
    help = ("Mail every running membership that cancelling ends it this year until the plan's "
            "deadline (for cron in September). Safe to rerun: one notice per membership a year.")

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=30,
                            help="Only within this many days before the deadline (default 30).")

    def handle(self, *args, **options):
        sent = notices.send_cancel_window_notices(days_before=options["days_before"])
        self.stdout.write(f"{sent} notice(s) queued.")
