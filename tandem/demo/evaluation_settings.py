"""What a district's evaluations run under: its settings, first established and later
bargained, and (in the first district) its own published rubrics.
"""

import datetime

from tandem.bargaining.services import (
    DEFAULT_EVALUATION_SETTINGS,
    SIGNED_AS_COMMITTEE,
    SIGNED_AS_MANAGEMENT,
    SIGNED_AS_UNION,
    district_settings_establish,
)
from tandem.demo.calendars import HISTORY_YEARS, moment_after, school_year_bounds
from tandem.organizations.models import (
    BargainingUnit,
    District,
    DistrictSettingsVersion,
    SchoolYear,
    SettingsProposal,
)
from tandem.people.models import User
from tandem.records.models import Signature
from tandem.records.services import signature_sign
from tandem.rubrics.models import FrameworkVersion
from tandem.rubrics.services import framework_adopt, framework_version_publish

BARGAINED_EVERY = 10  # every tenth district has a bargained change to its settings


def settings_establish(district: District, school_year: SchoolYear) -> DistrictSettingsVersion:
    """The district's first settings, in force since it joined, before the cycles' history."""
    start = school_year.start_date
    return district_settings_establish(
        district=district,
        values=DEFAULT_EVALUATION_SETTINGS,
        effective_from=start.replace(year=start.year - HISTORY_YEARS),
        note="First version, adopted when the district joined Tandem.",
    )


def bargained_settings(
    district: District,
    unit: BargainingUnit,
    *,
    today: datetime.date,
    management: User,
    union: User,
    chair: User,
    pending: bool,
) -> None:
    """A bargained change to Unit A's settings, signed last spring and in force from next
    school year; in the first district, a further proposal waits for the union.

    Written directly and signed through ``signature_sign``: the organizations' services
    refuse a date that has passed by the clock (``effective_from < timezone.localdate()``),
    which the demo's history, built for its own "today", cannot promise.
    """
    next_year = school_year_bounds(today.replace(year=today.year + 1))[0]
    spring = today - datetime.timedelta(days=200)
    adopted = SettingsProposal.objects.create(
        district=district,
        bargaining_unit=unit,
        values={
            **DEFAULT_EVALUATION_SETTINGS,
            "response_school_days": 7,
            "observation_minimums": {
                **DEFAULT_EVALUATION_SETTINGS["observation_minimums"],
                "self_directed": {"announced": 0, "unannounced": 2},
            },
        },
        effective_from=next_year,
        rationale="Successor agreement, article 12: seven school days to respond to a "
        "summative, and a second unannounced visit on self-directed plans.",
        status=SettingsProposal.Status.ADOPTED,
        proposed_by=management,
        agreed_by=union,
        adopted_by=chair,
    )
    acts = [
        (adopted, management, SIGNED_AS_MANAGEMENT, 0),
        (adopted, union, SIGNED_AS_UNION, 14),
        (adopted, chair, SIGNED_AS_COMMITTEE, 28),
    ]
    if pending:
        waiting = SettingsProposal.objects.create(
            district=district,
            bargaining_unit=unit,
            values={
                **adopted.values,
                "feedback_school_days": 3,
                "due_dates_by_plan": {"developing": {"formative": "01-15"}},
            },
            effective_from=school_year_bounds(next_year.replace(year=next_year.year + 1))[0],
            rationale="Earlier feedback after observations, and an earlier formative "
            "assessment for educators in their first years.",
            proposed_by=management,
        )
        acts.append((waiting, management, SIGNED_AS_MANAGEMENT, 190))
    for proposal, signer, capacity, day in acts:
        signature = signature_sign(signer=signer, record=proposal, capacity=capacity)
        Signature.objects.filter(pk=signature.pk).update(signed_at=moment_after(spring, day))
    SettingsProposal.objects.filter(pk=adopted.pk).update(
        proposed_at=moment_after(spring, 0),
        agreed_at=moment_after(spring, 14),
        adopted_at=moment_after(spring, 28),
    )
    if pending:
        SettingsProposal.objects.filter(pk=waiting.pk).update(proposed_at=moment_after(spring, 190))
    DistrictSettingsVersion.objects.create(
        district=district,
        bargaining_unit=unit,
        number=1,
        effective_from=adopted.effective_from,
        values=adopted.values,
        adopted_by=chair,
        proposal=adopted,
        note=adopted.rationale,
    )


def draft_frameworks_adopt(district: District, by: User) -> None:
    """The first district has checked the state's draft rubrics and published its own."""
    for version in FrameworkVersion.objects.filter(
        framework__district__isnull=True, status=FrameworkVersion.Status.DRAFT
    ):
        own = framework_adopt(version_id=version.pk, district=district, by=by)
        framework_version_publish(version_id=own.pk, version=own.version, by=by)
