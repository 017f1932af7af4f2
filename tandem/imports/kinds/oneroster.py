"""OneRoster 1.2 CSV: a district's schools and staff from the zip its student-information
system exports.

What the 1.2 CSV binding says, as Tandem reads it:

- The upload is one zip. ``manifest.csv`` (columns ``propertyName``, ``value``) says
  ``manifest.version`` 1.0 and ``oneroster.version`` 1.2, and for each data file
  (``file.orgs``, ``file.users``, ``file.roles``, ``file.classes`` …) whether it is ``bulk``
  (the whole set), ``delta`` (only what changed since the last exchange) or ``absent``.
  Tandem reads orgs, users and roles; every other file the manifest lists is ignored.
- Every file is UTF-8, a byte-order mark allowed; its header is required, its names are
  case-sensitive and come in the binding's order, extension columns (``metadata.…``) only
  after them.
- In a delta file each row carries ``status`` (``active`` or ``tobedeleted``) and
  ``dateLastModified``; in a bulk file both may be empty, and nothing is deleted.
- In 1.2 a user's roles are no longer in ``users.csv``: ``roles.csv`` has one row per role a
  user holds at an org (``userSourcedId``, ``roleType`` primary or secondary, ``role``,
  ``orgSourcedId``, ``beginDate``, ``endDate``). ``users.csv`` names the user's
  ``primaryOrgSourcedId``; ``userIds`` is a list of ``{type:identifier}`` pairs.
- Rows refer to one another by ``sourcedId``, across files, whatever their order in the zip.

How Tandem maps them: an org of type ``school`` is the school whose organization code is its
``identifier``; its name follows the file. A school Tandem does not hold yet is added to the
district, with its level from the extension column ``metadata.level`` (OneRoster gives no
school level). An org of type ``district`` must carry the district's own code. A user holding a staff role (teacher,
counselor, principal, site or district administrator) is an educator: the ``MEPID`` entry of
``userIds`` is the MEPID, ``identifier`` the district's employee number, the role the role
group and the role's ``beginDate`` the start of a new employment, and a new educator's primary
org, when it is one of the district's schools, gives their first assignment there (full time;
teacher → classroom teacher, counselor → counselor, principal → principal, site administrator →
assistant principal). In a delta, a user with ``tobedeleted`` ends the employment on the day of
its ``dateLastModified``. Employments that a bulk users.csv leaves out are listed before the
apply, and the person decides whether they end, as with the educators import. A user whose
primary org is a school where they hold no open assignment moves there: their open
assignments end, and a full-time one at the new school starts, on the day of the user's
``dateLastModified`` (the day of the apply when it is empty); other assignment changes are the
assignments import's. A reference to a ``sourcedId`` that is in neither the set nor Tandem is a problem naming
its file, line, column and value.
"""

import decimal
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tandem.imports.kinds.base import Checked, Kind, as_text, mepid
from tandem.imports.kinds.educators import PERSON_FIELDS, Educators, people_update
from tandem.imports.kinds.educators import Context as EducatorContext
from tandem.imports.kinds.oneroster_binding import (
    HEADERS,
    MANIFEST,
    ORGS,
    ROLES,
    USER_IDS,
    USERS,
    day,
    manifest_modes,
    read_member,
)
from tandem.imports.kinds.schools import SchoolContext, Schools, org_code
from tandem.imports.readers import open_zip
from tandem.organizations.models import School
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, StaffAssignment

