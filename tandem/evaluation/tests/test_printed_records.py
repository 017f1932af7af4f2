"""What is printed is never cut: the official pages and the PDFs show every word of the goals,
the full fingerprint of each signature, and a signature block never alone on its page; an
approved plan that lacks a signature says so wherever it is shown."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from tandem.evaluation.models import EducatorPlan, EvaluationCycle, Goal
from tandem.evaluation.services.plan import educator_plan_approve, educator_plan_sign, goal_add
from tandem.evaluation.services.summative import summative_save
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.evaluation.views.printables import pdf_context
from tandem.evaluation.waiting import plan_signatures_awaited
from tandem.records.models import Signature
from tandem.rubrics.models import Standard

pytestmark = pytest.mark.django_db

LONG_GOAL = (
    "By the end of the year every student in my two sections of grade 8 science will plan, "
    "carry out and write up an investigation of their own, documented in my planning book "
    "and in their lab notebooks, scoring proficient or better on the department's rubric."
)


@pytest.fixture(autouse=True)
def _spring(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2027, 4, 26))


def _page_texts(html: str) -> list[str]:
    """The text WeasyPrint lays out on each page of a printable form."""
    from weasyprint import HTML

    def texts(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from texts(child)

    return [" ".join(texts(page._page_box)) for page in HTML(string=html).render().pages]


def _printed(cycle, record, form):
    request = SimpleNamespace(user=cycle.primary_evaluator.user)
    return render_to_string(f"evaluation/pdf/{form}.html", pdf_context(request, cycle, record))


@pytest.fixture
def summative_cycle():
    cycle = demo_cycle(
        "implementation", plan_type="self_directed", plan_years=1, goals__isnull=False
    )
    Goal.objects.filter(pk=cycle.goals.first().pk).update(statement=LONG_GOAL)
    return cycle


def _summative(cycle, rationale):
    standards = Standard.objects.filter(framework_version=cycle.framework_version)
    return summative_save(
        cycle_id=cycle.pk,
        by=cycle.primary_evaluator.user,
        version=1,
        ratings={s.pk: ("proficient", f"Evidence on {s.code}.") for s in standards},
        overall="proficient",
        rationale=rationale,
        attainments={g.pk: ("met", "") for g in cycle.goals.all()},
        next_plan_type="self_directed",
        next_plan_years=2,
        next_plan_reason="",
        observation_shortfall_reason="",
    )


def test_the_summative_page_and_pdf_show_every_word_of_a_goal(client, summative_cycle):
    summative = _summative(summative_cycle, "All sources agree.")
    client.force_login(summative_cycle.primary_evaluator.user)
    page = client.get(f"/cycles/{summative_cycle.pk}/summative/").content.decode()
    assert escape(LONG_GOAL) in page
    printed = " ".join(_page_texts(_printed(summative_cycle, summative, "summative")))
    assert "documented in my planning book" in printed
    assert "scoring proficient or better on the department's rubric." in printed


def test_a_signature_block_is_never_alone_on_its_page(summative_cycle):
    """The rationale grows line by line until the signatures no longer fit on the page they were
    on (found by halving); at that length and around it, the page holding the signatures holds
    text of the record before them."""
    summative = _summative(summative_cycle, "")

    def pages_with(lines):
        summative.rationale = "\n".join(f"Line {n} of the rationale." for n in range(lines))
        return _page_texts(_printed(summative_cycle, summative, "summative"))

    def signing_page(pages):
        return next(i for i, text in enumerate(pages) if "Signatures" in text)

    low, high = 0, 120
    first = signing_page(pages_with(low))
    assert signing_page(pages_with(high)) > first
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if signing_page(pages_with(middle)) > first else (middle, high)
    for lines in (high - 1, high, high + 1):
        pages = pages_with(lines)
        before = pages[signing_page(pages)].split("Signatures")[0].strip()
        assert before, f"the signatures stand alone on a page after {lines} lines of rationale"


@pytest.fixture
def approved_plan():
    cycle = demo_cycle("self_assessment", employment__role_group="teacher")
    for kind in ("student_learning", "professional_practice"):
        goal_add(
            cycle_id=cycle.pk, by=cycle.person.user, values={"kind": kind, "statement": LONG_GOAL}
        )
    EvaluationCycle.objects.filter(pk=cycle.pk).update(step="educator_plan")
    plan = EducatorPlan.objects.create(cycle=cycle)
    educator_plan_approve(cycle_id=cycle.pk, by=cycle.primary_evaluator.user, version=plan.version)
    cycle.refresh_from_db()
    return cycle


def test_what_an_approved_plan_lacks_in_signatures_is_said():
    cycle = SimpleNamespace(educator_plan=SimpleNamespace(status=EducatorPlan.Status.APPROVED))
    cycle.person = "Ana Ruiz"
    cycle.pk = 1
    assert "not yet signed by the evaluator or the educator" in plan_signatures_awaited(
        cycle, set()
    )
    assert "educator's signature" in plan_signatures_awaited(cycle, {"evaluator"})
    assert "evaluator's signature" in plan_signatures_awaited(cycle, {"educator"})
    assert plan_signatures_awaited(cycle, {"evaluator", "educator"}) == ""
    cycle.educator_plan.status = EducatorPlan.Status.SUBMITTED
    assert plan_signatures_awaited(cycle, set()) == ""


def test_a_plan_not_signed_by_both_says_so_wherever_it_is_shown(client, approved_plan):
    cycle = approved_plan
    evaluator, educator = cycle.primary_evaluator.user, cycle.person.user
    awaited = "not yet signed by the evaluator or the educator"
    client.force_login(evaluator)
    pages = {
        "cycle": f"/cycles/{cycle.pk}/",
        "plan": f"/cycles/{cycle.pk}/plan/",
        "caseload": f"/cycles/?q={cycle.person.last_name}",
    }
    for name, url in pages.items():
        assert awaited in client.get(url).content.decode(), name
    assert awaited in _printed(cycle, cycle.educator_plan, "educator_plan")

    educator_plan_sign(by=evaluator, cycle_id=cycle.pk)
    assert (
        escape("the educator's signature (receipt) is awaited")
        in client.get(pages["plan"]).content.decode()
    )
    educator_plan_sign(by=educator, cycle_id=cycle.pk)
    for name, url in pages.items():
        assert "signature is awaited" not in client.get(url).content.decode(), name
    printed = _printed(cycle, cycle.educator_plan, "educator_plan")
    assert "awaited" not in printed
    signatures = Signature.objects.filter(
        object_id=cycle.educator_plan.pk, capacity__in=["evaluator", "educator"]
    )
    assert signatures.count() == 2
    for signature in signatures:
        assert signature.digest in printed
