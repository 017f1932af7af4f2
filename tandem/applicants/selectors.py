"""Reads of the applicant's side: their profile, their applications, and the
equal-opportunity counts (always suppressed)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.applicants import eeo
from tandem.applicants.models import (
    Document,
    Education,
    EqualOpportunityTally,
    Experience,
    Reference,
    Submission,
)
from tandem.hiring.models import Application, Posting
from tandem.licensure.selectors import licenses_of
from tandem.people.models import Person
from tandem.records.suppression import Row, SuppressedTable, Table, suppress


@dataclass(frozen=True)
class Profile:
    person: Person
    education: list[Education]
    experience: list[Experience]
    references: list[Reference]
    documents: list[Document]
    licenses: list

    def snapshot(self) -> dict:
        """The profile as plain values, kept with an application when it is sent."""
        return {
            "name": str(self.person),
            "email": self.person.email,
            "education": [
                {"institution": e.institution, "degree": e.degree, "field": e.field, "year": e.year}
                for e in self.education
            ],
            "experience": [
                {
                    "employer": e.employer,
                    "role": e.role,
                    "from": e.started_on.isoformat(),
                    "to": e.ended_on.isoformat() if e.ended_on else None,
                }
                for e in self.experience
            ],
            "references": [
                {"name": r.name, "relation": r.relation, "email": r.email, "phone": r.phone}
                for r in self.references
            ],
            "documents": [
                {"kind": d.get_kind_display(), "title": d.title, "file_id": d.file_id}
                for d in self.documents
            ],
            "licenses": [
                {
                    "number": lic.license_number,
                    "field": lic.field,
                    "grade_levels": lic.grade_levels,
                    "stage": lic.get_stage_display(),
                    "role": lic.get_role_display(),
                    "issued_on": lic.issued_on.isoformat(),
                    "expires_on": lic.expires_on.isoformat() if lic.expires_on else None,
                }
                for lic in self.licenses
            ],
        }


def profile_of(person: Person) -> Profile:
    return Profile(
        person=person,
        education=list(Education.objects.filter(person=person)),
        experience=list(Experience.objects.filter(person=person)),
        references=list(Reference.objects.filter(person=person)),
        documents=list(
            Document.objects.filter(person=person, removed_at__isnull=True).select_related("file")
        ),
        licenses=list(licenses_of(person)),
    )


def applications_of(person_id: int | None) -> QuerySet[Application]:
    return (
        Application.objects.filter(person_id=person_id)
        .select_related("posting__vacancy__district", "posting__vacancy__school")
        .order_by("-submitted_at", "-id")
    )


def application_of(person_id: int | None, pk: int) -> Application | None:
    return applications_of(person_id).filter(pk=pk).first()


# What an application's stage and outcome mean to the applicant: the district's steps in
# plain words, never its notes or scores.
STAGE_WORDS = {
    Application.Stage.APPLIED: gettext_lazy("Received: the district has your application."),
    Application.Stage.SCREENING: gettext_lazy("Being reviewed by the district."),
    Application.Stage.INTERVIEW: gettext_lazy("Interviews: the district may contact you to meet."),
    Application.Stage.DEMONSTRATION: gettext_lazy(
        "Demonstration lesson: the district may ask you to teach."
    ),
    Application.Stage.REFERENCES: gettext_lazy(
        "References: the district is contacting your references."
    ),
    Application.Stage.RECOMMENDATION: gettext_lazy("Under consideration for a recommendation."),
    Application.Stage.APPROVAL: gettext_lazy("Under consideration for a recommendation."),
    Application.Stage.OFFER: gettext_lazy(
        "Offer: the district is making or has made you an offer."
    ),
}
OUTCOME_WORDS = {
    Application.Outcome.WITHDRAWN: gettext_lazy("You withdrew this application."),
    Application.Outcome.NOT_SELECTED: gettext_lazy("The district chose another applicant."),
    Application.Outcome.OFFER_DECLINED: gettext_lazy("You declined the offer."),
    Application.Outcome.OFFER_EXPIRED: gettext_lazy("The offer expired."),
    Application.Outcome.HIRED: gettext_lazy("Hired. Welcome!"),
}


def status_words(application: Application) -> str:
    """Where the application stands, as the applicant reads it."""
    if application.is_open:
        return str(STAGE_WORDS[application.stage])
    return str(OUTCOME_WORDS[application.outcome])


def eeo_postings(district_ids: frozenset[int] | None) -> QuerySet[Posting]:
    """The postings whose counts a reader sees: of ``district_ids``, or all (None)."""
    postings = Posting.objects.select_related("vacancy__district").order_by(
        "vacancy__district__name", "-opens_on", "pk"
    )
    return postings if district_ids is None else postings.filter(vacancy__district__in=district_ids)


EEO_QUESTIONS = [
    (
        EqualOpportunityTally.Question.ETHNICITY_RACE,
        EqualOpportunityTally.Question.ETHNICITY_RACE.label,
        eeo.ETHNICITY_RACE_CATEGORIES,
    ),
    (
        EqualOpportunityTally.Question.SEX,
        EqualOpportunityTally.Question.SEX.label,
        eeo.SEX_CATEGORIES,
    ),
]


def eeo_tables(postings, *, by: str) -> dict[str, SuppressedTable]:
    """The counts of each question for the postings, a row per posting (``by="posting"``) or
    per district (``by="district"``) and the total; every row through small-group
    suppression, for nobody has a right to anyone's answer."""
    postings = list(postings)
    population: dict = {p.pk: {} for p in postings}
    for tally in EqualOpportunityTally.objects.filter(posting__in=postings):
        population[tally.posting_id][(tally.question, tally.answer)] = tally.count
    if by == "posting":
        rows = [
            Row(
                p.pk,
                f"{p.vacancy.title} ({p.vacancy.district.name}, {p.opens_on:%Y-%m-%d})",
                _is(p.pk),
            )
            for p in postings
        ]
    else:
        districts = {p.vacancy.district_id: p.vacancy.district for p in postings}
        rows = [
            Row(d.pk, d.name, _in({p.pk for p in postings if p.vacancy.district_id == d.pk}))
            for d in districts.values()
        ]
    total = Row("all", _("All"), lambda posting_id: True)
    tables = [
        Table(
            name=question,
            rows=[*rows, total],
            columns=[(question, key) for key, _label in categories],
            hierarchy={"all": [row.key for row in rows]},
            margin="all",
        )
        for question, _title, categories in EEO_QUESTIONS
    ]
    return suppress(population, tables, aggregates_only=True)


def _is(posting_id):
    return lambda group: group == posting_id


def _in(posting_ids):
    return lambda group: group in posting_ids


def submission_of(application: Application) -> tuple[Submission | None, list]:
    """What the applicant sent with ``application`` (the profile as it stood, with its
    documents) and the answers to the posting's questions, for those who select."""
    submission = (
        Submission.objects.filter(application=application).prefetch_related("documents").first()
    )
    answers = list(application.answers.select_related("question").order_by("question__position"))
    return submission, answers


def submitted_document(application: Application, document_pk: int) -> Document | None:
    """A document the applicant sent with ``application``, and only such a one."""
    submission = Submission.objects.filter(application=application).first()
    if submission is None:
        return None
    return submission.documents.filter(pk=document_pk).select_related("file").first()
