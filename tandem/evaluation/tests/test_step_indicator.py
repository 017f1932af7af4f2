"""The cycle's pages show its five steps as a USWDS step indicator (issue 11)."""

import re

from django.template import Context, Template

from tandem.evaluation.models import EvaluationCycle


def _indicator(step):
    template = Template("{% load evaluation_ui %}{% step_indicator cycle %}")
    return template.render(Context({"cycle": EvaluationCycle(step=step)}))


def _spoken(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_indicator_marks_the_steps_done_and_the_current_one():
    html = _indicator(EvaluationCycle.Step.IMPLEMENTATION)
    assert html.count("usa-step-indicator__segment--complete") == 2
    assert html.count('aria-current="step"') == 1
    assert re.search(
        r'segment--current" aria-current="step">\s*<span[^>]*>Plan implementation<', html
    )


def test_the_indicator_says_which_step_of_five_by_its_name_without_the_number():
    spoken = _spoken(_indicator(EvaluationCycle.Step.IMPLEMENTATION))
    assert "Step 3 of 5 : Plan implementation" in spoken
    assert "Self-assessment (done)" in spoken
    assert "Summative evaluation (still to come)" in spoken
    assert "3. Plan" not in spoken


def test_a_complete_cycle_has_every_step_done():
    html = _indicator(EvaluationCycle.Step.COMPLETE)
    assert html.count("usa-step-indicator__segment--complete") == 5
    assert "aria-current" not in html
    assert "Complete" in _spoken(html)
