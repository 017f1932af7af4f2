"""Two tabs on one self-assessment (issue 11, item 4): a save typed from an older version
keeps what the other tab saved, and where both changed one field nothing is written until the
person chooses which text to keep."""

import pytest

from tandem.evaluation.services.self_assessment import self_assessment_save
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.records.models import Draft
from tandem.records.versions import FieldConflicts
from tandem.rubrics.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(client):
    cycle = demo_cycle("self_assessment", employment__role_group="teacher")
    client.force_login(cycle.person.user)
    return cycle


@pytest.fixture
def reflection(cycle):
    """The form field of the first indicator's reflection."""
    first = Indicator.objects.filter(standard__framework_version=cycle.framework_version).first()
    return f"reflection_{first.pk}"


def _url(cycle):
    return f"/cycles/{cycle.pk}/self-assessment/"


def _loaded(client, cycle):
    """What a tab holds once the page is loaded: every field of the form, as shown."""
    form = client.get(_url(cycle)).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def _save(cycle, tab, **changes):
    """The service, with a tab's fields and the fields it changed."""
    data = {**tab, **changes}
    ratings = {
        int(name.removeprefix("level_")): (data[name], data[name.replace("level", "reflection")])
        for name in data
        if name.startswith("level_")
    }
    return self_assessment_save(
        cycle_id=cycle.pk,
        by=cycle.person.user,
        version=data["version"],
        student_learning_analysis=data["student_learning_analysis"],
        practice_summary=data["practice_summary"],
        ratings=ratings,
        resolved=data.get("resolved"),
    )


def _saved(cycle, name):
    cycle.self_assessment.refresh_from_db()
    page = {
        "student_learning_analysis": cycle.self_assessment.student_learning_analysis,
        "practice_summary": cycle.self_assessment.practice_summary,
    }
    for rating in cycle.self_assessment.ratings.all():
        page[f"reflection_{rating.indicator_id}"] = rating.reflection
    return page.get(name, "")


def test_a_stale_save_that_changed_another_field_keeps_both(client, cycle, reflection):
    tab_a, tab_b = _loaded(client, cycle), _loaded(client, cycle)
    _save(cycle, tab_a, practice_summary="Typed in tab A.")
    saved = _save(cycle, tab_b, **{reflection: "Typed in tab B."})
    assert saved.version == 3
    assert _saved(cycle, "practice_summary") == "Typed in tab A."
    assert _saved(cycle, reflection) == "Typed in tab B."


def test_one_field_changed_in_both_tabs_is_a_conflict_for_it_alone(client, cycle, reflection):
    tab_a, tab_b = _loaded(client, cycle), _loaded(client, cycle)
    _save(cycle, tab_a, **{reflection: "Typed in tab A."})
    with pytest.raises(FieldConflicts) as refused:
        _save(cycle, tab_b, practice_summary="B's summary.", **{reflection: "Typed in tab B."})
    [conflict] = refused.value.conflicts
    assert (conflict.field, conflict.saved, conflict.mine) == (
        reflection,
        "Typed in tab A.",
        "Typed in tab B.",
    )
    assert refused.value.version == 2
    assert _saved(cycle, reflection) == "Typed in tab A."
    assert _saved(cycle, "practice_summary") == tab_a["practice_summary"]  # nothing written


def test_a_conflicting_autosave_keeps_the_draft_and_marks_the_field(client, cycle, reflection):
    tab_a, tab_b = _loaded(client, cycle), _loaded(client, cycle)
    _post(client, cycle, {**tab_a, reflection: "Typed in tab A."})
    answer = _post(client, cycle, {**tab_b, reflection: "Typed in tab B."}, HTTP_HX_REQUEST="true")
    html = answer.content.decode()
    assert f'href="#conflict-{reflection}"' in html  # the summary links to the field
    assert "Typed in tab A." in html and "Typed in tab B." in html
    assert f'name="choice_{reflection}"' in html
    draft = Draft.objects.get(user=cycle.person.user)
    assert (draft.data[reflection], draft.base_version) == (["Typed in tab B."], 1)
    assert _saved(cycle, reflection) == "Typed in tab A."


