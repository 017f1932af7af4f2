"""Issue 11: beside each rating, what each performance level looks like, from the rubric
version the cycle is evaluated with (the cycle keeps the version it began with)."""

import pytest
from django.utils import timezone

from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.tests.factories import EvaluationCycleFactory, SelfAssessmentFactory
from tandem.rubrics.models import FrameworkVersion
from tandem.rubrics.tests.factories import ElementFactory, FrameworkVersionFactory

pytestmark = pytest.mark.django_db

EDITIONS = {
    1: "Plans units from the standards (2012 wording).",
    2: "Plans units and lessons from the standards, with SEL in view (2018 wording).",
}


def _edition(framework, number) -> FrameworkVersion:
    """A published version whose one element's Proficient descriptor says which it is."""
    version = FrameworkVersionFactory(framework=framework, number=number)
    ElementFactory(
        indicator__standard__framework_version=version,
        indicator__standard__code="I",
        indicator__code="I-A",
        code="I-A-3",
        proficient=EDITIONS[number],
    )
    FrameworkVersion.objects.filter(pk=version.pk).update(
        status=FrameworkVersion.Status.PUBLISHED, published_at=timezone.now()
    )
    return version


@pytest.fixture
def cycle():
    """A cycle on the first edition while a second edition exists."""
    first = _edition(FrameworkVersionFactory(number=9).framework, 1)
    _edition(first.framework, 2)
    return EvaluationCycleFactory(framework_version=first, employment__person__signs_in=True)


def test_the_self_assessment_shows_each_levels_descriptor_of_the_cycles_edition(client, cycle):
    SelfAssessmentFactory(cycle=cycle)
    client.force_login(cycle.person.user)
    page = client.get(f"/cycles/{cycle.pk}/self-assessment/").content.decode()
    assert "What each level looks like" in page
    assert EDITIONS[1] in page
    assert "Designs lessons colleagues borrow as models." in page  # its Exemplary
    assert EDITIONS[2] not in page


def test_the_formative_shows_the_descriptors_of_each_standards_elements(client, cycle):
    EvaluationCycle.objects.filter(pk=cycle.pk).update(step=EvaluationCycle.Step.FORMATIVE)
    client.force_login(cycle.primary_evaluator.user)
    page = client.get(f"/cycles/{cycle.pk}/formative/").content.decode()
    assert page.count('class="level-descriptors"') == 1
    assert EDITIONS[1] in page
    assert EDITIONS[2] not in page
