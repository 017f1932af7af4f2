"""Teams: key leaders follow the office, and a team's work is seen only by those on it."""

import datetime

import pytest

from tandem.collaboration.models import Party, TeamMember, TeamNote
from tandem.collaboration.services.teams import team_member_add, team_member_end, team_note_post
from tandem.collaboration.tests.first_team import OUTSIDERS, TODAY
from tandem.errors import DomainError
from tandem.people.models import RoleGrant

pytestmark = pytest.mark.django_db


def _hand_over_union_presidency(team, to_user, on=TODAY):
    current = RoleGrant.objects.get(
        district=team.district, office=RoleGrant.Office.UNION_PRESIDENT, end_date__isnull=True
    )
    current.end_date = on - datetime.timedelta(days=1)
    current.save()
    return RoleGrant.objects.create(
        user=to_user,
        role=RoleGrant.Role.UNION_LEADER,
        district=team.district,
        bargaining_unit=current.bargaining_unit,
        office=RoleGrant.Office.UNION_PRESIDENT,
        title="Union president",
        start_date=on,
    )


def test_the_new_office_holder_takes_the_seat_and_the_team_shows_the_change(client, team, user_of):
    teacher = user_of("teacher@example.org")
    _hand_over_union_presidency(team, teacher)
    client.force_login(teacher)
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert str(teacher) in page
    assert "Changed hands" in page and str(user_of("union.president@example.org")) in page
    # The former president is no longer on the team and loses its union caucus.
    client.force_login(user_of("union.president@example.org"))
    assert client.get(f"/teams/{team.pk}/").status_code == 404
    assert client.get(f"/teams/{team.pk}/caucus/union/").status_code == 404


def test_joint_notes_are_read_by_members_and_the_facilitator_only(client, team, user_of):
    team_note_post(
        team=team,
        by=user_of("committee.chair@example.org"),
        space=TeamNote.Space.JOINT,
        body="Draft calendar for the spring sessions.",
    )
    for email in (
        "principal@example.org",
        "facilitator@example.org",
        "union.president@example.org",
    ):
        client.force_login(user_of(email))
        assert (
            "Draft calendar for the spring sessions."
            in client.get(f"/teams/{team.pk}/").content.decode()
        ), email
    for email in OUTSIDERS:
        client.force_login(user_of(email))
        assert client.get(f"/teams/{team.pk}/").status_code == 404, email


def test_another_facilitator_does_not_open_the_team(client, team, other_facilitator):
    client.force_login(other_facilitator)
    assert client.get(f"/teams/{team.pk}/").status_code == 404


def test_a_caucus_is_its_partys_alone(client, team, user_of):
    union = user_of("union.president@example.org")
    team_note_post(team=team, by=union, space=Party.UNION, body="Our bottom line.")
    client.force_login(union)
    assert "Our bottom line." in client.get(f"/teams/{team.pk}/caucus/union/").content.decode()
    for email in (
        "superintendent@example.org",
        "facilitator@example.org",
        "committee.chair@example.org",
        "principal@example.org",
    ):
        client.force_login(user_of(email))
        assert client.get(f"/teams/{team.pk}/caucus/union/").status_code == 404, email
        response = client.post(f"/teams/{team.pk}/notes/union/", {"body": "Peek"})
        assert response.status_code == 404, email
    assert not TeamNote.objects.filter(body="Peek").exists()
    with pytest.raises(DomainError):
        team_note_post(
            team=team, by=user_of("superintendent@example.org"), space=Party.UNION, body="Hi"
        )


def test_a_union_member_of_the_team_reads_the_union_caucus(client, team, user_of):
    member = team.members.filter(party=Party.UNION).first()
    client.force_login(member.user)
    assert client.get(f"/teams/{team.pk}/caucus/union/").status_code == 200
    assert client.get(f"/teams/{team.pk}/caucus/management/").status_code == 404


