"""The path into a program: inquiry, first meeting, and every key leader's own agreement."""

import datetime

import pytest

from tandem.collaboration.models import (
    Engagement,
    EnrollmentAgreement,
    Program,
    StrategicPlan,
    Team,
)
from tandem.collaboration.selectors.enrollment import agreement_status, engaged_over_time
from tandem.collaboration.services.enrollment import (
    engagement_agree,
    engagement_first_meeting_record,
    engagement_inquire,
)
from tandem.collaboration.tests.factories import EngagementFactory, TeamFactory
from tandem.collaboration.tests.first_team import TODAY
from tandem.errors import DomainError
from tandem.organizations.tests.factories import DistrictFactory, SchoolYearFactory
from tandem.people.models import RoleGrant
from tandem.records.models import Signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_without_team():
    """The demo district whose team has only a fresh inquiry (and a plan shared in the
    gallery), with that team taken away."""
    team = Team.objects.get(engagements__status="inquired", engagements__agreements__isnull=True)
    team.engagements.all().delete()
    # The plan its leaders shared in the gallery goes to another team, as it must go somewhere.
    other = Team.objects.exclude(pk=team.pk).order_by("pk").first()
    StrategicPlan.objects.filter(team=team).update(team=other)
    team.delete()
    return team.district


def _leaders(district):
    return {
        g.office: g.user
        for g in RoleGrant.objects.active_on(TODAY).filter(district=district).exclude(office="")
    }


def _inquire(district, program_kind, *, by, inquiry) -> Engagement:
    program = Program.objects.get(kind=program_kind)
    return engagement_inquire(
        district_id=district.pk, program_id=program.pk, by=by, inquiry=inquiry
    )


def _met(district, user_of) -> Engagement:
    engagement = _inquire(
        district,
        "capacity",
        by=_leaders(district)["committee_chair"],
        inquiry="We want a joint project on mentoring for teachers in their first two years.",
    )
    return engagement_first_meeting_record(
        engagement_id=engagement.pk,
        by=user_of("facilitator@example.org"),
        met_on=TODAY,
        notes="All three leaders came; they chose mentoring as the project.",
    )


def test_an_inquiry_forms_the_team_and_the_facilitator_joins_at_the_first_meeting(
    district_without_team, user_of
):
    engagement = _met(district_without_team, user_of)
    team = Team.objects.get(district=district_without_team)
    assert engagement.team == team and engagement.status == Engagement.Status.MET
    assert team.facilitator == user_of("facilitator@example.org")


def test_only_the_districts_leaders_inquire(district_without_team, user_of):
    hr = RoleGrant.objects.get(district=district_without_team, role="district_hr").user
    for user in (hr, user_of("teacher@example.org"), user_of("facilitator@example.org")):
        with pytest.raises(DomainError, match="Only the district"):
            engagement_inquire(
                district_id=district_without_team.pk,
                program_id=Program.objects.first().pk,
                by=user,
                inquiry="A long enough inquiry about working together on induction.",
            )
    assert not Team.objects.filter(district=district_without_team).exists()


def test_a_second_open_inquiry_for_the_same_program_is_refused(district_without_team, user_of):
    _met(district_without_team, user_of)
    with pytest.raises(DomainError, match="already in touch"):
        _inquire(
            district_without_team,
            "capacity",
            by=_leaders(district_without_team)["superintendent"],
            inquiry="Asking again about the same project, in different words.",
        )


def test_only_the_partnership_records_the_first_meeting(district_without_team, user_of):
    leaders = _leaders(district_without_team)
    engagement = _inquire(
        district_without_team,
        "workshops",
        by=leaders["superintendent"],
        inquiry="We would like our team to attend the workshops on difficult conversations.",
    )
    with pytest.raises(DomainError, match="facilitators"):
        engagement_first_meeting_record(
            engagement_id=engagement.pk, by=leaders["superintendent"], met_on=TODAY, notes="x"
        )
    with pytest.raises(DomainError, match="future"):
        engagement_first_meeting_record(
            engagement_id=engagement.pk,
            by=user_of("facilitator@example.org"),
            met_on=TODAY + datetime.timedelta(days=1),
            notes="Planned.",
        )
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.INQUIRED


