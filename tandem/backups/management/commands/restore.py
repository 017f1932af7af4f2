from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tandem.backups import services
from tandem.errors import DomainError


class Command(BaseCommand):
    help = (
        "Restore a backup (a directory written by `backup`) into this empty installation, "
        "then verify every table's rows, every file's checksum and every signature."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup's directory.")

    def handle(self, *args, backup, **options):
        try:
            verification = services.backup_restore(backup=backup)
        except DomainError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Restored {backup}. Verified: {verification.rows} rows in {verification.tables} "
            f"tables by count, stored files by SHA-256: {verification.files}, signatures "
            f"against the text signed: {verification.signatures}."
        )
        if not verification.ok:
            raise CommandError(
                "The restored installation differs from the backup: "
                + " ".join(verification.problems)
            )
        self.stdout.write("Everything matches the backup's manifest.")
