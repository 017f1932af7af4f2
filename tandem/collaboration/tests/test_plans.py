"""Joint strategic plans: drafted together, adopted only by every party's signature, and never
changed afterwards except by a new signed version."""

import datetime
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError

from tandem.collaboration.models import (
    GalleryComment,
    MeasureProgress,
    PlanVersion,
    StrategicPlan,
)
from tandem.collaboration.plan_content import compare, measure_value
from tandem.collaboration.services.gallery import gallery_comment_moderate, plan_publish
from tandem.collaboration.services.plans import (
    measure_progress_record,
    plan_item_save,
    plan_sign,
    plan_start,
    plan_version_start,
    plan_vision_save,
)
from tandem.collaboration.tests.first_team import KEY_LEADERS, TODAY
from tandem.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(team):
    """The first district's plan: version 1 adopted and published, version 2 a draft."""
    return team.plans.get()


def _save_vision(draft, by, vision, theory_of_action):
    return plan_vision_save(
        version_id=draft.pk,
        by=by,
        version=draft.version,
        vision=vision,
        theory_of_action=theory_of_action,
    )


def _save_item(draft, by, kind, values, parent=None, *, version=None):
    """Save a part of ``draft`` as of ``version``, by default the version it has now."""
    if version is None:
        draft.refresh_from_db()
        version = draft.version
    return plan_item_save(
        version_id=draft.pk, by=by, version=version, kind=kind, values=values, parent_key=parent
    )


def _ready_draft(team, user_of) -> PlanVersion:
    """A new plan with everything the parties need before they sign."""
    member = user_of("principal@example.org")
    plan = plan_start(team_id=team.pk, by=member, title="Family engagement plan")
    draft = plan.versions.get()
    save = partial(_save_item, draft, member)
    _save_vision(
        draft,
        member,
        "Families are partners in every school.",
        "If teachers have time for home visits, families engage.",
    )
    save(
        "goal",
        {
            "title": "More families at conferences",
            "baseline": "55%",
            "target": "80%",
            "target_date": "2028-06-30",
        },
    )
    save(
        "measure",
        {"name": "Families at conferences", "unit": "%", "baseline": "55", "target": "80"},
        parent="g1",
    )
    save("strategy", {"title": "Home visits"})
    save("initiative", {"title": "Train visiting teams"}, parent="s1")
    save(
        "step",
        {"title": "Book the training", "owner": "PD office", "due": "2027-01-15"},
        parent="i1",
    )
    draft.refresh_from_db()
    return draft


def _sign_all(draft, user_of, emails=KEY_LEADERS):
    for email in emails:
        plan_sign(by=user_of(email), version_id=draft.pk)
    draft.refresh_from_db()
    return draft


def test_only_members_start_and_edit_a_plan(team, user_of):
    for email in ("teacher@example.org", "facilitator@example.org", "hr@example.org"):
        with pytest.raises(DomainError, match="members"):
            plan_start(team_id=team.pk, by=user_of(email), title="Ours")
    assert team.plans.count() == 1


def test_the_later_of_two_saves_is_refused(team, user_of):
    draft = _ready_draft(team, user_of)
    stale = draft.version
    superintendent = user_of("superintendent@example.org")
    union = user_of("union.president@example.org")
    _save_item(draft, superintendent, "strategy", {"title": "Family liaisons"}, version=stale)
    with pytest.raises(DomainError, match="someone saved a newer version"):
        _save_item(draft, union, "strategy", {"title": "Translated newsletters"}, version=stale)
    draft.refresh_from_db()
    titles = [s["title"] for s in draft.content["strategies"]]
    assert titles == ["Home visits", "Family liaisons"]


