"""Reads for selection: a district's stages, a posting's candidates with their screening
totals and license fit, and each candidate's screening, interviews and scorecards."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.hiring.models import Application, Posting, RequiredLicense, Vacancy
from tandem.licensure.coverage import (
    ANY_GRADE,
    NOTHING_TAUGHT,
    covering,
    grade_bound,
    in_force_on,
    taught_bounds,
)
from tandem.licensure.models import License
from tandem.selection.models import (
    SCORE_MAX,
    Actor,
    Criterion,
    Interview,
    OutOfFieldReason,
    PanelMember,
    Scorecard,
    ScreeningScore,
    SelectionStage,
)

Stage = Application.Stage


@dataclass(frozen=True)
class StageStep:
    """A stage a district uses and who may move a candidate on from it."""

    stage: str
    actors: frozenset[str]

    @property
    def label(self) -> str:
        return Stage(self.stage).label


# What a district that has configured nothing uses: every stage, HR acting at each, the
# principal where the school chooses, the panel where it sees the candidate teach or talk.
DEFAULT_STAGES = (
    StageStep(Stage.APPLIED, frozenset({Actor.HR, Actor.PRINCIPAL})),
    StageStep(Stage.SCREENING, frozenset({Actor.HR, Actor.PRINCIPAL})),
    StageStep(Stage.INTERVIEW, frozenset({Actor.HR, Actor.PRINCIPAL, Actor.PANEL})),
    StageStep(Stage.DEMONSTRATION, frozenset({Actor.HR, Actor.PRINCIPAL, Actor.PANEL})),
    StageStep(Stage.REFERENCES, frozenset({Actor.HR, Actor.PRINCIPAL})),
    StageStep(Stage.RECOMMENDATION, frozenset({Actor.PRINCIPAL})),
    StageStep(Stage.APPROVAL, frozenset({Actor.HR})),
    StageStep(Stage.OFFER, frozenset({Actor.HR})),
)


def stages_of(district_id: int) -> list[StageStep]:
    """The district's stages in its order, or ``DEFAULT_STAGES`` when it has chosen none.
    Every application starts at Applied, so Applied is always the first."""
    rows = SelectionStage.objects.filter(district_id=district_id).order_by("position")
    steps = [
        StageStep(
            row.stage,
            frozenset(
                actor
                for actor, acts in (
                    (Actor.HR, row.by_hr),
                    (Actor.PRINCIPAL, row.by_principal),
                    (Actor.PANEL, row.by_panel),
                )
                if acts
            ),
        )
        for row in rows
    ]
    return steps or list(DEFAULT_STAGES)


def stage_step(steps: list[StageStep], stage: str) -> StageStep | None:
    return next((step for step in steps if step.stage == stage), None)


def stage_after(steps: list[StageStep], stage: str) -> StageStep | None:
    """The stage after ``stage`` in the district's order; None after the last. A stage the
    district no longer uses moves on to the first used stage after it in hiring's order."""
    order = list(Stage.values)
    position = order.index(stage)
    return next((step for step in steps if order.index(step.stage) > position), None)


# -- license fit -----------------------------------------------------------------------------


class LicenseFit:
    HELD = "held"
    PENDING = "pending"
    NONE = "none"
    LABELS = {
        HELD: _("Held"),
        PENDING: _("Pending"),
        NONE: _("None: out of field"),
    }
    CHOICES = list(LABELS.items())


def _fits(posting: Posting) -> list[tuple[str, tuple[int, int]]]:
    """What may cover the posting: the vacancy's subject and grades, or any one of its
    required licenses (field and grades)."""
    vacancy = posting.vacancy
    return [(vacancy.subject, taught_bounds(vacancy.grade_levels))] + [
        (required.field, taught_bounds(required.grade_levels))
        for required in vacancy.required_licenses.all()
    ]


def _covering_any(posting: Posting, licenses: QuerySet[License]) -> Q:
    """True where one of ``licenses`` covers one of the posting's fits."""
    condition = Q(pk__in=[])
    for subject, (low, high) in _fits(posting):
        condition |= Q(
            Exists(
                covering(
                    licenses,
                    subject=Value(subject.strip().lower()),
                    grade_low=Value(low),
                    grade_high=Value(high),
                )
            )
        )
    return condition


