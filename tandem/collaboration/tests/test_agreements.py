"""Joint agreements: signed by each party's key leader, frozen from the first signature, changed
only by a new version; and the team's problem solving is closed to everyone off the team."""

import pytest
from django.db import connection
from django.urls import reverse

from tandem.collaboration.models import AgreementSignature, JointAgreement, Stance
from tandem.collaboration.services.agreements import (
    agreement_draft,
    agreement_edit,
    agreement_revise,
    agreement_sign,
)
from tandem.errors import DomainError
from tandem.people.models import RoleGrant

pytestmark = pytest.mark.django_db

Status = JointAgreement.Status
LEADERS = ("superintendent", "union", "committee")


@pytest.fixture
def agreement(team, people):
    return agreement_draft(
        team_id=team.pk,
        by=people["principal"],
        kind=JointAgreement.Kind.MOU,
        title="Mentor stipends this year",
        body="Each mentor receives a stipend for the school year.",
    )


def _tentative(team, issue, *, by, body):
    """A tentative agreement drafted on ``issue``."""
    return agreement_draft(
        team_id=team.pk, by=by, kind="tentative", title="Mentoring", body=body, issue_id=issue.pk
    )


def _sign(agreement, user):
    return agreement_sign(by=user, agreement_id=agreement.pk)


def _page_of(client, agreement):
    """The agreement's page as ``client`` reads it."""
    kwargs = {"pk": agreement.team_id, "agreement_pk": agreement.pk}
    return client.get(reverse("collaboration:agreement_detail", kwargs=kwargs)).content.decode()


def _sign_by_all(agreement, people):
    for role in LEADERS:
        _sign(agreement, people[role])
    agreement.refresh_from_db()
    return agreement


def test_it_takes_effect_on_the_third_signature(agreement, people):
    _sign(agreement, people["superintendent"])
    _sign(agreement, people["union"])
    agreement.refresh_from_db()
    assert agreement.status == Status.SIGNING and agreement.effective_on is None
    _sign(agreement, people["committee"])
    agreement.refresh_from_db()
    assert agreement.status == Status.IN_EFFECT and agreement.effective_on is not None
    assert sorted(agreement.signatures.values_list("party", flat=True)) == [
        "committee",
        "management",
        "union",
    ]


def test_only_the_current_key_leaders_sign(agreement, people):
    for role in ("principal", "union_member", "facilitator", "teacher"):
        with pytest.raises(DomainError, match="Only the superintendent"):
            _sign(agreement, people[role])
    assert not agreement.signatures.exists()


def test_a_former_office_holder_no_longer_signs(agreement, people, team):
    grant = RoleGrant.objects.get(
        district=team.district, office=RoleGrant.Office.UNION_PRESIDENT, end_date__isnull=True
    )
    RoleGrant.objects.filter(pk=grant.pk).update(end_date=grant.start_date)
    with pytest.raises(DomainError, match="Only the superintendent"):
        _sign(agreement, people["union"])


def test_each_party_signs_once(agreement, people):
    _sign(agreement, people["superintendent"])
    with pytest.raises(DomainError, match="already signed"):
        _sign(agreement, people["superintendent"])
    assert agreement.signatures.count() == 1


def test_signing_needs_the_password_again(client, agreement, people):
    """The page asks for the password before it calls the service (issue 10, item 3)."""
    client.force_login(people["superintendent"])
    response = client.post(f"/teams/{agreement.team_id}/agreements/{agreement.pk}/sign/")
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not agreement.signatures.exists()


def test_the_text_is_frozen_from_the_first_signature(agreement, people):
    _sign(agreement, people["union"])
    agreement.refresh_from_db()
    with pytest.raises(DomainError, match="never edited"):
        agreement_edit(
            agreement_id=agreement.pk,
            version=agreement.version,
            by=people["principal"],
            title="Changed",
            body="Changed text",
        )
    agreement.body = "Changed behind the service"
    with pytest.raises(DomainError, match="never edited"):
        agreement.save()
    with pytest.raises(DomainError, match="never edited"):
        JointAgreement.objects.filter(pk=agreement.pk).update(body="Changed in bulk")
    agreement.refresh_from_db()
    assert agreement.body == "Each mentor receives a stipend for the school year."