@pytest.mark.parametrize(
    "kind,values,problem",
    [
        (
            "goal",
            {"title": "G", "baseline": "1", "target": "2", "target_date": "someday"},
            "not a date",
        ),
        (
            "measure",
            {"name": "M", "unit": "", "baseline": "many", "target": "3"},
            "must be a number",
        ),
        ("strategy", {"title": "  "}, "Give it a name"),
    ],
)
def test_bad_parts_are_named_and_change_nothing(team, user_of, kind, values, problem):
    draft = _ready_draft(team, user_of)
    before = draft.content
    with pytest.raises(DomainError, match=problem):
        _save_item(
            draft,
            user_of("principal@example.org"),
            kind,
            values,
            "g1" if kind == "measure" else None,
        )
    draft.refresh_from_db()
    assert draft.content == before


def test_an_unfinished_draft_cannot_be_signed(team, user_of):
    plan = plan_start(team_id=team.pk, by=user_of("principal@example.org"), title="X")
    with pytest.raises(DomainError) as refused:
        plan_sign(
            by=user_of("superintendent@example.org"),
            version_id=plan.versions.get().pk,
        )
    assert "Write the shared vision." in refused.value.messages


def test_a_plan_is_adopted_when_every_party_signs_and_not_before(team, user_of):
    draft = _ready_draft(team, user_of)
    _sign_all(draft, user_of, emails=KEY_LEADERS[:2])
    assert draft.status == PlanVersion.Status.DRAFT
    # A member who is not a key leader cannot sign for a party, nor can a leader sign twice.
    with pytest.raises(DomainError, match="Only the superintendent"):
        plan_sign(by=user_of("principal@example.org"), version_id=draft.pk)
    with pytest.raises(DomainError, match="already signed"):
        plan_sign(by=user_of(KEY_LEADERS[0]), version_id=draft.pk)
    _sign_all(draft, user_of, emails=KEY_LEADERS[2:])
    assert draft.status == PlanVersion.Status.ADOPTED and draft.adopted_on == TODAY


def test_a_signed_draft_no_longer_changes(team, user_of):
    draft = _ready_draft(team, user_of)
    _sign_all(draft, user_of, emails=KEY_LEADERS[:1])
    with pytest.raises(DomainError, match="has signed this draft"):
        _save_vision(draft, user_of("principal@example.org"), "Changed after a signature.", "")
    # Withdrawing it starts a new draft from the same text, which the leaders sign afresh.
    fresh = plan_version_start(plan_id=draft.plan_id, by=user_of("principal@example.org"))
    draft.refresh_from_db()
    assert draft.status == PlanVersion.Status.WITHDRAWN
    assert fresh.number == 2 and fresh.content == draft.content
    assert not fresh.party_signatures.exists()


def test_an_adopted_plan_changes_only_by_a_new_signed_version(team, user_of):
    adopted = _sign_all(_ready_draft(team, user_of), user_of)
    with pytest.raises(DomainError, match="start a new version"):
        _save_vision(adopted, user_of("principal@example.org"), "Quietly changed.", "x")
    adopted.content = {**adopted.content, "vision": "Quietly changed."}
    with pytest.raises(ValidationError):
        adopted.save()

    second = plan_version_start(plan_id=adopted.plan_id, by=user_of(KEY_LEADERS[1]))
    _save_vision(
        second, user_of(KEY_LEADERS[1]), "Families and schools are partners.", "Home visits help."
    )
    second.refresh_from_db()
    _sign_all(second, user_of, emails=KEY_LEADERS[:2])
    adopted.refresh_from_db()
    assert adopted.status == PlanVersion.Status.ADOPTED  # still in force until all three sign
    _sign_all(second, user_of, emails=KEY_LEADERS[2:])
    adopted.refresh_from_db()
    assert adopted.status == PlanVersion.Status.SUPERSEDED
    assert adopted.content["vision"] == "Families are partners in every school."
    rows = compare(adopted.content, second.content)
    assert [r.change for r in rows if r.change != "same"] == ["changed", "changed"]


def test_a_change_made_behind_tandems_back_is_shown(client, published, user_of):
    adopted = published.versions.get(status="adopted")
    PlanVersion.objects.filter(pk=adopted.pk).update(
        content={**adopted.content, "vision": "Edited in the database."}
    )
    client.force_login(user_of("principal@example.org"))
    page = client.get(f"/plans/{published.pk}/versions/{adopted.number}/").content.decode()
    assert "Changed since signing" in page


