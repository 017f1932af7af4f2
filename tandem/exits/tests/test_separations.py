import datetime

import pytest
from django.core import mail

from tandem.errors import DomainError
from tandem.exits import services
from tandem.exits.models import ExitSurveyInvitation, Separation
from tandem.exits.tests.factories import LAST_DAY, hr_of, leaver
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of
from tandem.people.tests.factories import RoleGrantFactory

pytestmark = pytest.mark.django_db

DAY_AFTER = LAST_DAY + datetime.timedelta(days=1)


def _record(employment, by, **kwargs):
    fields = {"last_day": LAST_DAY, "kind": "resigned", "reason": "workload", "note": " Moving "}
    return services.separation_record(employment_id=employment.pk, by=by, **(fields | kwargs))


def test_a_separation_ends_the_employment_and_its_access_the_day_after(
    django_capture_on_commit_callbacks,
):
    employment = leaver()
    hr = hr_of(employment.district)
    with django_capture_on_commit_callbacks(execute=True):
        separation = _record(employment, hr)
    employment.refresh_from_db()
    assert (employment.end_date, employment.separation_reason) == (LAST_DAY, "resigned")
    assert separation.note == "Moving"
    assert separation.school_year == 2026
    user = employment.person.user
    on_last_day = roles_of(user, LAST_DAY)
    assert employment.district_id in on_last_day.staff_districts
    assert on_last_day.principal_schools
    user._tandem_roles = None
    after = roles_of(user, DAY_AFTER)
    assert employment.district_id not in after.staff_districts
    assert not after.principal_schools
    assert employment.assignments.get().end_date == LAST_DAY
    # The exit survey went out with a link whose token is not stored.
    (message,) = mail.outbox
    assert message.to == [employment.person.email]
    invitation = ExitSurveyInvitation.objects.get(separation=separation)
    token = message.body.split("/exit-survey/")[1].split("/")[0]
    assert invitation.digest == services.survey_token_digest(token)
    assert token not in invitation.digest


def test_grants_elsewhere_and_ended_before_are_left_alone():
    employment = leaver()
    user = employment.person.user
    elsewhere = RoleGrantFactory(user=user, role="district_hr")
    ended = RoleGrantFactory(
        user=user, district=employment.district, end_date=datetime.date(2025, 6, 30)
    )
    _record(employment, hr_of(employment.district))
    elsewhere.refresh_from_db()
    ended.refresh_from_db()
    assert elsewhere.end_date is None
    assert ended.end_date == datetime.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"last_day": datetime.date(2017, 1, 1)}, "before the employment began"),
        ({"last_day": datetime.date(2028, 1, 1)}, "within a year"),
        ({"kind": "moved"}, "type of separation"),
        ({"reason": "bored"}, "main reason"),
        ({"note": "x" * 2001}, "2,000 characters"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(change, message):
    employment = leaver()
    with pytest.raises(DomainError, match=message):
        _record(employment, hr_of(employment.district), **change)
    employment.refresh_from_db()
    assert employment.end_date is None
    assert not Separation.objects.filter(employment=employment).exists()
    assert RoleGrant.objects.filter(user=employment.person.user, end_date__isnull=True).exists()


def test_only_the_districts_hr_records_a_separation():
    employment = leaver()
    for outsider in (hr_of(leaver().district), employment.person.user):
        with pytest.raises(DomainError, match="HR and administrators"):
            _record(employment, outsider)
    assert not Separation.objects.filter(employment=employment).exists()


def test_a_separation_is_recorded_once():
    employment = leaver()
    hr = hr_of(employment.district)
    _record(employment, hr)
    with pytest.raises(DomainError, match="correct it"):
        _record(employment, hr)


def test_a_correction_moves_the_access_with_the_last_day_and_keeps_history():
    employment = leaver()
    hr = hr_of(employment.district)
    separation = _record(employment, hr, send_survey=False)
    later = datetime.date(2027, 1, 29)
    services.separation_correct(
        separation_id=separation.pk,
        by=hr,
        version=1,
        last_day=later,
        kind="retired",
        reason="retirement",
        note="",
        why="The resignation was withdrawn; retires at the end of January instead.",
    )
    employment.refresh_from_db()
    assert (employment.end_date, employment.separation_reason) == (later, "retired")
    user = employment.person.user
    assert roles_of(user, later).principal_schools
    user._tandem_roles = None
    assert not roles_of(user, later + datetime.timedelta(days=1)).principal_schools
    assert employment.assignments.get().end_date == later
    history = list(separation.history.order_by("history_date"))
    assert [h.last_day for h in history] == [LAST_DAY, later]
    assert history[-1].history_change_reason.startswith("The resignation was withdrawn")
    assert history[-1].history_user == hr


def test_a_correction_must_say_why_change_something_and_start_from_the_latest():
    employment = leaver()
    hr = hr_of(employment.district)
    separation = _record(employment, hr, send_survey=False)
    fields = {"last_day": LAST_DAY, "kind": "resigned", "reason": "workload", "note": "Moving"}
    with pytest.raises(DomainError, match="Say why"):
        services.separation_correct(
            separation_id=separation.pk, by=hr, version=1, why=" ", **fields
        )
    with pytest.raises(DomainError, match="Nothing was changed"):
        services.separation_correct(
            separation_id=separation.pk, by=hr, version=1, why="Check", **fields
        )
    with pytest.raises(DomainError, match="Reload"):
        services.separation_correct(
            separation_id=separation.pk, by=hr, version=0, why="Typo", **fields | {"note": "x"}
        )
    with pytest.raises(DomainError, match="HR and administrators"):
        services.separation_correct(
            separation_id=separation.pk,
            by=hr_of(leaver().district),
            version=1,
            why="Typo",
            **fields | {"note": "x"},
        )
    separation.refresh_from_db()
    assert (separation.version, separation.note) == (1, "Moving")
