"""What the OneRoster 1.2 CSV binding fixes, as Tandem reads it: the files of a set and their
headers, the manifest that gives each file's mode, and how a member of the zip is read (UTF-8,
a byte-order mark allowed, the header exactly the binding's with extensions after it)."""

import datetime
import re

from django.utils.translation import gettext as _

from tandem.imports.readers import FileRefused, csv_rows, header_hints

MANIFEST = "manifest.csv"
ORGS, USERS, ROLES = "orgs.csv", "users.csv", "roles.csv"
HEADERS = {
    MANIFEST: ["propertyName", "value"],
    ORGS: [
        "sourcedId",
        "status",
        "dateLastModified",
        "name",
        "type",
        "identifier",
        "parentSourcedId",
    ],
    USERS: [
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "resourceSourcedIds",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
    ],
    ROLES: [
        "sourcedId",
        "status",
        "dateLastModified",
        "userSourcedId",
        "roleType",
        "role",
        "orgSourcedId",
        "beginDate",
        "endDate",
        "userProfileSourcedId",
    ],
}
MODES = ("bulk", "delta", "absent")
USER_IDS = re.compile(r"\{([^:{}]+):([^{}]*)\}")


def day(value: str) -> datetime.date | None:
    """The day of a date or a dateTime (``2026-01-15T10:00:00Z``); None when not one."""
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def manifest_modes(archive, names: set[str]) -> dict[str, str]:
    """Each data file's mode, from a manifest that says OneRoster 1.2."""
    if MANIFEST not in names:
        raise FileRefused(
            _("The zip has no manifest.csv: a OneRoster set starts with its manifest."),
            file=MANIFEST,
        )
    properties = {
        raw["propertyName"]: raw["value"] for _line, raw in read_member(archive, MANIFEST)
    }
    for name, wanted in (("manifest.version", "1.0"), ("oneroster.version", "1.2")):
        if properties.get(name) != wanted:
            raise FileRefused(
                _("The manifest's %(name)s is “%(value)s”: Tandem reads %(wanted)s.")
                % {"name": name, "value": properties.get(name, ""), "wanted": wanted},
                file=MANIFEST,
            )
    modes = {}
    for file in (ORGS, USERS, ROLES):
        mode = properties.get(f"file.{file.removesuffix('.csv')}", "absent")
        if mode not in MODES:
            raise FileRefused(
                _("The manifest gives %(file)s as “%(mode)s”: it is bulk, delta or absent.")
                % {"file": file, "mode": mode},
                file=MANIFEST,
            )
        if mode != "absent" and file not in names:
            raise FileRefused(
                _("The manifest lists %(file)s as %(mode)s, but the zip does not hold it.")
                % {"file": file, "mode": mode},
                file=MANIFEST,
            )
        modes[file] = mode
    if modes[USERS] == "absent" and modes[ORGS] == "absent":
        raise FileRefused(
            _("The manifest gives neither orgs.csv nor users.csv: there is nothing to import."),
            file=MANIFEST,
        )
    return modes


def read_member(archive, file: str):
    """A member's rows, its header exactly the binding's (extensions after it)."""
    expected = HEADERS[file]

    def check_header(names: list[str]) -> None:
        given, extra = names[: len(expected)], names[len(expected) :]
        if given == expected and all(n.startswith("metadata.") for n in extra):
            return
        unknown = [n for n in names if n not in expected and not n.startswith("metadata.")]
        position = next((i for i, name in enumerate(given) if name != expected[i]), len(given))
        where = (
            _("Column %(n)d should be “%(want)s”: the columns come in the binding's order.")
            % {"n": position + 1, "want": expected[position]}
            if position < len(expected)
            else _("Columns after the binding's are extensions, named metadata.…")
        )
        raise FileRefused(
            _("The header of %(file)s is not OneRoster 1.2's%(hints)s. %(where)s")
            % {
                "file": file,
                "hints": (": " + header_hints(unknown, expected)) if unknown else "",
                "where": where,
            },
            file=file,
        )

    with archive.open(file) as member:
        try:
            yield from csv_rows(member, check_header=check_header)
        except FileRefused as refused:
            if refused.file:
                raise
            raise FileRefused(str(refused), file=file) from None
