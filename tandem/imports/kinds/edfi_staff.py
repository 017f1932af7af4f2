"""Ed-Fi InterchangeStaffAssociation: a district's staff, their employment, assignments and
licenses, as another Ed-Fi system publishes them.

How Tandem reads it, for the district the run is for:

- A StaffEducationOrganizationEmploymentAssociation with the district is an educator's
  employment: the Staff it names gives the state identifier (StaffUniqueId) and the names,
  HireDate the start and EndDate the end; an EmploymentStatus of "Tenured or permanent" is
  professional teacher status. It is matched on the state identifier. What Ed-Fi does not
  carry (the employee number, e-mail, bargaining unit, PTS date) stays as Tandem holds it; a
  new educator's role group is read from the classification of their first assignment.
- A StaffEducationOrganizationAssignmentAssociation with one of the district's schools (or the
  district, for the central office) is an assignment: the classification and position title
  give the position, BeginDate and EndDate its dates, FullTimeEquivalency its FTE (1.00 when
  the file gives none: the schema does not require it). The StaffSchoolAssociation of the same
  staff and school gives its subject and grades. It is matched on the educator, school,
  position and start date, as the assignments import does.
- A Credential that a Staff refers to (CredentialReference) is a license of that educator,
  matched on its identifier; the teaching credential gives the license type. A credential no
  Staff refers to is left out: Tandem keeps a license with its holder.

Nothing the file leaves out is ended. A reference to a staff member, school, employment or
credential that is neither in the file nor in Tandem is a problem, as is every unknown
descriptor, each with its line, element and value.
"""

import decimal
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.imports import edfi_xml
from tandem.imports.kinds.assignments import Assignments
from tandem.imports.kinds.assignments import Context as AssignmentContext
from tandem.imports.kinds.base import Checked, date
from tandem.imports.kinds.edfi import EdfiKind, broken
from tandem.imports.kinds.educators import Context as EducatorContext
from tandem.imports.kinds.educators import Educators
from tandem.imports.kinds.licenses import Context as LicenseContext
from tandem.imports.kinds.licenses import Licenses
from tandem.interop import descriptors as d
from tandem.licensure.models import License
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Person, StaffAssignment

STAFF, CREDENTIAL = "Staff", "Credential"
EMPLOYMENT = "StaffEducationOrganizationEmploymentAssociation"
ASSIGNMENT = "StaffEducationOrganizationAssignmentAssociation"
AT_SCHOOL = "StaffSchoolAssociation"
EDUCATOR_RECORD, ASSIGNMENT_RECORD, LICENSE_RECORD = "educator", "assignment", "license"
STAFF_ID = "StaffReference/StaffIdentity/StaffUniqueId"
EDORG_ID = "EducationOrganizationReference/EducationOrganizationIdentity/EducationOrganizationId"
SCHOOL_ID = "SchoolReference/SchoolIdentity/SchoolId"
CREDENTIAL_ID = "CredentialIdentity/CredentialIdentifier"
TENURED = "Tenured or permanent"
STATE_ID_LENGTH = Person._meta.get_field("state_id").max_length

Position = StaffAssignment.Position
# Each classification's positions, in the order the first is taken when the title names none.
POSITIONS = defaultdict(list)
for _position, _classification in d.STAFF_CLASSIFICATION.items():
    POSITIONS[_classification].append(_position)
ROLE_GROUP = StaffAssignment.ROLE_GROUPS
LICENSE_ROLE = {
    RoleGroup.TEACHER: License.Role.TEACHER,
    RoleGroup.SISP: License.Role.SUPPORT,
    RoleGroup.SCHOOL_ADMIN: License.Role.ADMINISTRATOR,
    RoleGroup.DISTRICT_ADMIN: License.Role.ADMINISTRATOR,
    RoleGroup.SUPERINTENDENT: License.Role.ADMINISTRATOR,
}
# The Ed-Fi teaching credentials Tandem reads as a Massachusetts license type: its own, and
# the standard one other states issue, which is the professional license.
STAGE = {code: stage for stage, code in d.TEACHING_CREDENTIAL.items()} | {
    "Regular/Standard": License.Stage.PROFESSIONAL
}
# A program with no subject of its own is what Tandem writes as the subject.
PROGRAM_SUBJECT = {
    "Special Education": "Special education",
    "Bilingual/English as a Second Language": "English as a second language",
}
# An Ed-Fi subject as the subject Tandem writes (so that it goes out as the same subject).
SUBJECT = {}
for _typed, _subject in d.ACADEMIC_SUBJECT.items():
    SUBJECT.setdefault(_subject, _typed.capitalize())
