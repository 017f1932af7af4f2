import time

from django.core.management.base import BaseCommand

from tandem.collaboration.tasks import daily_team_notices


class Command(BaseCommand):
    help = (
        "Queue the day's e-mail notices of what waits on team members for the task worker. "
        "Run it from cron beside daily_work, or with --every to keep queueing it (the demo does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Queue again every so many seconds."
        )

    def handle(self, *args, every, **options):
        while True:
            result = daily_team_notices.enqueue()
            self.stdout.write(f"Queued the day's team notices ({result.id}).")
            if not every:
                return
            time.sleep(every)