def test_the_edit_page_refuses_a_signed_agreement(client, agreement, people):
    _sign(agreement, people["union"])
    client.force_login(people["principal"])
    url = reverse(
        "collaboration:agreement_edit",
        kwargs={"pk": agreement.team_id, "agreement_pk": agreement.pk},
    )
    assert client.get(url).status_code == 302
    response = client.post(url, {"version": "1", "title": "New", "body": "New"}, follow=True)
    assert "never edited" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Mentor stipends this year"


def test_a_draft_is_edited_with_its_version_checked(agreement, people):
    agreement_edit(
        agreement_id=agreement.pk, version=1, by=people["union"], title="A", body="First"
    )
    with pytest.raises(DomainError, match="Reload"):
        agreement_edit(
            agreement_id=agreement.pk, version=1, by=people["principal"], title="B", body="Second"
        )
    agreement.refresh_from_db()
    assert agreement.body == "First"


def test_the_facilitator_does_not_draft(team, people):
    with pytest.raises(DomainError, match="Only the team's members"):
        agreement_draft(team_id=team.pk, by=people["facilitator"], kind="mou", title="T", body="B")


def test_a_tentative_agreement_needs_a_decided_issue(team, people, issue):
    with pytest.raises(DomainError, match="decided issues"):
        _tentative(team, issue, by=people["principal"], body="Language")


