from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from tandem.interop import services
from tandem.interop.models import EdfiExport
from tandem.organizations.models import District
from tandem.people.models import User


class Command(BaseCommand):
    help = (
        "Export a district's or the state's records as Ed-Fi (Data Standard 5.2, TPDM 1.1) "
        "XML interchanges and TPDM JSON, zipped into --dest. The export is made as --as, who "
        "must be allowed to export it; the access log names them as the reader of every "
        "summative evaluation in it."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--district", help="The district's organization code.")
        scope.add_argument("--state", action="store_true", help="Every district of the state.")
        parser.add_argument("--dest", required=True, type=Path, help="The folder for the zip.")
        parser.add_argument(
            "--as", dest="email", required=True, help="E-mail of the person exporting."
        )

    def handle(self, *args, district, state, dest, email, **options):
        scope = None
        if district:
            scope = District.objects.filter(org_code=district).first()
            if scope is None:
                raise CommandError(f"No district has the organization code {district!r}.")
        reader = User.objects.filter(email=email, is_active=True).first()
        if reader is None:
            raise CommandError(f"No active user has the e-mail {email!r}.")
        if not dest.is_dir():
            raise CommandError(f"{dest} is not a folder.")
        name = services.zip_name(scope)
        try:
            result = services.edfi_export_zip(
                district=scope, reader=reader, path="manage.py edfi_export", dest=dest / name
            )
        except PermissionDenied:
            raise CommandError(f"{email} may not export {district or 'the state'}.") from None
        self.stdout.write(f"Wrote {dest / name}.")
        for entity, count in sorted(result["counts"].items()):
            self.stdout.write(f"  {entity}: {count}")
        for reason, count in result["left_out"].items():
            self.stdout.write(f"  left out: {count} {EdfiExport.LEFT_OUT[reason]}")
