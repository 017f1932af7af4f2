"""Organizations: a district's schools, and the state's districts, on their state codes.

District HR and administrators load their own district's schools; the state administrator
loads the state's districts (kind ``districts``) and then its schools, each row naming its
district by ``district_code``. A school is matched on its organization code, which the state
gives once: a code that is another district's school is refused in a district's file.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from tandem.imports.kinds.base import (
    DISTRICT,
    STATE,
    Checked,
    Column,
    Invalid,
    Kind,
    choice,
    choices_help,
    text,
)
from tandem.organizations.models import District, School, StateAgency

SCHOOL_FIELDS = ("name", "level", "grade_span", "district_code")
DISTRICT_FIELDS = ("name", "region")


def org_code(value: str) -> str:
    if value and not (value.isdigit() and len(value) == 8):
        raise Invalid(_("is not an organization code: eight digits"))
    return value


SCHOOL_COLUMNS = [
    Column(
        "org_code",
        gettext_lazy("The school's eight-digit organization code, as the state gives it."),
        "00350005",
        required=True,
        parse=org_code,
    ),
    Column(
        "name",
        gettext_lazy("The school's name."),
        "Hillside Elementary",
        required=True,
        parse=text(200),
    ),
    Column(
        "level",
        gettext_lazy("The school's level: %(choices)s.")
        % {"choices": choices_help(School.Level.choices)},
        "elementary",
        required=True,
        parse=choice(School.Level.choices),
    ),
    Column("grade_span", gettext_lazy("The grades it serves, such as K-5."), "K-5", parse=text(20)),
    Column(
        "district_code",
        gettext_lazy(
            "The organization code of the school's district. Required in the state's file; "
            "in a district's file it may be left empty, and otherwise must be the district's."
        ),
        "00350000",
        parse=org_code,
    ),
]

DISTRICT_COLUMNS = [
    Column(
        "org_code",
        gettext_lazy("The district's eight-digit organization code, as the state gives it."),
        "00350000",
        required=True,
        parse=org_code,
    ),
    Column(
        "name",
        gettext_lazy("The district's name."),
        "Riverton Public Schools",
        required=True,
        parse=text(200),
    ),
    Column(
        "region",
        gettext_lazy("The state's region the district is in, if any."),
        "Central",
        parse=text(100),
    ),
]


class Organizations(Kind):
    """A kind of organization matched on its state code: what schools and districts share."""

    model: type
    fields: tuple[str, ...]
    noun: str

    def file_keys(self, values: dict) -> tuple[str, ...]:
        return (f"{self.noun} {values.get('org_code')}",)

    def comparable(self, values: dict) -> dict[str, str]:
        return {name: values.get(name) or "" for name in self.fields}

    def label_of(self, values: dict) -> str:
        return f"{values.get('name', '')} ({values.get('org_code', '')})"

    def write(self, *, adds, changes, by, values_of) -> None:
        """Add ``adds`` and change ``changes``, each turned into model fields by ``values_of``."""
        bulk_create_with_history(
            [self.model(org_code=values["org_code"], **values_of(values)) for values in adds],
            self.model,
            default_user=by,
        )
        by_pk = {int(key.split(":")[1]): values_of(values) for key, values in changes}
        changed = list(self.model.objects.filter(pk__in=by_pk))
        for record in changed:
            for name, value in by_pk[record.pk].items():
                setattr(record, name, value)
        if changed:
            names = sorted({name for values in by_pk.values() for name in values})
            bulk_update_with_history(changed, self.model, names, default_user=by)


@dataclass(kw_only=True)
class DistrictContext:
    state: StateAgency
    # The state's districts: code → pk.
    districts: dict[str, int]
    current: dict[str, tuple[dict[str, str]]] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)


@dataclass(kw_only=True)
class SchoolContext(DistrictContext):
    # The run's district, or the state.
    scope: object
    # Every school in the state: code → (pk, district pk).
    schools: dict[str, tuple[int, int]]


class Schools(Organizations):
    slug = "schools"
    label = gettext_lazy("Schools")
    intro = gettext_lazy(
        "One row per school, with the organization code the state gives it. A row updates the "
        "school with its code and adds the others; schools are never removed by a file. The "
        "state administrator loads every district's schools, each row naming its district."
    )
    columns = SCHOOL_COLUMNS
    scopes = (DISTRICT, STATE)
    model, fields, noun = School, SCHOOL_FIELDS, gettext_lazy("school")

    def context(self, scope) -> SchoolContext:
        state = scope if isinstance(scope, StateAgency) else scope.state
        districts = dict(District.objects.filter(state=state).values_list("org_code", "pk"))
        codes = {pk: code for code, pk in districts.items()}
        context = SchoolContext(state=state, scope=scope, schools={}, districts=districts)
        for pk, code, district_id, *values in School.objects.filter(
            district__state=state
        ).values_list("pk", "org_code", "district_id", "name", "level", "grade_span"):
            context.schools[code] = (pk, district_id)
            if isinstance(scope, StateAgency) or district_id == scope.pk:
                fields = dict(zip(SCHOOL_FIELDS, [*values, codes[district_id]], strict=True))
                context.current[f"school:{pk}"] = (fields,)
        return context

    def check(self, row: Checked, context: SchoolContext) -> None:
        values, scope = row.values, context.scope
        code = values.get("district_code")
        if isinstance(scope, StateAgency):
            if not code:
                row.problem("district_code", _("is required in the state's file"))
            elif code not in context.districts:
                row.problem("district_code", _("is not a district of the state: import it first"))
        elif code and code != scope.org_code:
            row.problem(
                "district_code",
                _("is not this district's code (%(code)s)") % {"code": scope.org_code},
            )
        else:
            values["district_code"] = scope.org_code
            school = context.schools.get(values.get("org_code"))
            if school is not None and school[1] != scope.pk:
                row.problem("org_code", _("is another district's school"))

    def match(self, values: dict, context: SchoolContext) -> str | None:
        school = context.schools.get(values["org_code"])
        return f"school:{school[0]}" if school else None

    def apply(self, context: SchoolContext, *, adds, changes, absent, end_date, by) -> None:
        def values_of(values: dict) -> dict:
            return {
                **{name: values[name] for name in SCHOOL_FIELDS[:3]},
                "district_id": context.districts[values["district_code"]],
            }

        self.write(adds=adds, changes=changes, by=by, values_of=values_of)


class Districts(Organizations):
    slug = "districts"
    label = gettext_lazy("The state's districts")
    intro = gettext_lazy(
        "For the state administrator: one row per district, with the organization code the "
        "state gives it. Load the districts before their schools."
    )
    columns = DISTRICT_COLUMNS
    scopes = (STATE,)
    model, fields, noun = District, DISTRICT_FIELDS, gettext_lazy("district")

    def context(self, state) -> DistrictContext:
        context = DistrictContext(state=state, districts={})
        for pk, code, *values in District.objects.filter(state=state).values_list(
            "pk", "org_code", *DISTRICT_FIELDS
        ):
            context.districts[code] = pk
            context.current[f"district:{pk}"] = (dict(zip(DISTRICT_FIELDS, values, strict=True)),)
        return context

    def match(self, values: dict, context: DistrictContext) -> str | None:
        pk = context.districts.get(values["org_code"])
        return f"district:{pk}" if pk else None

    def apply(self, context: DistrictContext, *, adds, changes, absent, end_date, by) -> None:
        def values_of(values: dict) -> dict:
            return {"state": context.state, **{name: values[name] for name in DISTRICT_FIELDS}}

        self.write(adds=adds, changes=changes, by=by, values_of=values_of)
