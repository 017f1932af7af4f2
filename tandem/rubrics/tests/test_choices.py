"""Issue 11: rubric tags are chosen standard by standard (a fieldset each, collapsible, with
how many are checked) rather than from a flat list of 33."""

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test.html import parse_html

from tandem.rubrics.forms import RubricChoiceField
from tandem.rubrics.selectors import element_list, indicator_list
from tandem.rubrics.tests.factories import (
    ElementFactory,
    FrameworkVersionFactory,
    IndicatorFactory,
    StandardFactory,
)

pytestmark = pytest.mark.django_db


class _TagForm(forms.Form):
    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"] = RubricChoiceField(options=options, label="Tags")


@pytest.fixture
def version():
    """Two standards, made in the reverse of their order in the rubric."""
    version = FrameworkVersionFactory()
    teaching = StandardFactory(
        framework_version=version, code="II", name="Teaching All Students", position=2
    )
    curriculum = StandardFactory(
        framework_version=version, code="I", name="Curriculum, Planning, and Assessment", position=1
    )
    instruction = IndicatorFactory(standard=teaching, code="II-A", name="Instruction", position=1)
    planning = IndicatorFactory(
        standard=curriculum, code="I-A", name="Curriculum and Planning", position=1
    )
    IndicatorFactory(standard=curriculum, code="I-B", name="Assessment", position=2)
    ElementFactory(indicator=planning, code="I-A-2", name="Child Development", position=2)
    ElementFactory(indicator=planning, code="I-A-1", name="Subject Matter Knowledge", position=1)
    ElementFactory(indicator=instruction, code="II-A-1", name="Quality of Effort", position=1)
    return version


def _elements(node, name):
    return [child for child in node.children if getattr(child, "name", None) == name]


def _text(node) -> str:
    if isinstance(node, str):
        return node
    return " ".join(_text(child) for child in node.children)


def _boxes_of(fieldset):
    """The labels of the boxes directly in ``fieldset``, not in a fieldset inside it."""
    return [
        label
        for tiles in _elements(fieldset, "div")
        for box in _elements(tiles, "div")
        for label in _elements(box, "label")
    ]


def _standards(form):
    """(summary, legend, its boxes' labels, [(inner legend, labels)]) per standard."""
    outer = parse_html(render_to_string("ui/_checkboxes.html", {"field": form["tags"]}))
    return [
        (
            _text(_elements(details, "summary")[0]),
            _text(_elements(fieldset, "legend")[0]),
            [_text(label) for label in _boxes_of(fieldset)],
            [
                (_text(_elements(inner, "legend")[0]), [_text(x) for x in _boxes_of(inner)])
                for inner in _elements(fieldset, "fieldset")
            ],
        )
        for details in _elements(outer, "details")
        for fieldset in _elements(details, "fieldset")
    ]


def test_indicators_are_in_a_fieldset_per_standard_in_the_rubrics_order(version):
    form = _TagForm(options=indicator_list(version=version))
    assert [(legend, boxes, inner) for _summary, legend, boxes, inner in _standards(form)] == [
        (
            "Standard I: Curriculum, Planning, and Assessment",
            ["I-A Curriculum and Planning", "I-B Assessment"],
            [],
        ),
        ("Standard II: Teaching All Students", ["II-A Instruction"], []),
    ]


def test_elements_are_in_a_fieldset_per_indicator_inside_their_standard(version):
    form = _TagForm(options=element_list(version=version))
    assert [(legend, boxes, inner) for _summary, legend, boxes, inner in _standards(form)] == [
        (
            "Standard I: Curriculum, Planning, and Assessment",
            [],
            [
                (
                    "I-A Curriculum and Planning",
                    ["I-A-1 Subject Matter Knowledge", "I-A-2 Child Development"],
                )
            ],
        ),
        (
            "Standard II: Teaching All Students",
            [],
            [("II-A Instruction", ["II-A-1 Quality of Effort"])],
        ),
    ]


def test_each_standards_summary_says_how_many_of_its_boxes_are_checked(version):
    elements = list(element_list(version=version))
    form = _TagForm(initial={"tags": [elements[0].pk, elements[1].pk]}, options=elements)
    assert [summary for summary, *_rest in _standards(form)] == [
        "Standard I: Curriculum, Planning, and Assessment 2 selected",
        "Standard II: Teaching All Students 0 selected",
    ]


def test_the_boxes_are_tiles_a_thumb_can_hit(version):
    html = render_to_string(
        "ui/_checkboxes.html", {"field": _TagForm(options=indicator_list(version=version))["tags"]}
    )
    assert html.count('class="usa-checkbox__input usa-checkbox__input--tile"') == 3


def test_the_tags_chosen_are_cleaned_as_before_and_another_rubrics_are_refused(version):
    planning = indicator_list(version=version).get(code="I-A")
    other = IndicatorFactory()
    chosen = _TagForm({"tags": [str(planning.pk)]}, options=indicator_list(version=version))
    assert chosen.is_valid()
    assert chosen.cleaned_data["tags"] == [str(planning.pk)]
    foreign = _TagForm({"tags": [str(other.pk)]}, options=indicator_list(version=version))
    assert not foreign.is_valid()