def test_after_a_reload_the_page_shows_both_texts_and_still_posts_its_base(
    client, cycle, reflection
):
    tab_a, tab_b = _loaded(client, cycle), _loaded(client, cycle)
    _post(client, cycle, {**tab_a, reflection: "Typed in tab A.", "practice_summary": "A's."})
    _post(client, cycle, {**tab_b, reflection: "Typed in tab B."}, HTTP_HX_REQUEST="true")
    page = client.get(_url(cycle))
    form, html = page.context["form"], page.content.decode()
    assert form[reflection].value() == "Typed in tab B."
    assert form["practice_summary"].value() == "A's."  # merged in: tab B did not change it
    assert form["version"].value() == "1"
    assert "Typed in tab A." in html and f'id="conflict-{reflection}"' in html
    # The saved-version panel names each field that differs, indicators included.
    assert [label for label, _ in page.context["differences"]] == [form.fields[reflection].label]
    # Saving again from the reloaded page writes nothing over tab A's text.
    _post(client, cycle, {**_loaded(client, cycle), "version": 1})
    assert _saved(cycle, reflection) == "Typed in tab A."


@pytest.mark.parametrize(
    ("choice", "kept"), [("mine", "Typed in tab B."), ("saved", "Typed in tab A.")]
)
def test_the_persons_choice_saves_with_the_current_version(client, cycle, reflection, choice, kept):
    tab_a, tab_b = _loaded(client, cycle), _loaded(client, cycle)
    _post(client, cycle, {**tab_a, reflection: "Typed in tab A."})
    _post(client, cycle, {**tab_b, reflection: "Typed in tab B."}, HTTP_HX_REQUEST="true")
    chosen = {**tab_b, reflection: "Typed in tab B.", f"choice_{reflection}": choice}
    answer = _post(client, cycle, {**chosen, f"seen_{reflection}": 2})
    assert answer.status_code == 302
    assert _saved(cycle, reflection) == kept
    assert not Draft.objects.filter(user=cycle.person.user).exists()


def test_a_choice_made_on_text_that_changed_again_is_asked_again(client, cycle, reflection):
    tab_a, tab_b = _loaded(client, cycle), _loaded(client, cycle)
    _save(cycle, tab_a, **{reflection: "Typed in tab A."})
    _save(cycle, {**tab_a, "version": 2}, **{reflection: "Tab A again."})
    with pytest.raises(FieldConflicts):
        _save(
            cycle, tab_b, **{reflection: "Typed in tab B.", "resolved": {reflection: ("mine", 2)}}
        )
    assert _saved(cycle, reflection) == "Tab A again."


def test_a_save_from_another_tab_leaves_a_waiting_draft_alone(client, cycle, reflection):
    tab_a, tab_b = _loaded(client, cycle), _loaded(client, cycle)
    _post(client, cycle, {**tab_a, reflection: "Typed in tab A."})
    _post(client, cycle, {**tab_b, reflection: "Typed in tab B."}, HTTP_HX_REQUEST="true")
    _post(
        client,
        cycle,
        {**tab_a, "version": 2, reflection: "Typed in tab A.", "practice_summary": "More."},
    )
    draft = Draft.objects.get(user=cycle.person.user)
    assert draft.data[reflection] == ["Typed in tab B."]


def test_a_choice_that_is_neither_is_refused_and_changes_nothing(client, cycle, reflection):
    tab = _loaded(client, cycle)
    answer = _post(client, cycle, {**tab, reflection: "New.", f"choice_{reflection}": "both"})
    assert "Choose again which text to keep" in answer.content.decode()
    assert _saved(cycle, reflection) == ""


def _post(client, cycle, data, **headers):
    return client.post(_url(cycle), data, **headers)
