import time

from django.core.management.base import BaseCommand

from tandem.evaluation.tasks import daily_evaluation_work


class Command(BaseCommand):
    help = (
        "Queue the day's evaluation work (locking closed summatives, reminders) for the task "
        "worker. Run it from cron, or with --every to keep queueing it (the demo does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Queue again every so many seconds."
        )

    def handle(self, *args, every, **options):
        while True:
            result = daily_evaluation_work.enqueue()
            self.stdout.write(f"Queued the daily evaluation work ({result.id}).")
            if not every:
                return
            time.sleep(every)