# Where a problem the educators kind finds is in the interchange.
ELEMENT_OF = {
    "state_id": "StaffUniqueId",
    "first_name": "FirstName",
    "last_name": "LastSurname",
    "start_date": "HireDate",
    "end_date": "EndDate",
    "has_pts": "EmploymentStatus",
}
ONE = decimal.Decimal("1.00")
CENT = decimal.Decimal("0.01")


@dataclass
class Context:
    district: object
    educators: EducatorContext
    assignments: AssignmentContext
    licenses: LicenseContext
    # The district's schools by Ed-Fi identifier: id → organization code.
    schools: dict[int, str]
    current: dict = field(default_factory=dict)
    active: set = field(default_factory=set)


def _position(classification: str, title: str) -> str | None:
    """The position a classification means, the title choosing among several."""
    candidates = POSITIONS.get(edfi_xml.code_of(classification), [])
    named = [p for p in candidates if str(Position(p).label).casefold() == title.casefold()]
    return (named or candidates or [None])[0]


class EdfiStaff(EdfiKind):
    slug = "edfi_staff"
    label = gettext_lazy("Ed-Fi staff, employment, assignments and licenses (XML)")
    intro = gettext_lazy(
        "An Ed-Fi Data Standard 5.2 InterchangeStaffAssociation another Ed-Fi system publishes "
        "for your district. Staff are matched on the state educator identifier (StaffUniqueId); "
        "their employment with the district, their assignments at its schools and the licenses "
        "they hold are added or updated. What Ed-Fi does not carry (employee number, e-mail, "
        "bargaining unit) stays as Tandem holds it. Nothing the file leaves out is ended."
    )
    interchange = "InterchangeStaffAssociation"
    entities = [
        (STAFF, gettext_lazy("The educator: state identifier and names.")),
        (
            EMPLOYMENT,
            gettext_lazy(
                "With the district: the employment, its hire and end dates; Tenured or "
                "permanent is professional teacher status. A new educator's role group comes "
                "from their first assignment's classification."
            ),
        ),
        (
            ASSIGNMENT,
            gettext_lazy(
                "With a school of the district, or the district for the central office: the "
                "position (classification and title), dates and FTE; an FTE left out is 1.00."
            ),
        ),
        (AT_SCHOOL, gettext_lazy("The subject and grades of the staff's assignments there.")),
        (
            CREDENTIAL,
            gettext_lazy(
                "A license of the Staff that refers to it: field, grades, license type "
                "(teaching credential), issue and expiry dates."
            ),
        ),
    ]

    def context(self, district) -> Context:
        assignments = Assignments().context(district)
        context = Context(
            district=district,
            educators=Educators().context(district),
            assignments=assignments,
            licenses=Licenses().context(district),
            schools={int(code): code for code in assignments.schools if code.isdigit()},
        )
        for part in (context.educators, context.assignments, context.licenses):
            context.current.update(part.current)
        return context

    def index(self, stream, context: Context) -> dict:
        staff, holders, employed, first_position, at_school = {}, {}, set(), {}, {}
        credentials = set()
        here = int(context.district.org_code)
        for element in edfi_xml.entities(stream, self.interchange):
            tag = edfi_xml.local(element.tag)
            if tag == STAFF:
                unique_id = edfi_xml.text(element, "StaffUniqueId")
                staff[unique_id] = (
                    edfi_xml.text(element, "Name/FirstName"),
                    edfi_xml.text(element, "Name/LastSurname"),
                )
                for reference in edfi_xml.all_of(element, "CredentialReference"):
                    holders.setdefault(edfi_xml.text(reference, CREDENTIAL_ID), unique_id)
            elif tag == CREDENTIAL:
                credentials.add(edfi_xml.text(element, "CredentialIdentifier"))
            elif tag == EMPLOYMENT and edfi_xml.edorg_id(element, EDORG_ID) == here:
                employed.add(edfi_xml.text(element, STAFF_ID))
            elif tag == ASSIGNMENT:
                position = _position(
                    edfi_xml.text(element, "StaffClassification"),
                    edfi_xml.text(element, "PositionTitle"),
                )
                if position:
                    first_position.setdefault(edfi_xml.text(element, STAFF_ID), position)
            elif tag == AT_SCHOOL:
                at_school.setdefault(
                    (edfi_xml.text(element, STAFF_ID), edfi_xml.edorg_id(element, SCHOOL_ID)),
                    (
                        edfi_xml.code_of(edfi_xml.text(element, "ProgramAssignment")),
                        edfi_xml.code_of(edfi_xml.text(element, "AcademicSubject")),
                        edfi_xml.grade_span(
                            [(n.text or "") for n in edfi_xml.all_of(element, "GradeLevel")]
                        ),
                    ),
                )
        return {
            "staff": staff,
            "holders": holders,
            "credentials": credentials,
            "employed": employed,
            "first_position": first_position,
            "at_school": at_school,
        }

    def read(self, reading, tag, index, context: Context) -> None:
        if tag == STAFF:
            self._staff(reading, index, context)
        elif tag == EMPLOYMENT:
            self._employment(reading, index, context)
        elif tag == ASSIGNMENT:
            self._assignment(reading, index, context)
        elif tag == AT_SCHOOL:
            self._at_school(reading, index, context)
        elif tag == CREDENTIAL:
            self._credential(reading, index, context)

    def _staff_of(self, reading, index, context: Context) -> str:
        """The staff an association names: in the file or in Tandem, or a problem."""
        unique_id = edfi_xml.text(reading.element, STAFF_ID)
        if reading.node(STAFF_ID) is None:
            reading.missing("StaffReference", _("is required"))
        elif unique_id not in index["staff"] and unique_id not in context.educators.people:
            broken(reading, reading.node(STAFF_ID), _("a staff member"))
        return unique_id

    def _staff(self, reading, index, context: Context) -> None:
        unique_id = edfi_xml.text(reading.element, "StaffUniqueId")
        if not unique_id:
            reading.missing("StaffUniqueId", _("is required"))
        elif len(unique_id) > STATE_ID_LENGTH:
            reading.problem(
                reading.node("StaffUniqueId"),
                _("is longer than %(n)d characters, the longest state identifier Tandem keeps")
                % {"n": STATE_ID_LENGTH},
            )
        for path in ("Name/FirstName", "Name/LastSurname"):
            name = edfi_xml.text(reading.element, path)
            if not name:
                reading.missing(path.rsplit("/", 1)[1], _("is required"))
            elif len(name) > 100:
                reading.problem(reading.node(path), _("is longer than 100 characters"))
        for reference in edfi_xml.all_of(reading.element, "CredentialReference"):
            number = edfi_xml.text(reference, CREDENTIAL_ID)
            if number not in index["credentials"] and number not in context.licenses.holders:
                node = reference.find("/".join(edfi_xml.NS + p for p in CREDENTIAL_ID.split("/")))
                broken(edfi_xml.Reading(node, reading.row), node, _("a credential"))

    def _employment(self, reading, index, context: Context) -> None:
        element, row = reading.element, reading.row
        unique_id = self._staff_of(reading, index, context)
        edorg = edfi_xml.edorg_id(element, EDORG_ID)
        if edorg != int(context.district.org_code):
            if edorg not in context.schools:
                reading.problem(
                    reading.node(EDORG_ID),
                    _("is not this district (%(id)s): import a file for each district")
                    % {"id": int(context.district.org_code)},
                )
                return
            reading.problem(
                reading.node(EDORG_ID),
                _("is a school: Tandem keeps an employment with the district (%(id)s)")
                % {"id": int(context.district.org_code)},
            )
            return
        values = {"state_id": unique_id or None, "employee_number": ""}
        key = Educators().match(values, context.educators)
        stored = context.current[key][-1] if key else None
        first, last = index["staff"].get(unique_id) or _tandem_names(unique_id, stored)
        start = reading.date("EmploymentPeriod/HireDate", required=True)
        end = reading.date("EmploymentPeriod/EndDate")
        position = index["first_position"].get(unique_id)
        values.update(
            _record=EDUCATOR_RECORD,
            first_name=first[:100],
            last_name=last[:100],
            email=stored["email"] if stored else "",
            employee_number=stored["employee_number"] if stored else "",
            role_group=stored["role_group"]
            if stored
            else str(ROLE_GROUP.get(position, RoleGroup.TEACHER)),
            start_date=start,
            role_start_date=date(stored["role_start_date"]) if stored else start,
            has_pts=edfi_xml.code_of(edfi_xml.text(element, "EmploymentStatus")) == TENURED,
            pts_date=date(stored["pts_date"]) if stored else None,
            bargaining_unit=stored["bargaining_unit"] if stored else "",
            end_date=end,
            separation_reason=stored["separation_reason"] if stored and end else "",
        )
        values["_key"] = ", ".join(Educators().file_keys(values))
        found = Checked(row.line, values=dict(values))
        Educators().check(found, context.educators)
        for column, value, reason in found.problems:
            tag = ELEMENT_OF.get(column, column)
            node = next((n for n in element.iter(edfi_xml.NS + tag)), None)
            if node is None:
                reading.missing(tag, reason)
            else:
                reading.problem(node, reason, value)
        row.values = values

    def _employment_of(self, reading, unique_id, index, context: Context) -> int | None:
        """The Tandem employment of the staff an association names (None for one in the file)."""
        employment = context.assignments.by_state_id.get(unique_id)
        known = unique_id in index["staff"] or unique_id in context.educators.people
        if employment is None and unique_id not in index["employed"] and known:
            reading.problem(
                reading.node(STAFF_ID),
                _(
                    "is a staff member with no employment with this district, in the file or in Tandem"
                ),
            )
        return employment

    def _assignment(self, reading, index, context: Context) -> None:
        element, values = reading.element, reading.row.values
        unique_id = self._staff_of(reading, index, context)
        employment = self._employment_of(reading, unique_id, index, context)
        edorg = edfi_xml.edorg_id(element, EDORG_ID)
        here = int(context.district.org_code)
        school = context.schools.get(edorg) if edorg != here else ""
        if school is None:
            broken(reading, reading.node(EDORG_ID), _("a school of this district"))
        classification = edfi_xml.text(element, "StaffClassification")
        position = _position(classification, edfi_xml.text(element, "PositionTitle"))
        if position is None:
            node = reading.node("StaffClassification")
            if node is None:
                reading.missing("StaffClassification", _("is required"))
            elif not any(node is n for n, _r in edfi_xml.unknown_descriptors(element)):
                reading.problem(
                    node, _("is a classification Tandem keeps no position for, such as Teacher")
                )
        program, subject, grades = index["at_school"].get((unique_id, edorg), ("", "", ""))
        subject = SUBJECT.get(subject, subject)
        if program in PROGRAM_SUBJECT and not (
            program == "Special Education" and position == Position.SPECIAL_EDUCATION_TEACHER
        ):
            subject = PROGRAM_SUBJECT[program]
        values.update(
            _record=ASSIGNMENT_RECORD,
            employee_number="",
            state_id=unique_id,
            school=school or "",
            position=position,
            subject=subject,
            grade_level=grades,
            fte=self._fte(reading),
            start_date=reading.date("BeginDate", required=True),
            end_date=reading.date("EndDate"),
            _employment=employment,
            _school=context.assignments.schools.get(school) if school else None,
        )
        if (
            values["start_date"]
            and values["end_date"]
            and values["end_date"] < values["start_date"]
        ):
            reading.problem(reading.node("EndDate"), _("is before the begin date"))
        values["_key"] = Assignments().file_keys(values)[0]

    def _fte(self, reading) -> decimal.Decimal:
        value = edfi_xml.text(reading.element, "FullTimeEquivalency")
        if not value:
            return ONE
        try:
            number = decimal.Decimal(value)
        except decimal.InvalidOperation:
            number = None
        if number is None or not (0 < number <= 1) or number != number.quantize(CENT):
            reading.problem(
                reading.node("FullTimeEquivalency"),
                _("is not a share of full time from 0.01 to 1.00, in hundredths"),
            )
            return ONE
        return number.quantize(CENT)

    def _at_school(self, reading, index, context: Context) -> None:
        """Read into the assignments; its references are checked here."""
        unique_id = self._staff_of(reading, index, context)
        self._employment_of(reading, unique_id, index, context)
        school = edfi_xml.edorg_id(reading.element, SCHOOL_ID)
        if reading.node(SCHOOL_ID) is None:
            reading.missing("SchoolReference", _("is required"))
        elif school not in context.schools:
            broken(reading, reading.node(SCHOOL_ID), _("a school of this district"))

    def _credential(self, reading, index, context: Context) -> None:
        element, values = reading.element, reading.row.values
        number = edfi_xml.text(element, "CredentialIdentifier")
        holder = index["holders"].get(number)
        if holder is None:
            return  # no Staff refers to it: there is no one to hold the license
        if len(number) > 20:
            reading.problem(reading.node("CredentialIdentifier"), _("is longer than 20 characters"))
        key = Licenses().match({"license_number": number}, context.licenses)
        person = context.educators.people.get(holder, (None,))[0]
        if key is not None:
            held_by = context.licenses.holders[number][1]
            if person != held_by:
                reading.problem(
                    reading.node("CredentialIdentifier"),
                    _("is another educator's license in Tandem"),
                )
            elif key not in context.current:
                reading.problem(
                    reading.node("CredentialIdentifier"),
                    _("is the license of an educator this district does not employ in Tandem"),
                )
        stored = context.current[key][-1] if key in context.current else None
        teaching = edfi_xml.code_of(edfi_xml.text(element, "TeachingCredential"))
        stage = STAGE.get(teaching) or (stored["stage"] if stored else None)
        if stage is None:
            node = reading.node("TeachingCredential")
            if node is None:
                reading.missing("TeachingCredential", _("is required for a new license: its type"))
            else:
                reading.problem(
                    node,
                    _("is not one of the license types Tandem keeps: %(types)s")
                    % {"types": ", ".join(STAGE)},
                )
        position = index["first_position"].get(holder)
        field_code = edfi_xml.code_of(edfi_xml.text(element, "CredentialField"))
        values.update(
            _record=LICENSE_RECORD,
            _key=_("license %(n)s") % {"n": number},
            _person=person,
            state_id=holder,
            license_number=number,
            field=field_code or (stored["field"] if stored else ""),
            grade_levels=edfi_xml.grade_span(
                [(n.text or "") for n in edfi_xml.all_of(element, "GradeLevel")]
            ),
            role=stored["role"]
            if stored
            else str(LICENSE_ROLE[ROLE_GROUP.get(position, RoleGroup.TEACHER)]),
            stage=stage,
            issued_on=reading.date("IssuanceDate", required=True),
            expires_on=reading.date("ExpirationDate"),
        )
        if (
            values["issued_on"]
            and values["expires_on"]
            and values["expires_on"] <= values["issued_on"]
        ):
            reading.problem(reading.node("ExpirationDate"), _("is not after the issuance date"))

    def match(self, values: dict, context: Context) -> str | None:
        record = values["_record"]
        if record == EDUCATOR_RECORD:
            return Educators().match(values, context.educators)
        if record == ASSIGNMENT_RECORD:
            if values["_employment"] is None:
                return None
            return Assignments().match(values, context.assignments)
        return Licenses().match(values, context.licenses)

    def comparable(self, values: dict) -> dict[str, str]:
        kind = {EDUCATOR_RECORD: Educators, ASSIGNMENT_RECORD: Assignments}.get(
            values["_record"], Licenses
        )
        return kind().comparable(values)

    def label_of(self, values: dict) -> str:
        kind = {EDUCATOR_RECORD: Educators, ASSIGNMENT_RECORD: Assignments}.get(
            values.get("_record"), Licenses
        )
        return kind().label_of(values)

    def apply(self, context: Context, *, adds, changes, absent, end_date, by) -> None:
        """Educators first, then the assignments and licenses of those the file adds."""

        def of(record):
            return (
                [v for v in adds if v["_record"] == record],
                [(k, v) for k, v in changes if v["_record"] == record],
            )

        new, changed = of(EDUCATOR_RECORD)
        Educators().apply(
            context.educators, adds=new, changes=changed, absent=[], end_date=None, by=by
        )
        new, changed = of(ASSIGNMENT_RECORD)
        if any(v["_employment"] is None for v in new):
            employments = Assignments().context(context.district).by_state_id
            for values in new:
                values["_employment"] = values["_employment"] or employments[values["state_id"]]
        Assignments().apply(
            context.assignments, adds=new, changes=changed, absent=[], end_date=None, by=by
        )
        new, changed = of(LICENSE_RECORD)
        people = dict(
            Person.objects.filter(state_id__in=[v["state_id"] for v in new]).values_list(
                "state_id", "pk"
            )
        )
        for values in new:
            values["_person"] = values["_person"] or people[values["state_id"]]
        Licenses().apply(
            context.licenses, adds=new, changes=changed, absent=[], end_date=None, by=by
        )


def _tandem_names(unique_id: str, stored) -> tuple[str, str]:
    """The names Tandem holds for a staff member the file names but does not give."""
    if stored is not None:
        return stored["first_name"], stored["last_name"]
    names = Person.objects.filter(state_id=unique_id).values_list("first_name", "last_name")
    return names.first() or ("", "")
