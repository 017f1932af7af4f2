import time

from django.core.management.base import BaseCommand

from tandem.dashboards.tasks import decide_published_figures


class Command(BaseCommand):
    help = (
        "Queue the decision of what readers of aggregates only are shown, every year at once, "
        "for the task worker. Run it daily from cron, or with --every to keep queueing it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Queue again every so many seconds."
        )

    def handle(self, *args, every, **options):
        while True:
            result = decide_published_figures.enqueue()
            self.stdout.write(f"Queued the decision of the published figures ({result.id}).")
            if not every:
                return
            time.sleep(every)