# The 1.2 roles of staff Tandem evaluates, and the role group each is evaluated in.
STAFF_ROLES = {
    "teacher": RoleGroup.TEACHER,
    "counselor": RoleGroup.SISP,
    "principal": RoleGroup.SCHOOL_ADMIN,
    "siteAdministrator": RoleGroup.SCHOOL_ADMIN,
    "districtAdministrator": RoleGroup.DISTRICT_ADMIN,
}
# The position of a new educator's first assignment, at their primary org's school.
POSITIONS = {
    "teacher": StaffAssignment.Position.CLASSROOM_TEACHER,
    "counselor": StaffAssignment.Position.COUNSELOR,
    "principal": StaffAssignment.Position.PRINCIPAL,
    "siteAdministrator": StaffAssignment.Position.ASSISTANT_PRINCIPAL,
    "districtAdministrator": StaffAssignment.Position.DISTRICT_ADMINISTRATOR,
}
# What Tandem compares and writes of an educator: OneRoster holds nothing of PTS or units.
EDUCATOR_FIELDS = (*PERSON_FIELDS, "employee_number", "role_group", "end_date", "school")
# The OneRoster column each Tandem field comes from, for problems found by the educators kind.
SOURCE_COLUMN = {
    "state_id": "userIds",
    "employee_number": "identifier",
    "first_name": "givenName",
    "last_name": "familyName",
    "email": "email",
}
SCHOOL, EDUCATOR, ROLE = "school", "educator", "role"


@dataclass
class Context:
    district: object
    schools: SchoolContext
    educators: EducatorContext
    current: dict
    active: set
    # The schools (organization codes) of each employment's open assignments.
    at_schools: dict[str, list[str]]


class Placed:
    """An educator's stored fields and, as ``school``, where they work now (the codes of
    their open assignments' schools), read like the educators kind's records."""

    __slots__ = ("schools", "stored")

    def __init__(self, stored, schools: list[str]):
        self.stored, self.schools = stored, schools

    def get(self, name: str, default=None):
        return " ".join(self.schools) if name == "school" else self.stored.get(name, default)

    def __getitem__(self, name: str):
        return self.get(name) if name == "school" else self.stored[name]


