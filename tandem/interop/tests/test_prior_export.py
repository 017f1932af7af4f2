"""Ratings from before Tandem (evaluation.PriorRating) in the Ed-Fi export."""

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType

from tandem.evaluation.models import EvaluationCycle, PriorRating, SummativeEvaluation
from tandem.evaluation.tests.factories import (
    EvaluationCycleFactory,
    PriorRatingFactory,
    SummativeEvaluationFactory,
)
from tandem.interop import services
from tandem.interop.documents.rubric import PRIOR_TITLE
from tandem.interop.tests.conformance import problems
from tandem.people.tests.factories import EmploymentFactory, RoleGrantFactory
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def prior():
    """A district's rating of 2023-24 from before Tandem, Standard IV not recorded."""
    rating = PriorRatingFactory(overall_rating="needs_improvement", standard_4="")
    rating.standard_1 = "exemplary"
    rating.save()
    return rating


def _export(tmp_path, district, reader):
    return services.edfi_export_write(
        district=district, folder=tmp_path, reader=reader, path="/test"
    )


def _json(tmp_path, resource):
    return json.loads((tmp_path / "json" / f"{resource}.json").read_text())


def test_a_prior_rating_goes_out_like_a_signed_summative_and_conforms(tmp_path, prior):
    district = prior.employment.district
    result = _export(tmp_path, district, RoleGrantFactory(district=district).user)
    assert problems(tmp_path) == []
    counts = result["counts"]
    assert counts["PerformanceEvaluation"] == 1 and counts["Evaluation"] == 1
    assert counts["EvaluationObjective"] == 4 and "EvaluationElement" not in counts
    assert counts["PerformanceEvaluationRating"] == counts["EvaluationRating"] == 1
    assert counts["EvaluationObjectiveRating"] == 3  # Standard IV was not recorded
    (overall,) = _json(tmp_path, "performanceEvaluationRatings")
    assert overall["personReference"]["personId"] == prior.employment.person.state_id
    assert overall["performanceEvaluationReference"]["schoolYear"] == 2024
    assert overall["performanceEvaluationRatingLevelDescriptor"].endswith("#Needs Improvement")
    assert overall["actualDate"] == "2024-05-20" and "reviewers" not in overall
    (rating,) = _json(tmp_path, "evaluationRatings")
    assert rating["evaluationReference"]["evaluationTitle"] == PRIOR_TITLE
    assert rating["evaluationRatingStatusDescriptor"].endswith("#Recorded before Tandem")
    standards = _json(tmp_path, "evaluationObjectiveRatings")
    assert [
        (
            s["evaluationObjectiveReference"]["evaluationObjectiveTitle"],
            s["objectiveRatingLevelDescriptor"].split("#")[1],
        )
        for s in standards
    ] == [
        ("Standard I", "Exemplary"),
        ("Standard II", "Proficient"),
        ("Standard III", "Proficient"),
    ]


def test_every_prior_rating_exported_is_in_the_access_log_as_read(tmp_path, prior):
    district = prior.employment.district
    hr = RoleGrantFactory(district=district).user
    _export(tmp_path, district, hr)
    entry = AccessLogEntry.objects.get(user=hr)
    assert entry.content_type == ContentType.objects.get_for_model(PriorRating)
    assert entry.object_id == prior.pk and entry.channel == AccessLogEntry.Channel.EXPORT
    assert (entry.subject_id, entry.district_id) == (prior.employment.person_id, district.pk)


def test_another_districts_prior_ratings_stay_out_of_a_district_export(tmp_path, prior):
    other = EmploymentFactory().district
    result = _export(tmp_path, other, RoleGrantFactory(district=other).user)
    assert "PerformanceEvaluationRating" not in result["counts"]
    assert not AccessLogEntry.objects.filter(object_id=prior.pk).exists()


def test_a_prior_rating_without_a_state_identifier_is_left_out_and_counted(tmp_path):
    rating = PriorRatingFactory(employment__person__state_id=None)
    district = rating.employment.district
    result = _export(tmp_path, district, RoleGrantFactory(district=district).user)
    assert "PerformanceEvaluationRating" not in result["counts"]
    assert result["left_out"] == {"employments": 1, "prior_ratings": 1}


def test_tandems_own_summative_of_the_same_year_and_plan_is_the_one_exported(tmp_path, prior):
    cycle = EvaluationCycleFactory(
        employment=prior.employment,
        school_year=prior.school_year,
        plan_type=prior.plan_type,
        step=EvaluationCycle.Step.COMPLETE,
    )
    summative = SummativeEvaluationFactory(
        cycle=cycle,
        overall_rating="exemplary",
        status=SummativeEvaluation.Status.LOCKED,
        shared_at=datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC),
    )
    district = prior.employment.district
    hr = RoleGrantFactory(district=district).user
    result = _export(tmp_path, district, hr)
    assert result["counts"]["PerformanceEvaluationRating"] == 1
    (overall,) = _json(tmp_path, "performanceEvaluationRatings")
    assert overall["performanceEvaluationRatingLevelDescriptor"].endswith("#Exemplary")
    assert list(AccessLogEntry.objects.filter(user=hr).values_list("object_id", flat=True)) == [
        summative.pk
    ]


def test_a_summative_of_the_same_year_and_plan_in_another_district_is_the_one_exported(
    tmp_path, prior, user_of
):
    """Prior ratings go under the state agency's performance evaluations, as the state's
    rubrics do: one beside a Tandem summative of the same educator, school year and plan
    type, even in another district, would be a second rating with the same key."""
    moved = EmploymentFactory(person=prior.employment.person)
    assert moved.district != prior.employment.district
    cycle = EvaluationCycleFactory(
        employment=moved,
        school_year__name="2023-24",
        school_year__start_date=datetime.date(2023, 8, 30),
        school_year__end_date=datetime.date(2024, 6, 20),
        plan_type=prior.plan_type,
        step=EvaluationCycle.Step.COMPLETE,
    )
    SummativeEvaluationFactory(
        cycle=cycle, overall_rating="exemplary", status=SummativeEvaluation.Status.LOCKED
    )
    _export(tmp_path, None, user_of("state.admin@example.org"))
    person = prior.employment.person.state_id
    ratings = [
        r
        for r in _json(tmp_path, "performanceEvaluationRatings")
        if r["personReference"]["personId"] == person
    ]
    assert [r["performanceEvaluationRatingLevelDescriptor"].split("#")[1] for r in ratings] == [
        "Exemplary"
    ]