def test_the_compare_page_marks_what_changed(client, published, user_of):
    client.force_login(user_of("union.president@example.org"))
    page = client.get(f"/plans/{published.pk}/compare/?a=1&b=2").content.decode()
    assert "<del>" in page and "<ins>" in page and "Added" in page
    backwards = client.get(f"/plans/{published.pk}/compare/?a=2&b=1")
    assert (backwards.context["a"].number, backwards.context["b"].number) == (1, 2)


def test_drafts_and_readings_stay_with_the_team_and_the_gallery_shows_the_adopted_plan(
    client, published, user_of
):
    draft_only = "Open the first teacher-leader positions"  # added in the draft, version 2
    for email in ("teacher@example.org", "hr@example.org", "analyst@example.org"):
        client.force_login(user_of(email))
        assert client.get(f"/plans/{published.pk}/").status_code == 404, email
        assert client.get(f"/plans/{published.pk}/versions/2/").status_code == 404, email
        page = client.get(f"/gallery/{published.pk}/")
        assert page.status_code == 200, email
        text = page.content.decode()
        assert "Keep more of our new teachers" in text and draft_only not in text


def test_an_unpublished_plan_is_not_in_the_gallery(client, team, user_of):
    plan = plan_start(team_id=team.pk, by=user_of("principal@example.org"), title="Q")
    client.force_login(user_of("teacher@example.org"))
    assert client.get(f"/gallery/{plan.pk}/").status_code == 404
    assert "Q" not in [p.title for p in client.get("/gallery/").context["page"]]


def test_only_key_leaders_publish_and_only_an_adopted_plan(team, user_of):
    plan = plan_start(team_id=team.pk, by=user_of("principal@example.org"), title="Q")
    with pytest.raises(DomainError, match="key leaders"):
        plan_publish(plan_id=plan.pk, by=user_of("principal@example.org"))
    with pytest.raises(DomainError, match="adopted"):
        plan_publish(plan_id=plan.pk, by=user_of(KEY_LEADERS[0]))


def test_gallery_search_finds_plans_by_their_words(client, user_of):
    client.force_login(user_of("teacher@example.org"))
    found = client.get("/gallery/", {"q": "mentor stipend"}).context["page"]
    published = StrategicPlan.objects.filter(published_version__isnull=False)
    saying = published.filter(search_text__icontains="mentor").filter(
        search_text__icontains="stipend"
    )
    assert {plan.pk for plan in found} == set(saying.values_list("pk", flat=True))
    assert 0 < len(found) < published.count()  # the other districts' plans are on other work
    assert len(client.get("/gallery/", {"q": "no plan says zeppelin"}).context["page"]) == 0


def test_comments_show_once_the_partnership_approves_them(client, published, user_of):
    other = user_of("hr@example.org")
    client.force_login(other)
    client.post(f"/gallery/{published.pk}/comments/", {"body": "How did you pay mentors?"})
    comment = GalleryComment.objects.get(body="How did you pay mentors?")
    assert comment.status == GalleryComment.Status.PENDING
    assert "How did you pay mentors?" in client.get(f"/gallery/{published.pk}/").content.decode()
    client.force_login(user_of("teacher@example.org"))
    assert (
        "How did you pay mentors?" not in client.get(f"/gallery/{published.pk}/").content.decode()
    )
    with pytest.raises(DomainError, match="partnership"):
        gallery_comment_moderate(comment_id=comment.pk, by=other, approve=True)
    client.force_login(user_of("facilitator@example.org"))
    client.post("/gallery/moderation/", {"comment": comment.pk, "approve": "1"})
    client.force_login(user_of("teacher@example.org"))
    assert "How did you pay mentors?" in client.get(f"/gallery/{published.pk}/").content.decode()


