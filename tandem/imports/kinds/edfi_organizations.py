"""Ed-Fi InterchangeEducationOrganization: the state's districts and schools, for the state
administrator.

A LocalEducationAgency is a district and a School a school, each matched on its organization
code: the identification code the state (SEA) gives it when the entity carries one, otherwise
its Ed-Fi identifier, written with at least eight digits. A school's grade levels give its
grade span; a new school's level is read from them (a school whose grades Tandem does not
count is K-12). The StateEducationAgency is read for its references only: the run's state is
the one loaded. Every other organization is left out, and nothing the file leaves out is
removed. A reference to a state agency or district that is neither in the file nor in Tandem
is a problem, as is every unknown descriptor.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.imports import edfi_xml
from tandem.imports.kinds.base import STATE
from tandem.imports.kinds.edfi import EdfiKind, broken
from tandem.imports.kinds.schools import (
    DistrictContext,
    Districts,
    SchoolContext,
    Schools,
)
from tandem.organizations.models import District, School

SEA, LEA, SCHOOL = "StateEducationAgency", "LocalEducationAgency", "School"
DISTRICT_RECORD, SCHOOL_RECORD = "district", "school"
# The longest organization code Tandem keeps (Ed-Fi identifiers are integers of ten digits).
CODE_LENGTH = 10


@dataclass
class Context:
    state: object
    districts: DistrictContext
    schools: SchoolContext
    current: dict
    active: set


def _level(span: str) -> str:
    """A new school's level, from the highest grade it serves."""
    high = span.rpartition("-")[2]
    if not high.isdigit():
        return School.Level.ELEMENTARY if high in ("PK", "K") else School.Level.K12
    if span.partition("-")[0] in ("PK", "K") and int(high) > 8:
        return School.Level.K12
    return (
        School.Level.ELEMENTARY
        if int(high) <= 5
        else School.Level.MIDDLE
        if int(high) <= 8
        else School.Level.HIGH
    )


class EdfiOrganizations(EdfiKind):
    slug = "edfi_organizations"
    label = gettext_lazy("Ed-Fi education organizations (XML)")
    intro = gettext_lazy(
        "For the state administrator: an Ed-Fi Data Standard 5.2 InterchangeEducationOrganization "
        "another Ed-Fi system publishes. Districts and schools are matched on the organization "
        "code the state gives them (the SEA identification code, or else the Ed-Fi identifier "
        "with at least eight digits); their names and grades follow the file. Nothing the "
        "file leaves out is removed."
    )
    interchange = "InterchangeEducationOrganization"
    entities = [
        (
            LEA,
            gettext_lazy("A district: its name; its state agency must be the file's or Tandem's."),
        ),
        (
            SCHOOL,
            gettext_lazy(
                "A school: its name and grade levels (the grade span); a new school's level is "
                "read from its grades. Its district must be in the file or in Tandem."
            ),
        ),
        (SEA, gettext_lazy("Read for the references to it; the state itself is not changed.")),
    ]
    scopes = (STATE,)

    def context(self, state) -> Context:
        districts = Districts().context(state)
        schools = Schools().context(state)
        return Context(
            state=state,
            districts=districts,
            schools=schools,
            current={**districts.current, **schools.current},
            active=set(),
        )

    def index(self, stream, context: Context) -> dict:
        """The file's state agencies and districts by Ed-Fi identifier (district → code)."""
        index = {"seas": set(), "leas": {}}
        for element in edfi_xml.entities(stream, self.interchange):
            tag = edfi_xml.local(element.tag)
            if tag == SEA:
                index["seas"].add(edfi_xml.edorg_id(element, "StateEducationAgencyId"))
            elif tag == LEA:
                identifier = edfi_xml.edorg_id(element, "LocalEducationAgencyId")
                index["leas"][identifier] = edfi_xml.org_code_of(element, "LocalEducationAgencyId")
        index["seas"].add(int(context.state.code) if context.state.code.isdigit() else None)
        index["tandem_districts"] = {int(code): code for code in context.districts.districts}
        return index

    def read(self, reading, tag, index, context: Context) -> None:
        if tag not in (LEA, SCHOOL):
            return
        element, values = reading.element, reading.row.values
        id_tag = "LocalEducationAgencyId" if tag == LEA else "SchoolId"
        code = edfi_xml.org_code_of(element, id_tag)
        name = edfi_xml.text(element, "NameOfInstitution")
        if not name:
            reading.missing("NameOfInstitution", _("is required"))
        if not (code.isdigit() and len(code) <= CODE_LENGTH):
            reading.problem(
                reading.node(id_tag), _("is not an organization code: up to ten digits"), code
            )
        values.update(org_code=code, name=name[:200])
        if tag == LEA:
            self._district(reading, index, context)
        else:
            self._school(reading, index, context)

    def _district(self, reading, index, context: Context) -> None:
        values = reading.row.values
        path = "StateEducationAgencyReference/StateEducationAgencyIdentity/StateEducationAgencyId"
        reference = reading.node(path)
        if reference is not None and edfi_xml.edorg_id(reading.element, path) not in index["seas"]:
            broken(reading, reference, _("a state education agency"))
        key = Districts().match(values, context.districts)
        values.update(
            _record=DISTRICT_RECORD,
            _key=_("district %(code)s") % {"code": values["org_code"]},
            region=context.current[key][-1]["region"] if key else "",
        )

    def _school(self, reading, index, context: Context) -> None:
        element, values = reading.element, reading.row.values
        path = "LocalEducationAgencyReference/LocalEducationAgencyIdentity/LocalEducationAgencyId"
        district = edfi_xml.edorg_id(element, path)
        code = index["leas"].get(district) or index["tandem_districts"].get(district)
        if reading.node(path) is None:
            reading.missing(
                "LocalEducationAgencyReference",
                _("is required: Tandem keeps a school in a district"),
            )
        elif code is None:
            broken(reading, reading.node(path), _("a district"))
        span = edfi_xml.grade_span(
            [(node.text or "").strip() for node in edfi_xml.all_of(element, "GradeLevel")]
        )
        key = Schools().match(values, context.schools)
        values.update(
            _record=SCHOOL_RECORD,
            _key=_("school %(code)s") % {"code": values["org_code"]},
            grade_span=span,
            district_code=code or "",
            level=context.current[key][-1]["level"] if key else _level(span),
        )

    def match(self, values: dict, context: Context) -> str | None:
        if values["_record"] == DISTRICT_RECORD:
            return Districts().match(values, context.districts)
        return Schools().match(values, context.schools)

    def comparable(self, values: dict) -> dict[str, str]:
        if values["_record"] == DISTRICT_RECORD:
            return Districts().comparable(values)
        return Schools().comparable(values)

    def label_of(self, values: dict) -> str:
        return Schools().label_of(values)

    def apply(self, context: Context, *, adds, changes, absent, end_date, by) -> None:
        """Districts first, so that a new school's new district is there for it."""
        for record, kind, kind_context in (
            (DISTRICT_RECORD, Districts(), context.districts),
            (SCHOOL_RECORD, Schools(), context.schools),
        ):
            if record == SCHOOL_RECORD:
                kind_context.districts = dict(
                    District.objects.filter(state=context.state).values_list("org_code", "pk")
                )
            kind.apply(
                kind_context,
                adds=[v for v in adds if v["_record"] == record],
                changes=[(k, v) for k, v in changes if v["_record"] == record],
                absent=[],
                end_date=None,
                by=by,
            )