def with_license_fit(
    applications: QuerySet[Application], posting: Posting, day: datetime.date | None = None
) -> QuerySet[Application]:
    """``applications`` to ``posting`` with ``license_fit``: held when a license of the
    applicant in force on ``day`` (today) covers the posting, pending when one the state
    recorded comes into force later, else none. The rule is licensure's (``covering``), the
    same the out-of-field figures ask."""
    day = day or timezone.localdate()
    mine = License.objects.filter(person=OuterRef("person"))
    held = _covering_any(posting, mine.filter(in_force_on(day)))
    pending = _covering_any(posting, mine.filter(issued_on__gt=day))
    return applications.annotate(
        license_fit=Case(
            When(held, then=Value(LicenseFit.HELD)),
            When(pending, then=Value(LicenseFit.PENDING)),
            default=Value(LicenseFit.NONE),
        )
    )


def with_vacancy_license_fit(
    applications: QuerySet[Application], day: datetime.date | None = None
) -> QuerySet[Application]:
    """``applications`` to any postings with ``license_fit`` as ``with_license_fit`` reads it,
    in one query: each application's own vacancy (its subject and grades, or one of its
    required licenses) is named from the outer row, so a dashboard counts every posting's
    hires at once."""
    day = day or timezone.localdate()
    mine = License.objects.filter(person=OuterRef("person"))
    theirs = License.objects.filter(person=OuterRef(OuterRef("person")))
    vacancy_spans = set(Vacancy.objects.values_list("grade_levels", flat=True).distinct())
    required_spans = set(RequiredLicense.objects.values_list("grade_levels", flat=True))
    required = RequiredLicense.objects.filter(vacancy=OuterRef("posting__vacancy")).annotate(
        low=grade_bound("grade_levels", required_spans, 0, NOTHING_TAUGHT, empty=ANY_GRADE),
        high=grade_bound("grade_levels", required_spans, 1, NOTHING_TAUGHT, empty=ANY_GRADE),
    )

    def covered(licenses, outer_licenses) -> Q:
        own = covering(
            licenses,
            subject=Lower(OuterRef("vacancy_subject"), output_field=CharField()),
            grade_low=OuterRef("vacancy_low"),
            grade_high=OuterRef("vacancy_high"),
        )
        by_required = required.filter(
            Exists(
                covering(
                    outer_licenses,
                    subject=Lower(Trim(OuterRef("field"), output_field=CharField())),
                    grade_low=OuterRef("low"),
                    grade_high=OuterRef("high"),
                )
            )
        )
        return Q(Exists(own)) | Q(Exists(by_required))

    return applications.annotate(
        vacancy_subject=Lower(Trim("posting__vacancy__subject")),
        vacancy_low=grade_bound(
            "posting__vacancy__grade_levels", vacancy_spans, 0, NOTHING_TAUGHT, empty=ANY_GRADE
        ),
        vacancy_high=grade_bound(
            "posting__vacancy__grade_levels", vacancy_spans, 1, NOTHING_TAUGHT, empty=ANY_GRADE
        ),
    ).annotate(
        license_fit=Case(
            When(
                covered(mine.filter(in_force_on(day)), theirs.filter(in_force_on(day))),
                then=Value(LicenseFit.HELD),
            ),
            When(
                covered(mine.filter(issued_on__gt=day), theirs.filter(issued_on__gt=day)),
                then=Value(LicenseFit.PENDING),
            ),
            default=Value(LicenseFit.NONE),
        )
    )


def license_fit_of(application: Application, day: datetime.date | None = None) -> str:
    return (
        with_license_fit(Application.objects.filter(pk=application.pk), application.posting, day)
        .values_list("license_fit", flat=True)
        .get()
    )


# -- candidates ------------------------------------------------------------------------------


def screening_maximum(posting: Posting) -> int:
    """The highest screening total: every criterion scored 4, times its weight."""
    weights = Criterion.objects.filter(posting=posting, kind=Criterion.Kind.SCREENING)
    return SCORE_MAX * (weights.aggregate(total=Sum("weight"))["total"] or 0)


