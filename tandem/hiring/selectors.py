"""What the careers pages and the district's hiring pages read: open postings by filters, a
district's vacancies with the state of their newest posting, and a posting's counts by stage."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from tandem.hiring.models import Application, Posting, RequiredLicense, Vacancy
from tandem.organizations.models import District

SEARCH_LENGTH = 100


@dataclass(frozen=True)
class PostingFilters:
    """The careers pages' and the API's filters; an empty value filters nothing."""

    q: str = ""
    district_id: int | None = None
    region: str = ""
    subject: str = ""
    grade: int | None = None
    license_field: str = ""


def open_postings(
    filters: PostingFilters = PostingFilters(),
    *,
    day: datetime.date | None = None,
    staff_districts: frozenset[int] = frozenset(),
) -> QuerySet[Posting]:
    """Postings taking applications on ``day`` (today): every external one, and the internal
    ones of ``staff_districts`` (the districts whose staff the reader is), newest first."""
    day = day or timezone.localdate()
    postings = Posting.objects.open_on(day).filter(
        Q(audience=Posting.Audience.EXTERNAL) | Q(vacancy__district__in=staff_districts)
    )
    if filters.q:
        q = filters.q[:SEARCH_LENGTH]
        postings = postings.filter(
            Q(vacancy__title__icontains=q)
            | Q(vacancy__subject__icontains=q)
            | Q(description__icontains=q)
        )
    if filters.district_id:
        postings = postings.filter(vacancy__district_id=filters.district_id)
    if filters.region:
        postings = postings.filter(vacancy__district__region=filters.region)
    if filters.subject:
        postings = postings.filter(vacancy__subject__iexact=filters.subject)
    if filters.grade is not None:
        postings = postings.filter(
            vacancy__grade_from__lte=filters.grade, vacancy__grade_to__gte=filters.grade
        )
    if filters.license_field:
        postings = postings.filter(
            vacancy__in=RequiredLicense.objects.filter(field__iexact=filters.license_field).values(
                "vacancy"
            )
        )
    return postings.select_related("vacancy__district", "vacancy__school").order_by(
        "-opens_on", "-id"
    )


@dataclass(frozen=True)
class CareersChoices:
    """What the careers pages' filters offer: only values some open posting has."""

    districts: list[District]
    regions: list[str]
    subjects: list[str]
    license_fields: list[str]


def careers_choices(
    *, district_id: int | None = None, staff_districts: frozenset[int] = frozenset()
) -> CareersChoices:
    postings = open_postings(
        PostingFilters(district_id=district_id), staff_districts=staff_districts
    ).order_by()
    vacancies = Vacancy.objects.filter(pk__in=postings.values("vacancy"))
    return CareersChoices(
        districts=list(
            District.objects.filter(vacancies__in=vacancies).distinct().only("pk", "name")
        ),
        regions=list(
            District.objects.filter(vacancies__in=vacancies)
            .exclude(region="")
            .values_list("region", flat=True)
            .distinct()
            .order_by("region")
        ),
        subjects=list(
            vacancies.exclude(subject="")
            .values_list("subject", flat=True)
            .distinct()
            .order_by("subject")
        ),
        license_fields=list(
            RequiredLicense.objects.filter(vacancy__in=vacancies)
            .values_list("field", flat=True)
            .distinct()
            .order_by("field")
        ),
    )


def posting_get(pk: int) -> Posting | None:
    """A posting with what its careers page shows; who may read it is rules.may_read_posting."""
    return (
        Posting.objects.filter(pk=pk)
        .select_related("vacancy__district", "vacancy__school")
        .prefetch_related("vacancy__required_licenses", "questions")
        .first()
    )


VACANCY_STATUS_UNPOSTED = "unposted"


def district_vacancy_list(
    *,
    district: District,
    q: str = "",
    school_id: int | None = None,
    subject: str = "",
    status: str = "",
) -> QuerySet[Vacancy]:
    """The district's vacancies, each with its newest posting's id and status (open, upcoming,
    closed, or unposted when it has none), filtered."""
    day = timezone.localdate()
    newest = Posting.objects.filter(vacancy=OuterRef("pk")).order_by("-opens_on", "-id")
    vacancies = (
        Vacancy.objects.filter(district=district)
        .select_related("school")
        .annotate(
            posting_id=Subquery(newest.values("pk")[:1]),
            posting_opens_on=Subquery(newest.values("opens_on")[:1]),
            posting_closes_on=Subquery(newest.values("closes_on")[:1]),
            posting_closed_on=Subquery(newest.values("closed_on")[:1]),
            posting_audience=Subquery(newest.values("audience")[:1]),
        )
        .annotate(
            status=Case(
                When(posting_id__isnull=True, then=Value(VACANCY_STATUS_UNPOSTED)),
                When(
                    Q(posting_closed_on__isnull=False) | Q(posting_closes_on__lt=day),
                    then=Value(Posting.Status.CLOSED),
                ),
                When(posting_opens_on__gt=day, then=Value(Posting.Status.UPCOMING)),
                default=Value(Posting.Status.OPEN),
                output_field=CharField(),
            )
        )
    )
    if q:
        q = q[:SEARCH_LENGTH]
        vacancies = vacancies.filter(
            Q(title__icontains=q) | Q(subject__icontains=q) | Q(postings__description__icontains=q)
        ).distinct()
    if school_id:
        vacancies = vacancies.filter(school_id=school_id)
    if subject:
        vacancies = vacancies.filter(subject__iexact=subject)
    if status:
        vacancies = vacancies.filter(status=status)
    return vacancies.order_by("start_date", "title", "pk")


def district_subjects(district: District) -> list[str]:
    return list(
        Vacancy.objects.filter(district=district)
        .exclude(subject="")
        .values_list("subject", flat=True)
        .distinct()
        .order_by("subject")
    )


@dataclass(frozen=True)
class StageCount:
    label: str
    count: int


def application_counts(posting: Posting) -> tuple[list[StageCount], list[StageCount]]:
    """A posting's applications in progress by stage, and those ended by outcome: counts only,
    no applicant named (the candidate list is selection's)."""
    rows = Counter(
        {
            (row["stage"], row["outcome"]): row["n"]
            for row in Application.objects.filter(posting=posting)
            .values("stage", "outcome")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    in_progress = Counter()
    ended = Counter()
    for (stage, outcome), n in rows.items():
        if outcome == Application.Outcome.IN_PROGRESS:
            in_progress[stage] += n
        else:
            ended[outcome] += n
    return (
        [StageCount(label, in_progress[stage]) for stage, label in Application.Stage.choices],
        [
            StageCount(label, ended[outcome])
            for outcome, label in Application.Outcome.choices
            if outcome != Application.Outcome.IN_PROGRESS
        ],
    )


def district_open_posting_count(district_ids) -> dict[int, int]:
    """Open postings per district, for HR's home page."""
    return dict(
        Posting.objects.open_on(timezone.localdate())
        .filter(vacancy__district__in=district_ids)
        .values_list("vacancy__district")
        .annotate(n=Count("pk"))
        .order_by()
    )
