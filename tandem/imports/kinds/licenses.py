"""Educator licenses: the state's, held by a person across districts, loaded by a district that
employs them."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.imports.kinds.base import (
    Checked,
    Column,
    Kind,
    WritesRows,
    as_text,
    choice,
    choices_help,
    date,
    mepid,
    stored,
    text,
)
from tandem.licensure.models import License
from tandem.people.models import Employment, Person

# What a later file may change on a license; its number names it and its holder stays.
CHANGEABLE = ("field", "grade_levels", "role", "stage", "issued_on", "expires_on")

COLUMNS = [
    Column(
        "state_id",
        gettext_lazy(
            "The holder's MEPID. A license is the person's in every district, so the MEPID is "
            "required; import the educators first."
        ),
        "10234567",
        required=True,
        parse=mepid,
    ),
    Column(
        "license_number",
        gettext_lazy(
            "The license number the state gave, as on the license. A row is matched on it."
        ),
        "412345",
        required=True,
        parse=text(20),
    ),
    Column(
        "field",
        gettext_lazy("The license's field, such as Mathematics or Elementary."),
        "Mathematics",
        required=True,
        parse=text(150),
    ),
    Column(
        "grade_levels",
        gettext_lazy("The grades it covers, such as 5-8 or PreK-2."),
        "5-8",
        parse=text(20),
    ),
    Column(
        "role",
        gettext_lazy("What the license is for: %(choices)s.")
        % {"choices": choices_help(License.Role.choices)},
        "teacher",
        required=True,
        parse=choice(License.Role.choices),
    ),
    Column(
        "stage",
        gettext_lazy("The license type (603 CMR 7.04): %(choices)s.")
        % {"choices": choices_help(License.Stage.choices)},
        "initial",
        required=True,
        parse=choice(License.Stage.choices),
    ),
    Column(
        "issued_on",
        gettext_lazy("The day the license was issued, as YYYY-MM-DD."),
        "2021-07-01",
        required=True,
        parse=date,
    ),
    Column(
        "expires_on",
        gettext_lazy("The day it expires, if it does; empty for none."),
        "2026-06-30",
        parse=date,
    ),
]


@dataclass
class Context:
    district: object
    # MEPIDs of the people this district employs or has employed → person pk.
    employed: dict[str, int] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    # Every license in Tandem: number → (license pk, holder's person pk).
    holders: dict[str, tuple[int, int]] = field(default_factory=dict)
    current: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)


class Licenses(WritesRows, Kind):
    slug = "licenses"
    label = gettext_lazy("Educator licenses")
    intro = gettext_lazy(
        "One row per license an educator of the district holds, as the state issued it. Import "
        "the educators first: each row names its holder by MEPID. A license is matched on its "
        "number; its field, grades, role, stage and dates may change. Licenses the file leaves "
        "out stay as they are."
    )
    columns = COLUMNS
    model = License
    changeable = CHANGEABLE

    def context(self, district) -> Context:
        context = Context(
            district=district,
            employed=dict(
                Employment.objects.filter(district=district)
                .exclude(person__state_id=None)
                .values_list("person__state_id", "person_id")
            ),
            known=set(
                Person.objects.exclude(state_id=None)
                .values_list("state_id", flat=True)
                .iterator(chunk_size=5000)
            ),
        )
        state_ids = {pk: state_id for state_id, pk in context.employed.items()}
        for pk, number, person_id, *values in stored(
            License.objects, "pk", "license_number", "person_id", *CHANGEABLE
        ):
            context.holders[number] = (pk, person_id)
            if person_id in state_ids:
                fields = dict(zip(CHANGEABLE, values, strict=True))
                fields.update(state_id=state_ids[person_id], license_number=number)
                context.current[f"license:{pk}"] = (
                    pk,
                    {name: as_text(v) for name, v in fields.items()},
                )
        return context

    def check(self, row: Checked, context: Context) -> None:
        values = row.values
        state_id = values.get("state_id")
        person = context.employed.get(state_id) if state_id else None
        if state_id and person is None:
            row.problem(
                "state_id",
                _("is not an educator of this district")
                if state_id in context.known
                else _("names no educator in Tandem: import the educators first"),
            )
        values["_person"] = person
        holder = context.holders.get(values.get("license_number"))
        if person is not None and holder is not None and holder[1] != person:
            row.problem("license_number", _("is another educator's license"))
        issued, expires = values.get("issued_on"), values.get("expires_on")
        if issued and expires and expires <= issued:
            row.problem("expires_on", _("is not after the day it was issued"))

    def file_keys(self, values: dict) -> tuple[str, ...]:
        return (_("license %(n)s") % {"n": values.get("license_number")},)

    def match(self, values: dict, context: Context) -> str | None:
        holder = context.holders.get(values["license_number"])
        return f"license:{holder[0]}" if holder else None

    def comparable(self, values: dict) -> dict[str, str]:
        names = ("state_id", "license_number", *CHANGEABLE)
        return {name: as_text(values.get(name)) for name in names}

    def label_of(self, values: dict) -> str:
        return (
            f"{values.get('license_number', '')} · {values.get('field', '')} "
            f"({values.get('state_id', '')})"
        )

    def build(self, values: dict) -> License:
        return License(
            person_id=values["_person"],
            license_number=values["license_number"],
            **{name: values[name] for name in CHANGEABLE},
        )
