import time

from django.core.management.base import BaseCommand

from tandem.insights import services
from tandem.insights.tasks import insights_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the precomputed insights figures now, or with --queue leave it to the task "
        "worker. Run it from cron with --queue once a day, or with --every to keep queueing it "
        "(the demo does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue it for the worker.")
        parser.add_argument(
            "--every", type=int, default=0, help="Queue again every so many seconds."
        )

    def handle(self, *args, queue, every, **options):
        if not (queue or every):
            build = services.figures_refresh()
            self.stdout.write(
                f"Rebuilt the insights figures as of {build.built_at:%Y-%m-%d %H:%M}."
            )
            return
        while True:
            result = insights_refresh.enqueue()
            self.stdout.write(f"Queued the insights figures' rebuild ({result.id}).")
            if not every:
                return
            time.sleep(every)