def test_key_leaders_add_members_and_others_may_not(client, team, user_of):
    teacher = user_of("teacher@example.org")
    with pytest.raises(DomainError, match="union president"):
        team_member_add(
            team_id=team.pk,
            by=user_of("principal@example.org"),
            email=teacher.email,
            party=Party.UNION,
        )
    client.force_login(user_of("union.president@example.org"))
    response = client.post(
        f"/teams/{team.pk}/members/",
        {"email": teacher.email, "party": "union", "role": "Note-taker"},
        follow=True,
    )
    assert f"{teacher} joined the team." in response.content.decode()
    assert TeamMember.objects.get(team=team, user=teacher).role == "Note-taker"
    again = client.post(
        f"/teams/{team.pk}/members/", {"email": teacher.email, "party": "union"}, follow=True
    )
    assert "already on the team" in again.content.decode()
    assert TeamMember.objects.filter(team=team, user=teacher).count() == 1


def test_someone_outside_the_district_joins_only_as_a_community_member(team, user_of):
    outsider = user_of("analyst@example.org")
    leader = user_of("superintendent@example.org")
    with pytest.raises(DomainError, match="community member"):
        team_member_add(team_id=team.pk, by=leader, email=outsider.email, party="management")
    member = team_member_add(
        team_id=team.pk, by=leader, email=outsider.email, party=Party.COMMUNITY
    )
    assert member.party == Party.COMMUNITY


def test_an_unknown_address_is_named_and_nothing_changes(team, user_of):
    before = TeamMember.objects.count()
    with pytest.raises(DomainError, match=r"nobody@example\.org"):
        team_member_add(
            team_id=team.pk,
            by=user_of("superintendent@example.org"),
            email="nobody@example.org",
            party=Party.COMMUNITY,
        )
    assert TeamMember.objects.count() == before


def test_a_member_who_leaves_loses_the_team(client, team, user_of):
    principal = user_of("principal@example.org")
    member = TeamMember.objects.get(team=team, user=principal, end_date__isnull=True)
    team_member_end(member_id=member.pk, by=user_of("superintendent@example.org"))
    client.force_login(principal)
    assert client.get(f"/teams/{team.pk}/").status_code == 404


def test_the_union_president_is_not_offered_a_management_members_removal(client, team, user_of):
    """What issue 16 saw: the union president was offered "Remove" for the principal, a
    management member; the server now refuses it too, and nothing changes."""
    principal = user_of("principal@example.org")
    management = TeamMember.objects.get(team=team, user=principal, end_date__isnull=True)
    union_member = team.members.filter(party=Party.UNION, end_date__isnull=True).first()
    client.force_login(user_of("union.president@example.org"))
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert f"Remove {principal}" not in page
    assert f"/members/{management.pk}/end/" not in page
    assert f"Remove {union_member.user}" in page
    response = client.post(f"/teams/{team.pk}/members/{management.pk}/end/", follow=True)
    assert "Only the superintendent adds and removes management members." in (
        response.content.decode()
    )
    management.refresh_from_db()
    assert management.end_date is None
    with pytest.raises(DomainError, match="superintendent"):
        team_member_end(member_id=management.pk, by=user_of("union.president@example.org"))


def test_the_add_form_offers_only_the_parties_one_manages(client, team, user_of):
    client.force_login(user_of("union.president@example.org"))
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert 'value="union"' in page and 'value="community"' in page
    assert 'value="management"' not in page and 'value="committee"' not in page
    teacher = user_of("teacher@example.org")
    response = client.post(
        f"/teams/{team.pk}/members/", {"email": teacher.email, "party": "management"}, follow=True
    )
    assert "joined the team" not in response.content.decode()
    assert not TeamMember.objects.filter(team=team, user=teacher).exists()


def test_a_member_outside_ones_party_offers_no_removal_to_a_plain_member(client, team, user_of):
    client.force_login(user_of("principal@example.org"))
    page = client.get(f"/teams/{team.pk}/").content.decode()
    assert "/end/" not in page and "Add a member" not in page


def test_the_facilitator_seats_community_members_only(team, user_of):
    facilitator = user_of("facilitator@example.org")
    outsider = user_of("analyst@example.org")
    with pytest.raises(DomainError, match="union president"):
        team_member_add(
            team_id=team.pk, by=facilitator, email="teacher@example.org", party=Party.UNION
        )
    member = team_member_add(
        team_id=team.pk, by=facilitator, email=outsider.email, party=Party.COMMUNITY
    )
    team_member_end(member_id=member.pk, by=user_of("union.president@example.org"))
    assert not TeamMember.objects.filter(pk=member.pk).exists()  # added today by mistake
