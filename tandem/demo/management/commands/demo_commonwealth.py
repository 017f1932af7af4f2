import datetime
import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tandem.demo import accounts, commonwealth


class Command(BaseCommand):
    help = "Generate the demo Commonwealth (demo mode only: its accounts have a public password)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--scale", type=int, default=1, help="1 is about 600 educators.")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The date the demo treats as today (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when a demo is already loaded."
        )

    def handle(self, *args, seed, scale, today, if_empty, **options):
        if commonwealth.demo_loaded():
            if if_empty:
                self.stdout.write("The demo Commonwealth is already loaded.")
                self.print_accounts()
                return
            raise CommandError("The database already holds a Commonwealth; use an empty database.")
        started = time.monotonic()
        with tqdm(total=3 * scale, unit="district", disable=None) as bar:
            try:
                summary = commonwealth.generate(
                    seed=seed, scale=scale, today=today, progress=bar.update
                )
            except ImproperlyConfigured as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"Made {summary.districts} districts, {summary.schools} schools and "
            f"{summary.educators} educators in {time.monotonic() - started:.1f} s "
            f"(the talent pipeline: {summary.talent_seconds:.1f} s)."
        )
        self.print_accounts()

    def print_accounts(self):
        self.stdout.write("\nDemo sign-ins (password for all: %s):" % accounts.DEMO_PASSWORD)
        for account in accounts.DEMO_ACCOUNTS:
            extra = "  [needs a two-factor code]" if account.note else ""
            self.stdout.write(f"  {account.role:<32} {account.email}{extra}")
        self.stdout.write(
            "\nTwo-factor code: add this secret to an authenticator app (TOTP, 6 digits, 30 s):\n"
            f"  {accounts.DEMO_TOTP_SECRET}\n"
            "or print the current code with:  make demo-code\n"
        )
