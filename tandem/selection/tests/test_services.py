"""Selection's rules and writes: stages and who acts, screening totals, license fit,
interviews with their invitation, blind scorecards and the out-of-field reason."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tandem.errors import DomainError
from tandem.hiring.models import Application
from tandem.hiring.tests.factories import ApplicationFactory, RequiredLicenseFactory
from tandem.licensure.tests.factories import LicenseFactory
from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import RoleGrantFactory, UserFactory
from tandem.records.versions import StaleVersion
from tandem.selection import rules, selectors, services
from tandem.selection.models import Actor
from tandem.selection.tests.factories import PanelMemberFactory, Selection

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def world():
    return Selection()


def test_a_district_without_stages_uses_the_defaults_and_its_own_once_chosen(world):
    district = world.posting.vacancy.district
    assert [s.stage for s in selectors.stages_of(district.pk)] == list(Application.Stage.values)
    services.stages_configure(
        district=district,
        by=world.hr,
        choices=[
            services.StageChoice("offer", by_hr=True),
            services.StageChoice("applied", by_hr=True),
            services.StageChoice("interview", by_panel=True),
        ],
    )
    steps = selectors.stages_of(district.pk)
    assert [(s.stage, set(s.actors)) for s in steps] == [
        ("applied", {Actor.HR}),
        ("interview", {Actor.PANEL}),
        ("offer", {Actor.HR}),
    ]


@pytest.mark.parametrize(
    "choices, message",
    [
        ([services.StageChoice("interview", by_hr=True)], "Applied"),
        ([services.StageChoice("applied", by_hr=True), services.StageChoice("offer")], "Offer"),
        (
            [services.StageChoice("applied", by_hr=True), services.StageChoice("lunch", True)],
            "lunch",
        ),
    ],
)
def test_stages_that_cannot_work_are_refused_and_nothing_changes(world, choices, message):
    district = world.posting.vacancy.district
    with pytest.raises(DomainError, match=message):
        services.stages_configure(district=district, by=world.hr, choices=choices)
    assert selectors.stages_of(district.pk) == list(selectors.DEFAULT_STAGES)


def test_only_the_districts_hr_configures_its_stages(world):
    other_hr = RoleGrantFactory().user
    for user in (other_hr, world.principal, world.panelists[0], world.applicant):
        with pytest.raises(PermissionDenied):
            services.stages_configure(
                district=world.posting.vacancy.district,
                by=user,
                choices=[services.StageChoice("applied", by_hr=True)],
            )


def test_moving_on_follows_the_districts_order_and_who_acts_there(world):
    district = world.posting.vacancy.district
    services.stages_configure(
        district=district,
        by=world.hr,
        choices=[
            services.StageChoice("applied", by_principal=True),
            services.StageChoice("interview", by_panel=True),
            services.StageChoice("offer", by_hr=True),
        ],
    )
    application = world.application
    with pytest.raises(DomainError, match="only"):
        services.candidate_advance(application, by=world.hr, version=1)
    application = services.candidate_advance(application, by=world.principal, version=1)
    assert application.stage == "interview"
    with pytest.raises(StaleVersion):
        services.candidate_advance(application, by=world.panelists[0], version=1)
    application = services.candidate_advance(
        application, by=world.panelists[0], version=application.version
    )
    assert application.stage == "offer"
    with pytest.raises(DomainError, match="last stage"):
        services.candidate_advance(application, by=world.hr, version=application.version)


@pytest.mark.parametrize("who", ["applicant", "other_hr", "teacher", "other_panel"])
def test_nobody_without_a_part_moves_a_candidate(world, who):
    user = {
        "applicant": lambda: world.applicant,
        "other_hr": lambda: RoleGrantFactory().user,
        "teacher": lambda: UserFactory(),
        "other_panel": lambda: PanelMemberFactory().person.user,
    }[who]()
    with pytest.raises(PermissionDenied):
        services.candidate_advance(world.application, by=user, version=1)
    assert not user.has_perm("selection.view_candidates", world.posting)


def test_not_selected_ends_the_application_with_the_reason_and_mails_the_message(
    world, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError, match="reason"):
        services.candidate_not_selected(
            world.application, by=world.hr, version=1, reason="", message="Thank you."
        )
    with django_capture_on_commit_callbacks(execute=True):
        application = services.candidate_not_selected(
            world.application,
            by=world.hr,
            version=1,
            reason="Fewer years teaching grade 7 than the others.",
            message="Thank you for applying; we chose another candidate.",
        )
    assert application.outcome == "not_selected"
    assert [(e.action, e.detail) for e in application.events.all()] == [
        ("Not selected by the district", "Fewer years teaching grade 7 than the others."),
        ("Message sent to the applicant", "Thank you for applying; we chose another candidate."),
    ]
    assert mail.outbox[-1].to == [world.applicant.email]
    assert mail.outbox[-1].body == "Thank you for applying; we chose another candidate."


def test_screening_totals_are_weighted_and_averaged_over_screeners(world):
    content, experience = world.screening
    services.screening_save(
        world.application, by=world.hr, scores={content.pk: 4, experience.pk: 2}
    )
    services.screening_save(
        world.application, by=world.panelists[0], scores={content.pk: 2, experience.pk: 0}
    )
    other = ApplicationFactory(posting=world.posting)
    services.screening_save(other, by=world.hr, scores={content.pk: 4, experience.pk: 4})
    rows = list(selectors.candidates(world.posting))
    assert [(row.pk, row.screening_total) for row in rows] == [
        (other.pk, 12.0),
        (world.application.pk, 7.0),  # (10 + 4) / 2
    ]
    assert selectors.screening_maximum(world.posting) == 12
    assert {s.total for s in selectors.screening_of(world.application)} == {10, 4}


@pytest.mark.parametrize(
    "scores, message",
    [({}, "Content knowledge has no score"), ({"content": 5, "experience": 1}, "0 to 4")],
)
def test_screening_scores_are_all_or_nothing(world, scores, message):
    content, experience = world.screening
    by_name = {"content": content.pk, "experience": experience.pk}
    with pytest.raises(DomainError, match=message):
        services.screening_save(
            world.application, by=world.hr, scores={by_name[k]: v for k, v in scores.items()}
        )
    assert not world.application.screening_scores.exists()


def _fit(world):
    return selectors.license_fit_of(world.application)


def test_license_fit_held_pending_or_none_by_the_shared_rule(world):
    person = world.application.person
    assert _fit(world) == "none"
    # Mathematics 8-12 does not hold grade 7; an expired 5-8 license does not count.
    LicenseFactory(person=person, grade_levels="8-12", expires_on=None)
    LicenseFactory(person=person, expires_on=datetime.date(2024, 6, 30))
    assert _fit(world) == "none"
    LicenseFactory(person=person, issued_on=datetime.date(2027, 1, 1), expires_on=None)
    assert _fit(world) == "pending"
    LicenseFactory(person=person, field="MATHEMATICS", grade_levels="5-8", expires_on=None)
    assert _fit(world) == "held"
    rows = selectors.candidates(world.posting, fit="held")
    assert [row.pk for row in rows] == [world.application.pk]


def test_a_required_license_of_the_vacancy_fits_as_well(world):
    RequiredLicenseFactory(vacancy=world.posting.vacancy, field="Moderate Disabilities")
    LicenseFactory(
        person=world.application.person,
        field="Moderate Disabilities",
        grade_levels="5-12",
        expires_on=None,
    )
    assert _fit(world) == "held"


def test_an_out_of_field_offer_waits_for_a_recorded_reason(world):
    assert "out-of-field" in rules.offer_refusal_out_of_field(world.application)
    with pytest.raises(PermissionDenied):
        services.out_of_field_reason_record(
            world.application, by=world.panelists[0], reason="No other candidate."
        )
    with pytest.raises(DomainError):
        services.out_of_field_reason_record(world.application, by=world.hr, reason=" ")
    services.out_of_field_reason_record(
        world.application, by=world.hr, reason="No licensed candidate applied twice."
    )
    application = Application.objects.get(pk=world.application.pk)
    assert rules.offer_refusal_out_of_field(application) is None
    assert application.events.last().action == "Out-of-field hire: reason recorded"


def test_a_candidate_who_holds_a_license_needs_no_reason(world):
    LicenseFactory(person=world.application.person, expires_on=None)
    assert rules.offer_refusal_out_of_field(world.application) is None
    with pytest.raises(DomainError, match="covers"):
        services.out_of_field_reason_record(world.application, by=world.hr, reason="Because.")


def _schedule(world, **changes):
    starts = timezone.now() + datetime.timedelta(days=3)
    values = {
        "by": world.principal,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(minutes=45),
        "place": "Room 114, Main St.",
        "video_link": "",
        "panel": world.panel,
        **changes,
    }
    return services.interview_schedule(world.application, **values)


def test_an_interview_mails_its_invitation_to_the_candidate_and_the_panel(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = _schedule(world)
    assert sorted(m.to for m in mail.outbox) == sorted(
        [[world.applicant.email], *([u.email] for u in world.panelists)]
    )
    message = mail.outbox[-1]
    (name, text, kind) = message.attachments[0]
    assert (name, kind.split(";")[0]) == ("interview.ics", "text/calendar")
    unfolded = text.replace("\r\n ", "")
    assert "METHOD:REQUEST" in unfolded
    assert f"UID:interview-{interview.pk}@" in unfolded
    assert "DTSTART;TZID=America/New_York:" in unfolded
    assert "DTEND;TZID=America/New_York:" in unfolded
    assert "BEGIN:VTIMEZONE" in unfolded
    assert f'ORGANIZER;CN="{world.principal.get_full_name()}":mailto:' in unfolded
    assert unfolded.count("ATTENDEE;") == 3
    assert "LOCATION:Room 114\\, Main St." in unfolded
    assert world.application.events.last().action == "Interview scheduled"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"place": ""}, "place or the video link"),
        ({"panel": []}, "panel"),
        ({"starts_at": timezone.now() - datetime.timedelta(days=1)}, "future"),
    ],
)
def test_an_interview_that_cannot_happen_is_refused(world, changes, message):
    if "starts_at" in changes:
        changes["ends_at"] = changes["starts_at"] + datetime.timedelta(hours=1)
    with pytest.raises(DomainError, match=message):
        _schedule(world, **changes)
    assert not world.application.interviews.exists()


def test_a_panel_member_of_another_posting_is_no_interviewer_here(world):
    with pytest.raises(DomainError, match="panel"):
        _schedule(world, panel=[PanelMemberFactory()])
    with pytest.raises(PermissionDenied):
        _schedule(world, by=UserFactory())


def _scores(world, planning, questions):
    return {world.interview[0].pk: planning, world.interview[1].pk: questions}


def test_scorecards_are_blind_until_their_reader_submits_and_then_read_only(world):
    first, second = world.panelists
    draft = services.scorecard_save(
        world.application,
        by=first,
        scores=_scores(world, 3, None),
        notes="Good plan.",
        version=None,
        submit=False,
    )
    assert first.has_perm("selection.view_scorecard", draft)
    for user in (second, world.hr, world.principal, world.applicant):
        assert not user.has_perm("selection.view_scorecard", draft)
    with pytest.raises(DomainError, match="Questions has no score"):
        services.scorecard_save(
            world.application,
            by=first,
            scores=_scores(world, 3, None),
            notes="",
            version=draft.version,
            submit=True,
        )
    mine = services.scorecard_save(
        world.application,
        by=first,
        scores=_scores(world, 3, 4),
        notes="Good plan.",
        version=draft.version,
        submit=True,
    )
    assert selectors.scorecard_total(mine) == 15
    # Submitted: HR and the principal read it; the other panel member not until theirs is in.
    assert world.hr.has_perm("selection.view_scorecard", mine)
    assert world.principal.has_perm("selection.view_scorecard", mine)
    assert not second.has_perm("selection.view_scorecard", mine)
    assert not world.applicant.has_perm("selection.view_scorecard", mine)
    assert not PanelMemberFactory().person.user.has_perm("selection.view_scorecard", mine)
    theirs = services.scorecard_save(
        world.application,
        by=second,
        scores=_scores(world, 1, 2),
        notes="",
        version=None,
        submit=True,
    )
    assert second.has_perm("selection.view_scorecard", mine)
    assert first.has_perm("selection.view_scorecard", theirs)
    with pytest.raises(DomainError, match="submitted"):
        services.scorecard_save(
            world.application,
            by=first,
            scores=_scores(world, 0, 0),
            notes="",
            version=mine.version,
            submit=True,
        )
    mine.refresh_from_db()
    assert selectors.scorecard_total(mine) == 15


def test_only_panel_members_write_scorecards(world):
    for user in (world.hr, world.principal, world.applicant):
        with pytest.raises(PermissionDenied):
            services.scorecard_save(
                world.application,
                by=user,
                scores=_scores(world, 1, 1),
                notes="",
                version=None,
                submit=True,
            )


def test_a_stale_scorecard_save_is_refused(world):
    first = world.panelists[0]
    draft = services.scorecard_save(
        world.application, by=first, scores={}, notes="a", version=None, submit=False
    )
    services.scorecard_save(
        world.application, by=first, scores={}, notes="b", version=draft.version, submit=False
    )
    with pytest.raises(StaleVersion):
        services.scorecard_save(
            world.application, by=first, scores={}, notes="c", version=draft.version, submit=False
        )


def test_a_principal_of_another_school_has_no_part(world):
    district = world.posting.vacancy.district
    other = RoleGrantFactory(
        role=RoleGrant.Role.PRINCIPAL, district=district, school=SchoolFactory(district=district)
    )
    assert not other.user.has_perm("selection.view_candidates", world.posting)


def test_criteria_are_added_by_hr_or_the_principal_until_scoring_begins(world):
    added = services.criterion_add(
        world.posting, by=world.principal, kind="screening", name="Writes clearly", weight=3
    )
    assert (added.position, added.weight) == (2, 3)
    with pytest.raises(DomainError, match="already"):
        services.criterion_add(
            world.posting, by=world.hr, kind="screening", name="writes clearly", weight=1
        )
    with pytest.raises(PermissionDenied):
        services.criterion_add(
            world.posting, by=world.panelists[0], kind="screening", name="Other", weight=1
        )
    services.screening_save(
        world.application, by=world.hr, scores={c.pk: 1 for c in [*world.screening, added]}
    )
    with pytest.raises(DomainError, match="begun"):
        services.criterion_add(world.posting, by=world.hr, kind="screening", name="Late", weight=1)