def test_progress_is_recorded_against_the_adopted_plan(published, user_of):
    member = user_of("principal@example.org")
    reading = measure_progress_record(
        plan_id=published.pk,
        by=member,
        measure_key="m1",
        recorded_on=TODAY,
        value=Decimal("79.5"),
    )
    assert reading.value == Decimal("79.5")
    with pytest.raises(DomainError, match="future"):
        measure_progress_record(
            plan_id=published.pk,
            by=member,
            measure_key="m1",
            recorded_on=TODAY + datetime.timedelta(days=1),
            value=Decimal("80"),
        )
    with pytest.raises(DomainError, match="not in the adopted plan"):
        measure_progress_record(
            plan_id=published.pk,
            by=member,
            measure_key="m99",
            recorded_on=TODAY,
            value=1,
        )
    with pytest.raises(DomainError, match="members"):
        measure_progress_record(
            plan_id=published.pk,
            by=user_of("teacher@example.org"),
            measure_key="m1",
            recorded_on=TODAY,
            value=1,
        )
    assert MeasureProgress.objects.filter(plan=published, recorded_on=TODAY).count() == 1


def test_the_plan_page_draws_each_measures_readings(client, published, user_of):
    client.force_login(user_of("committee.chair@example.org"))
    response = client.get(f"/plans/{published.pk}/")
    charts = response.context["charts"]
    assert [c.measure["key"] for c in charts] == ["m1", "m2"]
    assert all(len(c.points) == len(c.readings) for c in charts)


def _read(plan, by, key, day, value):
    return measure_progress_record(
        plan_id=plan.pk, by=by, measure_key=key, recorded_on=day, value=Decimal(value)
    )


def test_each_measures_chart_has_dates_values_a_title_and_its_table(client, published, user_of):
    """The issue's charts had no dates, values or axis labels, and a reading said 9.68
    teachers."""
    member = user_of("principal@example.org")
    MeasureProgress.objects.filter(plan=published).delete()
    for day, share, count in (
        (datetime.date(2025, 10, 1), "74.5", "6"),
        (datetime.date(2026, 3, 2), "78", "9"),
        (datetime.date(2026, 10, 5), "80.25", "12"),
    ):
        _read(published, member, "m1", day, share)
        _read(published, member, "m2", day, count)
    client.force_login(user_of("committee.chair@example.org"))
    response = client.get(f"/plans/{published.pk}/")
    share, count = response.context["charts"]
    assert [t.label for t in share.x_ticks] == ["Oct 2025", "Mar 2026", "Oct 2026"]
    assert share.value_axis == "percent" and all(t.label.endswith("%") for t in share.y_ticks)
    assert share.values == ["74.5%", "78%", "80.25%"]
    assert count.value_axis == "teachers" and count.values == [
        "6 teachers",
        "9 teachers",
        "12 teachers",
    ]
    assert all(float(t.label) == int(float(t.label)) for t in count.y_ticks)
    # The value axis reaches from the lowest to the highest of readings, baseline and target.
    labels = [float(t.label) for t in count.y_ticks]
    assert min(labels) <= 4 and max(labels) >= 20
    ys = [y for _x, y in count.points]
    assert ys == sorted(ys, reverse=True)  # higher values drawn higher up
    page = response.content.decode()
    assert "Date of reading" in page and '<title id="chart-m2-title">' in page
    assert "<caption>Readings of Teachers in leadership roles</caption>" in page
    assert "12 teachers</td>" in page


def test_a_count_of_people_takes_whole_numbers(published, user_of):
    member = user_of("principal@example.org")
    with pytest.raises(DomainError, match="whole number"):
        _read(published, member, "m2", TODAY, "9.68")
    assert not MeasureProgress.objects.filter(plan=published, value=Decimal("9.68")).exists()
    assert _read(published, member, "m1", TODAY, "9.68").value == Decimal("9.68")


@pytest.mark.parametrize(
    ("value", "unit", "written"),
    [
        (Decimal("72.50"), "%", "72.5%"),
        (Decimal("9.00"), "teachers", "9 teachers"),
        (Decimal("1250.00"), "dollars", "1,250 dollars"),
        (Decimal("3.50"), "hours", "3.5 hours"),
        (Decimal("4.00"), "", "4"),
    ],
)
def test_a_value_is_written_with_its_unit(value, unit, written):
    assert measure_value(value, unit) == written