def test_enrollment_waits_for_every_key_leader_each_in_their_own_session(
    district_without_team, user_of
):
    engagement = _met(district_without_team, user_of)
    leaders = _leaders(district_without_team)
    engagement_agree(by=leaders["superintendent"], engagement_id=engagement.pk)
    engagement_agree(by=leaders["union_president"], engagement_id=engagement.pk)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.MET
    standing = {s.party: s for s in agreement_status(engagement=engagement, day=TODAY)}
    assert standing["committee"].agreement is None and standing["union"].agreement is not None

    # The superintendent cannot agree a second time, nor for the committee.
    with pytest.raises(DomainError, match="already signed"):
        engagement_agree(by=leaders["superintendent"], engagement_id=engagement.pk)
    # A committee member who is neither chair nor vice chair cannot agree for the committee.
    member = RoleGrant.objects.get(
        district=district_without_team, role="school_committee", office=""
    ).user
    with pytest.raises(DomainError, match="Only the superintendent"):
        engagement_agree(by=member, engagement_id=engagement.pk)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.MET

    engagement_agree(by=leaders["committee_vice_chair"], engagement_id=engagement.pk)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ENROLLED and engagement.enrolled_on == TODAY
    signatures = Signature.objects.filter(object_id=engagement.pk, content_type__model="engagement")
    assert {s.signer for s in signatures} == {
        leaders["superintendent"],
        leaders["union_president"],
        leaders["committee_vice_chair"],
    }
    assert len({s.digest for s in signatures}) == 1


def test_an_agreement_needs_the_password_again(client, district_without_team, user_of):
    """The page asks for the password before it calls the service (issue 10, item 3)."""
    engagement = _met(district_without_team, user_of)
    client.force_login(_leaders(district_without_team)["superintendent"])
    response = client.post(f"/partnership/engagements/{engagement.pk}/agree/")
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not EnrollmentAgreement.objects.filter(engagement=engagement).exists()


def test_an_agreement_lapses_when_the_office_changes_hands_before_enrollment(
    district_without_team, user_of
):
    engagement = _met(district_without_team, user_of)
    leaders = _leaders(district_without_team)
    for office in ("superintendent", "committee_chair"):
        engagement_agree(by=leaders[office], engagement_id=engagement.pk)
    # The superintendent leaves; the assistant superintendent takes the office today.
    old = RoleGrant.objects.get(district=district_without_team, office="superintendent")
    RoleGrant.objects.filter(pk=old.pk).update(end_date=TODAY - datetime.timedelta(days=1))
    successor = RoleGrant.objects.filter(
        district=district_without_team, role="district_admin", office=""
    ).first()
    RoleGrant.objects.create(
        user=successor.user,
        role="district_admin",
        district=district_without_team,
        office="superintendent",
        start_date=TODAY,
    )
    engagement_agree(by=leaders["union_president"], engagement_id=engagement.pk)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.MET  # the management's agreement lapsed
    standing = {s.party: s for s in agreement_status(engagement=engagement, day=TODAY)}
    assert standing["management"].agreement is None
    assert [a.grant_id for a in standing["management"].lapsed] == [old.pk]

    engagement_agree(by=successor.user, engagement_id=engagement.pk)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ENROLLED


def test_the_first_meeting_record_is_fixed_once_a_leader_agreed(district_without_team, user_of):
    engagement = _met(district_without_team, user_of)
    engagement_agree(
        by=_leaders(district_without_team)["superintendent"],
        engagement_id=engagement.pk,
    )
    with pytest.raises(DomainError, match="already agreed"):
        engagement_first_meeting_record(
            engagement_id=engagement.pk,
            by=user_of("facilitator@example.org"),
            met_on=TODAY,
            notes="Rewritten notes.",
        )