def _screening_total():
    """The weighted sum of an application's screening scores, averaged over its screeners."""
    scores = (
        ScreeningScore.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(
            total=Cast(Sum(F("score") * F("criterion__weight")), FloatField())
            / Count("screener", distinct=True)
        )
        .values("total")
    )
    return Subquery(scores, output_field=FloatField())


SORTS = {
    "score": (F("screening_total").desc(nulls_last=True), "person__last_name"),
    "name": ("person__last_name", "person__first_name"),
    "submitted": ("submitted_at",),
}


def candidates(
    posting: Posting, *, stage: str = "", fit: str = "", sort: str = "score", ended: bool = True
) -> QuerySet[Application]:
    """The posting's applications with ``screening_total``, ``license_fit`` and
    ``out_of_field_reason_recorded``, filtered by stage and fit, sorted by ``SORTS``."""
    applications = (
        Application.objects.filter(posting=posting)
        .select_related("person")
        .annotate(
            screening_total=_screening_total(),
            out_of_field_reason_recorded=Exists(
                OutOfFieldReason.objects.filter(application=OuterRef("pk"))
            ),
        )
    )
    applications = with_license_fit(applications, posting)
    if stage:
        applications = applications.filter(stage=stage)
    if fit:
        applications = applications.filter(license_fit=fit)
    if not ended:
        applications = applications.filter(outcome=Application.Outcome.IN_PROGRESS)
    return applications.order_by(*SORTS.get(sort, SORTS["score"]))


def candidate_get(posting: Posting, application_pk: int) -> Application | None:
    return candidates(posting).filter(pk=application_pk).first()


def panel_person_ids(posting: Posting) -> set[int]:
    return set(PanelMember.objects.filter(posting=posting).values_list("person_id", flat=True))


def panel_of(posting: Posting) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(posting=posting).select_related("person__user")


def criteria_of(posting: Posting, kind: str) -> list[Criterion]:
    return list(Criterion.objects.filter(posting=posting, kind=kind))


@dataclass(frozen=True)
class ScreenerScores:
    screener: object
    scores: dict[int, int]
    total: int


def screening_of(application: Application) -> list[ScreenerScores]:
    """Each screener's scores of the candidate (criterion pk → score) and weighted total."""
    screeners: dict[int, object] = {}
    scores: dict[int, dict[int, int]] = {}
    totals: dict[int, int] = {}
    for row in ScreeningScore.objects.filter(application=application).select_related(
        "screener", "criterion"
    ):
        screeners[row.screener_id] = row.screener
        scores.setdefault(row.screener_id, {})[row.criterion_id] = row.score
        totals[row.screener_id] = totals.get(row.screener_id, 0) + row.score * row.criterion.weight
    return [ScreenerScores(screeners[pk], scores[pk], totals[pk]) for pk in screeners]


def interviews_of(application: Application) -> QuerySet[Interview]:
    return Interview.objects.filter(application=application).prefetch_related("panel__person__user")


def scorecards_of(application: Application) -> QuerySet[Scorecard]:
    return (
        Scorecard.objects.filter(application=application)
        .select_related("panel_member__person", "application__posting__vacancy")
        .prefetch_related("scores__criterion")
    )


def scorecard_of(application: Application, person_id: int | None) -> Scorecard | None:
    if person_id is None:
        return None
    return scorecards_of(application).filter(panel_member__person_id=person_id).first()


def scorecard_total(scorecard: Scorecard) -> int:
    return sum(score.score * score.criterion.weight for score in scorecard.scores.all())


def postings_selected_by(roles, *, limit: int = 20) -> list[Posting]:
    """The postings ``roles`` has a part in selecting for (as ``rules.actors_of`` reads it)
    with candidates in progress, newest first, each with ``in_progress``."""
    part = Q(vacancy__district__in=roles.personnel_districts) | Q(
        vacancy__school__in=roles.principal_schools
    )
    if roles.person_id is not None:
        part |= Q(panel__person_id=roles.person_id)
    return list(
        Posting.objects.filter(part)
        .annotate(
            in_progress=Count(
                "applications",
                filter=Q(applications__outcome=Application.Outcome.IN_PROGRESS),
                distinct=True,
            )
        )
        .filter(in_progress__gt=0)
        .select_related("vacancy__school", "vacancy__district")
        .order_by("-opens_on", "-pk")[:limit]
    )
