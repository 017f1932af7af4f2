from django.core.management.base import BaseCommand

from tandem.licensure.tasks import daily_renewal_reminders


class Command(BaseCommand):
    help = "Queue the day's reminders before licenses expire for the task worker (from cron)."

    def handle(self, *args, **options):
        result = daily_renewal_reminders.enqueue()
        self.stdout.write(f"Queued the day's renewal reminders ({result.id}).")