def test_the_agree_page_asks_for_the_password_and_shows_who_has_not_agreed(
    client, reauthenticated, district_without_team, user_of
):
    engagement = _met(district_without_team, user_of)
    leaders = _leaders(district_without_team)
    client.force_login(leaders["union_president"])
    response = client.get(f"/partnership/engagements/{engagement.pk}/agree/")
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    reauthenticated(leaders["union_president"])
    page = client.post(f"/partnership/engagements/{engagement.pk}/agree/", follow=True)
    text = page.content.decode()
    assert "Enrollment waits for the other leaders." in text
    assert text.count("Not yet") == 2


def _district_with_years(region, years):
    district = DistrictFactory(region=region)
    for first in years:
        SchoolYearFactory(
            district=district,
            name=f"{first}-{(first + 1) % 100:02d}",
            start_date=datetime.date(first, 8, 31),
            end_date=datetime.date(first + 1, 6, 18),
        )
    return district


def _enrolled(district, enrolled_on, ended_on=None):
    return EngagementFactory(
        team=TeamFactory(district=district),
        program=Program.objects.get(kind="capacity"),
        status="enrolled" if ended_on is None else "withdrawn",
        inquired_on=enrolled_on - datetime.timedelta(days=30),
        enrolled_on=enrolled_on,
        ended_on=ended_on,
    )


def test_a_district_counts_in_every_school_year_it_was_enrolled():
    """The issue's overview: a district enrolled since January 2025 was left out of 2025-26,
    which no district joined, and shown at 0 in 2026-27."""
    region = "Far West"
    since_2025 = _district_with_years(region, [2024, 2025, 2026])
    _enrolled(since_2025, datetime.date(2025, 1, 15))
    left = _district_with_years(region, [2023, 2024, 2025, 2026])
    _enrolled(left, datetime.date(2023, 10, 2), ended_on=datetime.date(2024, 12, 20))
    years, by_region = engaged_over_time(group_by="region", day=TODAY)
    counts = dict(zip(years, dict(by_region)[region], strict=True))
    assert counts["2023-24"] == 1  # only the district that later left
    assert counts["2024-25"] == 2  # both, for part of the year
    assert counts["2025-26"] == 1 and counts["2026-27"] == 1
    _years, by_program = engaged_over_time(group_by="program", day=TODAY)
    program = dict(by_program)[Program.objects.get(kind="capacity").name]
    assert program[years.index("2025-26")] >= 1 and program[years.index("2026-27")] >= 1


def test_no_year_is_skipped_between_the_first_enrollment_and_today():
    district = _district_with_years("Far East", [2024, 2025, 2026])
    _enrolled(district, datetime.date(2024, 9, 15), ended_on=datetime.date(2024, 11, 1))
    years, by_region = engaged_over_time(group_by="region", day=TODAY)
    assert {"2024-25", "2025-26", "2026-27"} <= set(years) and years == sorted(years)
    counts = dict(zip(years, dict(by_region)["Far East"], strict=True))
    assert (counts["2024-25"], counts["2025-26"], counts["2026-27"]) == (1, 0, 0)


def test_a_district_enrolled_twice_in_a_year_counts_once():
    district = _district_with_years("Far North", [2026])
    _enrolled(district, datetime.date(2026, 9, 1), ended_on=datetime.date(2026, 9, 30))
    EngagementFactory(
        team=district.team,
        program=Program.objects.get(kind="capacity"),
        status="enrolled",
        inquired_on=datetime.date(2026, 10, 1),
        enrolled_on=datetime.date(2026, 10, 15),
    )
    years, by_region = engaged_over_time(group_by="region", day=TODAY)
    assert dict(zip(years, dict(by_region)["Far North"], strict=True))["2026-27"] == 1


def test_the_state_analyst_reads_the_overview_without_links_to_engagements_it_cannot_open(
    client, user_of
):
    engagement = Engagement.objects.order_by("pk").first()
    link = f'href="/partnership/engagements/{engagement.pk}/"'
    client.force_login(user_of("analyst@example.org"))
    page = client.get("/partnership/").content.decode()
    assert engagement.team.district.name in page and link not in page
    assert client.get(f"/partnership/engagements/{engagement.pk}/").status_code == 404
    client.force_login(user_of("facilitator@example.org"))
    assert link in client.get("/partnership/").content.decode()
