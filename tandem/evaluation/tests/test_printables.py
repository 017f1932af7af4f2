"""One opening of a printable PDF is one row of the access log, the record's, as a PDF: the
PDF views opened the cycle as a page as well, so an educator's log showed a page opening
nobody made beside each download (issue 11, item 6)."""

import pytest

from tandem.evaluation.tests import test_evidence as step_3
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return demo_cycle("implementation", plan_type="developing")


def _rows(user):
    return list(AccessLogEntry.objects.filter(user=user).values_list("object_id", "channel"))


def test_downloading_the_plan_writes_one_pdf_row_for_the_plan(client, cycle):
    evaluator = cycle.primary_evaluator.user
    client.force_login(evaluator)
    response = client.get(f"/cycles/{cycle.pk}/forms/educator-plan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert _rows(evaluator) == [(cycle.educator_plan.pk, "pdf")]


def test_downloading_an_observations_feedback_writes_one_pdf_row_for_it(client, cycle):
    observation = step_3._observe(cycle)
    evaluator = cycle.primary_evaluator.user
    client.force_login(evaluator)
    url = f"/cycles/{cycle.pk}/observations/{observation.pk}/feedback.pdf"
    assert client.get(url).status_code == 200
    assert _rows(evaluator) == [(observation.pk, "pdf")]


def test_a_pdf_nobody_may_read_writes_no_row(client, cycle, user_of):
    outsider = user_of("analyst@example.org")
    client.force_login(outsider)
    assert client.get(f"/cycles/{cycle.pk}/forms/educator-plan.pdf").status_code == 404
    assert _rows(outsider) == []
