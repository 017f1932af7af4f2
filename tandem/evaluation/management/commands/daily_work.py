import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Queue the day's work of every app (settings.DAILY_WORK: locking closed summatives, "
        "reminders, lapsing offers, renewal reminders) for the task worker. Run it from cron, "
        "or with --every to keep queueing it (the demo does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Queue again every so many seconds."
        )

    def handle(self, *args, every, **options):
        tasks = [import_string(path) for path in settings.DAILY_WORK]
        while True:
            for task in tasks:
                result = task.enqueue()
                self.stdout.write(f"Queued {task.name} ({result.id}).")
            if not every:
                return
            time.sleep(every)
