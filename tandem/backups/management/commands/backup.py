import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tandem.backups import services
from tandem.errors import DomainError


class Command(BaseCommand):
    help = (
        "Write a backup of the database and the stored files, with a manifest of checksums, "
        "while Tandem keeps serving; keep the newest --keep. With --every, take one again every "
        "so many seconds (the demo takes one a day)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dest",
            type=Path,
            default=None,
            help="Where backups are kept (default: TANDEM_BACKUP_DIR).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="How many backups to keep, the newest (default: TANDEM_BACKUP_KEEP).",
        )
        parser.add_argument(
            "--every", type=int, default=0, help="Take one again every so many seconds."
        )

    def handle(self, *args, dest, keep, every, **options):
        root = dest or Path(settings.TANDEM_BACKUP_DIR)
        keep = settings.TANDEM_BACKUP_KEEP if keep is None else keep
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        while True:
            try:
                self._take(root, keep)
            except DomainError as error:
                if not every:
                    raise CommandError(" ".join(error.messages)) from error
                self.stderr.write(" ".join(error.messages))
            if not every:
                return
            time.sleep(every)

    def _take(self, root: Path, keep: int) -> None:
        backup = services.backup_create(root=root)
        self.stdout.write(f"Wrote the backup {backup}.")
        for removed in services.backup_prune(root=root, keep=keep):
            self.stdout.write(f"Removed the older backup {removed}.")