class OneRoster(Kind):
    slug = "oneroster"
    label = gettext_lazy("OneRoster 1.2 (zip of CSV files)")
    intro = gettext_lazy(
        "The zip your student-information system exports in OneRoster 1.2 CSV, bulk or delta: "
        "manifest.csv, orgs.csv, users.csv and roles.csv. Schools are matched on the "
        "organization code in their identifier; staff on the employee number in their "
        "identifier, then the MEPID in their userIds. A school Tandem does not hold is added, "
        "its level given in a metadata.level column. A user marked tobedeleted in a delta "
        "ends their employment on the day it was modified; a user whose primary org is another "
        "school moves there. Staff a bulk users.csv leaves out are listed, and you decide "
        "whether they end."
    )
    columns = []
    takes_zip = True
    ends_absent = True
    set_files = [(name, HEADERS[name]) for name in (MANIFEST, ORGS, USERS, ROLES)]

    def context(self, district) -> Context:
        schools = Schools().context(district)
        educators = Educators().context(district)
        at_schools: dict[str, list[str]] = {}
        for employment, code in (
            StaffAssignment.objects.filter(employment__district=district, end_date=None)
            .exclude(school=None)
            .values_list("employment_id", "school__org_code")
            .order_by("school__org_code")
        ):
            at_schools.setdefault(f"employment:{employment}", []).append(code)
        current = dict(schools.current)
        for key, (pk, person, stored) in educators.current.items():
            current[key] = (pk, person, Placed(stored, at_schools.get(key, [])))
        return Context(
            district=district,
            schools=schools,
            educators=educators,
            current=current,
            active=set(),
            at_schools=at_schools,
        )

    def rows(self, stream, context: Context):
        archive = open_zip(
            stream, _("A OneRoster upload is a zip of CSV files: this file is not a zip.")
        )
        with archive:
            names = set(archive.namelist())
            modes = manifest_modes(archive, names)
            # Only a bulk users.csv is the whole staff: what it leaves out may end.
            context.active = set(context.educators.active) if modes[USERS] == "bulk" else set()
            orgs = dict(self._orgs(archive, modes, context)) if modes[ORGS] != "absent" else {}
            users = (
                {raw["sourcedId"] for _line, raw in read_member(archive, USERS)}
                if modes[USERS] != "absent"
                else set()
            )
            roles: dict[str, list] = {}
            if modes[ROLES] != "absent":
                for line, raw in read_member(archive, ROLES):
                    row = self._role(line, raw, orgs, users, context)
                    if row.problems:
                        yield row
                    else:
                        roles.setdefault(raw["userSourcedId"], []).append((line, raw))
            for row in orgs.values():
                if row is not None:
                    yield row
            if modes[USERS] != "absent":
                for line, raw in read_member(archive, USERS):
                    row = self._user(line, raw, modes[USERS], orgs, roles, context)
                    if row is not None:
                        yield row

    def _orgs(self, archive, modes, context: Context):
        """Each org by sourcedId: the school row to compare, or None for an org Tandem keeps
        no record of (a district, a department)."""
        district = context.district
        for line, raw in read_member(archive, ORGS):
            row = Checked(line, file=ORGS)
            identifier, kind = raw["identifier"], raw["type"]
            row.values = {"_record": SCHOOL, "org_code": identifier, "name": raw["name"][:200]}
            if raw["status"] == "tobedeleted" or kind not in ("school", "district"):
                yield raw["sourcedId"], None
                continue
            try:
                org_code(identifier)
            except ValueError as error:
                row.problem("identifier", str(error))
            if not identifier:
                row.problem("identifier", _("is required: the state's organization code"))
            elif row.problems:
                pass
            elif kind == "district":
                if identifier != district.org_code:
                    row.problem(
                        "identifier",
                        _("is not this district's code (%(code)s)") % {"code": district.org_code},
                    )
                yield raw["sourcedId"], row if row.problems else None
                continue
            elif identifier not in context.schools.schools:
                self._new_school(row, raw, district)
            elif context.schools.schools[identifier][1] != district.pk:
                row.problem("identifier", _("is another district's school"))
            yield raw["sourcedId"], row

    def _new_school(self, row: Checked, raw: dict, district) -> None:
        """A school the set adds to the district, its level from the ``metadata.level``
        extension column."""
        level = raw.get("metadata.level", "")
        row.values.update(level=level, grade_span="", district_code=district.org_code)
        if not level:
            row.problem_at(
                ORGS,
                row.line,
                "metadata.level",
                "",
                _(
                    "is needed for a school Tandem does not hold yet: OneRoster has no school "
                    "level, so give it in this extension column (%(levels)s)"
                )
                % {"levels": ", ".join(School.Level.values)},
            )
        elif level not in School.Level.values:
            row.problem_at(
                ORGS,
                row.line,
                "metadata.level",
                level,
                _("is not one of: %(levels)s") % {"levels": ", ".join(School.Level.values)},
            )

    def _school_code(self, sourced_id: str, orgs: dict, context: Context) -> str | None:
        """The organization code of the district's school an org reference names: through its
        row in orgs.csv (a school Tandem holds or one the set adds), or as the school's own
        code."""
        row = orgs.get(sourced_id)
        code = row.values["org_code"] if row is not None else sourced_id
        school = context.schools.schools.get(code)
        if school is not None:
            return code if school[1] == context.district.pk else None
        return code if row is not None and "level" in row.values else None

    def _known_org(self, sourced_id: str, orgs: dict, context: Context) -> bool:
        """In orgs.csv, or a school of the district whose organization code it is."""
        return sourced_id in orgs or self._school_code(sourced_id, orgs, context) is not None

    def _role(self, line, raw, orgs, users, context: Context) -> Checked:
        row = Checked(line, values={"_record": ROLE}, file=ROLES)
        for column, known in (
            ("userSourcedId", raw["userSourcedId"] in users),
            ("orgSourcedId", self._known_org(raw["orgSourcedId"], orgs, context)),
        ):
            if not known:
                where = USERS if column == "userSourcedId" else ORGS
                row.problems.append(
                    (
                        column,
                        raw[column][:200],
                        _("refers to a sourcedId that is in neither %(file)s nor Tandem")
                        % {"file": where},
                    )
                )
        if raw["role"] in STAFF_ROLES and raw["beginDate"] and day(raw["beginDate"]) is None:
            row.problems.append(("beginDate", raw["beginDate"], _("is not a date YYYY-MM-DD")))
        return row

    def _user(self, line, raw, mode, orgs, roles, context: Context) -> Checked | None:
        """The educator a user is, or None for a user who is not staff Tandem evaluates."""
        staff = [
            (at, role)
            for at, role in roles.get(raw["sourcedId"], [])
            if role["role"] in STAFF_ROLES and role["status"] != "tobedeleted"
        ]
        row = Checked(line, file=USERS)
        ids = {
            kind.strip().upper(): value.strip() for kind, value in USER_IDS.findall(raw["userIds"])
        }
        values = {
            "_record": EDUCATOR,
            "state_id": ids.get("MEPID") or None,
            "employee_number": raw["identifier"][:20],
            "first_name": raw["givenName"][:100],
            "last_name": raw["familyName"][:100],
            "email": raw["email"][:254],
        }
        row.values = values
        key = Educators().match(values, context.educators)
        if not staff and key is None:
            return None
        current = context.current[key][-1] if key else {}
        if staff:
            primary = next((r for r in staff if r[1]["roleType"] == "primary"), staff[0])
            values["role_group"] = str(STAFF_ROLES[primary[1]["role"]])
            values["start_date"] = day(primary[1]["beginDate"])
            values["_start_line"] = primary[0]
            values["_position"] = POSITIONS[primary[1]["role"]]
        else:
            values["role_group"] = current["role_group"]
        values["end_date"] = day(current.get("end_date", "")) if key else None
        if raw["status"] == "tobedeleted":
            if mode == "bulk":
                row.problem_at(USERS, line, "status", raw["status"], _("is for delta files only"))
            if key is None:
                return None  # nothing in Tandem to end
            values["end_date"] = day(raw["dateLastModified"])
            if values["end_date"] is None:
                row.problem_at(
                    USERS,
                    line,
                    "dateLastModified",
                    raw["dateLastModified"],
                    _("is needed to end the employment: the day it ends"),
                )
        elif raw["status"] not in ("", "active"):
            row.problem_at(USERS, line, "status", raw["status"], _("is not active or tobedeleted"))
        if values["state_id"]:
            try:
                mepid(values["state_id"])
            except ValueError as error:
                row.problem_at(USERS, line, "userIds", values["state_id"], str(error))
        for column in ("givenName", "familyName"):
            if not raw[column]:
                row.problem_at(USERS, line, column, "", _("is required"))
        org = raw["primaryOrgSourcedId"]
        code = self._school_code(org, orgs, context) if org else None
        values["_school_code"] = code
        at = context.at_schools.get(key, []) if key else []
        values["_moves"] = bool(
            key and staff and code and code not in at and raw["status"] != "tobedeleted"
        )
        if key is None or values["_moves"]:
            values["school"] = code or ""
        else:
            values["school"] = " ".join(at)
        values["_moved_on"] = day(raw["dateLastModified"])
        if org and not self._known_org(org, orgs, context):
            row.problem_at(
                USERS,
                line,
                "primaryOrgSourcedId",
                org,
                _("refers to a sourcedId that is in neither %(file)s nor Tandem") % {"file": ORGS},
            )
        if key is None and values.get("start_date") is None:
            row.problem_at(
                ROLES,
                values.get("_start_line") or line,
                "beginDate",
                "",
                _("is needed for a new educator: the first day of their employment"),
            )
        return row

    def check(self, row: Checked, context: Context) -> None:
        if row.values.get("_record") != EDUCATOR or row.problems:
            return
        found = Checked(row.line, values=dict(row.values))
        Educators().check(found, context.educators)
        for column, value, reason in found.problems:
            row.problems.append((SOURCE_COLUMN.get(column, column), value, reason))

    def file_keys(self, values: dict) -> tuple[str, ...]:
        record = values.get("_record")
        if record == SCHOOL:
            return Schools().file_keys(values)
        return Educators().file_keys(values) if record == EDUCATOR else ()

    def match(self, values: dict, context: Context) -> str | None:
        if values["_record"] == SCHOOL:
            return Schools().match(values, context.schools)
        return Educators().match(values, context.educators)

    def comparable(self, values: dict) -> dict[str, str]:
        if values["_record"] == SCHOOL:
            return {"name": values["name"]}
        return {name: as_text(values.get(name)) for name in EDUCATOR_FIELDS}

    def label_of(self, values: dict) -> str:
        if values.get("_record") == SCHOOL:
            return Schools().label_of(values)
        return Educators().label_of(values)

    def apply(self, context: Context, *, adds, changes, absent, end_date, by) -> None:
        school_adds = [values for values in adds if values["_record"] == SCHOOL]
        school_changes = [
            (key, {**context.current[key][-1], "name": values["name"]})
            for key, values in changes
            if values["_record"] == SCHOOL
        ]
        Schools().apply(
            context.schools,
            adds=school_adds,
            changes=school_changes,
            absent=[],
            end_date=None,
            by=by,
        )
        schools = dict(
            School.objects.filter(district=context.district).values_list("org_code", "pk")
        )
        educators = [values for values in adds if values["_record"] == EDUCATOR]
        new = [
            {
                **values,
                "role_start_date": values["start_date"],
                "has_pts": False,
                "pts_date": None,
                "bargaining_unit": "",
                "separation_reason": "",
            }
            for values in educators
        ]
        before = Employment.objects.aggregate(last=Max("pk"))["last"] or 0
        Educators().apply(
            context.educators, adds=new, changes=[], absent=absent, end_date=end_date, by=by
        )
        self._place(context, [v for v in educators if v.get("_school_code")], before, schools, by)
        educator_changes = [(k, v) for k, v in changes if v["_record"] == EDUCATOR]
        self._change_educators(context, educator_changes, by)
        self._move(context, [(k, v) for k, v in educator_changes if v["_moves"]], schools, by)

    def _place(self, context: Context, adds, before: int, schools: dict, by) -> None:
        """A new educator's first assignment: full time at their primary org's school."""
        by_number = {
            values["employee_number"]: values for values in adds if values["employee_number"]
        }
        by_state_id = {values["state_id"]: values for values in adds if values["state_id"]}
        assignments = []
        for pk, number, state_id in Employment.objects.filter(
            district=context.district, pk__gt=before
        ).values_list("pk", "employee_number", "person__state_id"):
            values = by_number.get(number) or by_state_id.get(state_id)
            if values:
                assignments.append(
                    StaffAssignment(
                        employment_id=pk,
                        school_id=schools[values["_school_code"]],
                        position=values["_position"],
                        fte=decimal.Decimal("1.00"),
                        start_date=values["start_date"],
                    )
                )
        bulk_create_with_history(assignments, StaffAssignment, default_user=by)

    def _move(self, context: Context, moves, schools: dict, by) -> None:
        """Educators whose primary org is now another school: their open assignments end on
        the day the user was modified (or today), and one starts at the new school."""
        today = timezone.localdate()
        by_employment = {context.current[key][0]: values for key, values in moves}
        ended = list(StaffAssignment.objects.filter(employment_id__in=by_employment, end_date=None))
        for assignment in ended:
            day_of = by_employment[assignment.employment_id]["_moved_on"] or today
            assignment.end_date = max(day_of, assignment.start_date)
        bulk_update_with_history(ended, StaffAssignment, ["end_date"], default_user=by)
        started = [
            StaffAssignment(
                employment_id=employment,
                school_id=schools[values["_school_code"]],
                position=values["_position"],
                fte=decimal.Decimal("1.00"),
                start_date=values["_moved_on"] or today,
            )
            for employment, values in by_employment.items()
        ]
        bulk_create_with_history(started, StaffAssignment, default_user=by)

    def _change_educators(self, context: Context, changes, by) -> None:
        current = context.educators.current
        person_values = {current[key][1]: values for key, values in changes}
        employment_values = {current[key][0]: values for key, values in changes}
        people_update(person_values, by)
        employments = list(Employment.objects.filter(pk__in=employment_values))
        for employment in employments:
            values = employment_values[employment.pk]
            ending = values["end_date"] and employment.end_date is None
            employment.employee_number = values["employee_number"]
            employment.role_group = values["role_group"]
            employment.end_date = values["end_date"] and max(
                values["end_date"], employment.start_date
            )
            if ending and not employment.separation_reason:
                employment.separation_reason = Employment.SeparationReason.OTHER
        bulk_update_with_history(
            employments,
            Employment,
            ["employee_number", "role_group", "end_date", "separation_reason"],
            default_user=by,
        )