def test_a_new_version_supersedes_only_once_fully_signed(agreement, people):
    first = _sign_by_all(agreement, people)
    with pytest.raises(DomainError, match="Nobody has signed"):
        agreement_revise(
            agreement_id=agreement_draft(
                team_id=first.team_id, by=people["union"], kind="mou", title="T", body="B"
            ).pk,
            by=people["union"],
        )
    second = agreement_revise(agreement_id=first.pk, by=people["union"])
    agreement_edit(
        agreement_id=second.pk,
        version=second.version,
        by=people["union"],
        title=second.title,
        body="Each mentor receives a stipend and one release day a term.",
    )
    with pytest.raises(DomainError, match="newer version"):
        agreement_revise(agreement_id=first.pk, by=people["union"])
    _sign(second, people["superintendent"])
    _sign(second, people["union"])
    first.refresh_from_db()
    assert first.status == Status.IN_EFFECT  # still binding until the third signature
    _sign(second, people["committee"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.SUPERSEDED, Status.IN_EFFECT)
    assert second.number == 2 and second.original_id == first.pk
    # The older version keeps its text and its three signatures, and stays readable.
    assert first.body == "Each mentor receives a stipend for the school year."
    assert first.signatures.count() == 3


def test_the_older_versions_stay_readable_with_their_signatures(client, agreement, people):
    first = _sign_by_all(agreement, people)
    second = agreement_revise(agreement_id=first.pk, by=people["union"])
    client.force_login(people["principal"])
    page = _page_of(client, second)
    assert "Version 1" in page and "Version 2" in page
    page = _page_of(client, first)
    assert "stipend for the school year" in page and str(people["committee"]) in page


def test_a_change_made_behind_tandems_back_shows(client, agreement, people):
    _sign(agreement, people["superintendent"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {JointAgreement._meta.db_table} SET body = %s WHERE id = %s",
            ["A stipend twice as large.", agreement.pk],
        )
    client.force_login(people["union"])
    page = _page_of(client, agreement)
    assert "Changed since signing" in page


def test_the_key_leader_signs_through_the_page_after_reauthenticating(
    client, agreement, people, reauthenticated
):
    url = reverse(
        "collaboration:agreement_sign",
        kwargs={"pk": agreement.team_id, "agreement_pk": agreement.pk},
    )
    client.force_login(people["committee"])
    assert "reauthenticate" in client.get(url)["Location"]
    reauthenticated(people["committee"])
    assert client.get(url).status_code == 200
    client.post(url)
    signed = AgreementSignature.objects.get(agreement=agreement)
    assert signed.party == "committee" and signed.grant.user == people["committee"]


# Who may not see the team's work at all.


def _pages(team, issue, agreement, interest_pk):
    kw = {"pk": team.pk}
    issue_kw = {**kw, "issue_pk": issue.pk}
    agreement_kw = {**kw, "agreement_pk": agreement.pk}
    return [
        ("issue_list", kw),
        ("issue_add", kw),
        ("issue_detail", issue_kw),
        ("issue_restate", issue_kw),
        ("issue_stage", issue_kw),
        ("issue_entry_add", {**issue_kw, "entry": "options"}),
        ("interest_mutual", {**issue_kw, "interest_pk": interest_pk}),
        ("issue_weigh", issue_kw),
        ("consensus_check", issue_kw),
        ("issue_decide", issue_kw),
        ("agreement_add", kw),
        ("agreement_detail", agreement_kw),
        ("agreement_edit", agreement_kw),
        ("agreement_sign", agreement_kw),
        ("agreement_revise", agreement_kw),
    ]


def test_nobody_off_the_team_sees_or_touches_its_work(
    client, team, issue, agreement, people, user_of
):
    other_district = RoleGrant.objects.exclude(district=team.district).filter(
        office=RoleGrant.Office.SUPERINTENDENT
    )
    outsiders = [
        people["teacher"],
        user_of("hr@example.org"),
        user_of("district.admin@example.org"),
        user_of("analyst@example.org"),
        other_district.first().user,
        RoleGrant.objects.filter(role="district_hr").exclude(district=team.district).first().user,
    ]
    pages = _pages(team, issue, agreement, issue.interests.first().pk)
    for outsider in outsiders:
        client.force_login(outsider)
        for name, kwargs in pages:
            url = reverse(f"collaboration:{name}", kwargs=kwargs)
            assert client.get(url).status_code in (404, 405), (outsider, name)
            post = client.post(url, {"gradient": "1", "text": "x", "title": "x", "body": "x"})
            assert post.status_code == 404, (outsider, name)
    assert not issue.checks.get().stances.exists()


def test_members_and_the_facilitator_read_every_page(client, team, decided_issue, people):
    agreement = _tentative(
        team, decided_issue, by=people["principal"], body="Two paid mentors per school."
    )
    for role in ("principal", "union", "facilitator"):
        client.force_login(people[role])
        for name, kwargs in (
            ("issue_list", {"pk": team.pk}),
            ("issue_detail", {"pk": team.pk, "issue_pk": decided_issue.pk}),
            ("consensus_check", {"pk": team.pk, "issue_pk": decided_issue.pk}),
            ("agreement_add", {"pk": team.pk}),
            ("agreement_detail", {"pk": team.pk, "agreement_pk": agreement.pk}),
        ):
            response = client.get(reverse(f"collaboration:{name}", kwargs=kwargs))
            assert response.status_code == 200, (role, name)
            if name == "issue_detail":
                assert "Two paid mentors per school from September." in response.content.decode()


def test_the_facilitator_reads_the_check_but_records_no_stance(client, team, issue, people):
    client.force_login(people["facilitator"])
    url = reverse("collaboration:consensus_check", kwargs={"pk": team.pk, "issue_pk": issue.pk})
    page = client.get(url).content.decode()
    assert "only the team's members take a stance" in page and 'name="gradient"' not in page
    client.post(url, {"gradient": str(Stance.Gradient.WHOLEHEARTED)})
    assert not issue.checks.get().stances.exists()


def test_a_stance_below_three_without_a_comment_is_refused_on_the_page(client, issue, people):
    client.force_login(people["union"])
    url = reverse(
        "collaboration:consensus_check", kwargs={"pk": issue.team_id, "issue_pk": issue.pk}
    )
    response = client.post(url, {"gradient": "5", "comment": ""})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    assert not issue.checks.get().stances.exists()
