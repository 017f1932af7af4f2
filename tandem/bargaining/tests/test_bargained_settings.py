"""Bargained evaluation settings (issue 5, item 7): management proposes, the union agrees,
the school committee adopts, each by a signature after reauthentication."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.bargaining import services
from tandem.bargaining.selectors import settings_in_force
from tandem.bargaining.services import DEFAULT_EVALUATION_SETTINGS
from tandem.bargaining.tests.factories import office_holders
from tandem.errors import DomainError
from tandem.organizations.models import District, DistrictSettingsVersion, SettingsProposal
from tandem.people.models import RoleGrant
from tandem.records.models import Signature
from tandem.rubrics.models import FrameworkVersion

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)
LATER = datetime.date(2028, 1, 3)  # after Unit A's adopted demo version (2027-08-30)
CHANGED = {**DEFAULT_EVALUATION_SETTINGS, "feedback_school_days": 3}


def _propose(unit, by, **changes):
    SettingsProposal.objects.filter(bargaining_unit=unit, status__in=SettingsProposal.OPEN).update(
        status=SettingsProposal.Status.WITHDRAWN
    )
    arguments = {"values": CHANGED, "effective_from": LATER, "rationale": "Article 12."}
    return services.settings_proposal_make(by=by, bargaining_unit=unit, **{**arguments, **changes})


def _agree(proposal, by, **kwargs):
    return services.settings_proposal_agree(by=by, **kwargs, proposal_id=proposal.pk)


def _adopt(proposal, by, **kwargs):
    return services.settings_proposal_adopt(by=by, **kwargs, proposal_id=proposal.pk)


def _signatures(proposal):
    return list(
        Signature.objects.filter(
            content_type=ContentType.objects.get_for_model(SettingsProposal),
            object_id=proposal.pk,
        )
        .order_by("pk")
        .values_list("signer", "capacity")
    )


def _other_district_admin(district):
    return RoleGrant.objects.filter(role="district_admin").exclude(district=district).first().user


def _plain_committee_member(district):
    return RoleGrant.objects.get(district=district, role="school_committee", office="").user


def test_the_whole_path_adopts_a_new_version_signed_by_each_side(unit_a, who):
    proposal = _propose(unit_a, who["management"])
    _agree(proposal, who["union"])
    version = _adopt(proposal, who["committee"])

    proposal.refresh_from_db()
    assert proposal.status == "adopted"
    assert (proposal.proposed_by, proposal.agreed_by, proposal.adopted_by) == (
        who["management"],
        who["union"],
        who["committee"],
    )
    assert (version.proposal, version.bargaining_unit, version.values) == (
        proposal,
        unit_a,
        CHANGED,
    )
    assert version.effective_from == LATER and version.number == 2
    assert _signatures(proposal) == [
        (who["management"].pk, services.SIGNED_AS_MANAGEMENT),
        (who["union"].pk, services.SIGNED_AS_UNION),
        (who["committee"].pk, services.SIGNED_AS_COMMITTEE),
    ]


def test_the_adopted_version_is_in_force_from_its_effective_date(ashford, unit_a, who):
    proposal = _propose(unit_a, who["management"])
    _agree(proposal, who["union"])
    version = _adopt(proposal, who["committee"])

    def on(day):
        return settings_in_force(district_id=ashford.pk, bargaining_unit_id=unit_a.pk, on=day)

    assert on(LATER) == version
    assert on(LATER - datetime.timedelta(days=1)).number == 1  # the demo's version
    assert on(TODAY).bargaining_unit is None  # the baseline, until Unit A's first version
    assert settings_in_force(district_id=ashford.pk, on=LATER).bargaining_unit is None


def test_the_school_committee_vice_chair_may_adopt(ashford, waiting, who):
    _agree(waiting, who["union"])
    vice_chair = RoleGrant.objects.get(district=ashford, office="committee_vice_chair").user
    assert _adopt(waiting, vice_chair).proposal == waiting


@pytest.mark.parametrize("who_key", ["teacher", "union", "committee", "other_district_admin"])
def test_only_the_districts_administrators_propose(ashford, unit_a, who, user_of, who_key):
    user = {
        "teacher": lambda: user_of("teacher@example.org"),
        "union": lambda: who["union"],
        "committee": lambda: who["committee"],
        "other_district_admin": lambda: _other_district_admin(ashford),
    }[who_key]()
    with pytest.raises(PermissionDenied):
        _propose(unit_a, user)


def test_an_assistant_superintendent_proposes_for_management(unit_a, user_of):
    proposal = _propose(unit_a, user_of("district.admin@example.org"))
    assert proposal.status == "proposed"


@pytest.mark.parametrize(
    "who_key", ["teacher", "other_unit_union", "plain_committee_member", "other_district_admin"]
)
def test_only_a_union_leader_of_the_unit_agrees(ashford, waiting, user_of, who_key):
    user = {
        "teacher": lambda: user_of("teacher@example.org"),
        "other_unit_union": lambda: office_holders(ashford.bargaining_units.get(code="Unit B"))[
            "union"
        ],
        "plain_committee_member": lambda: _plain_committee_member(ashford),
        "other_district_admin": lambda: _other_district_admin(ashford),
    }[who_key]()
    with pytest.raises(PermissionDenied):
        _agree(waiting, user)
    waiting.refresh_from_db()
    assert waiting.status == "proposed" and waiting.agreed_by is None


def test_the_proposer_cannot_agree_for_the_union_even_holding_a_union_grant(
    ashford, unit_a, waiting, who
):
    RoleGrant.objects.create(
        user=who["management"],
        role=RoleGrant.Role.UNION_LEADER,
        district=ashford,
        bargaining_unit=unit_a,
        start_date=TODAY,
    )
    with pytest.raises(DomainError, match="another side"):
        _agree(waiting, who["management"])


@pytest.mark.parametrize(
    "who_key", ["teacher", "union", "plain_committee_member", "management", "other_district_admin"]
)
def test_only_the_committee_chair_or_vice_chair_adopts(ashford, waiting, who, user_of, who_key):
    _agree(waiting, who["union"])
    user = {
        "teacher": lambda: user_of("teacher@example.org"),
        "union": lambda: who["union"],
        "plain_committee_member": lambda: _plain_committee_member(ashford),
        "management": lambda: who["management"],
        "other_district_admin": lambda: _other_district_admin(ashford),
    }[who_key]()
    count = DistrictSettingsVersion.objects.count()
    with pytest.raises(PermissionDenied):
        _adopt(waiting, user)
    assert DistrictSettingsVersion.objects.count() == count


def test_the_committee_cannot_adopt_before_the_union_agrees(waiting, who):
    with pytest.raises(DomainError, match="once the union agrees"):
        _adopt(waiting, who["committee"])
    assert not DistrictSettingsVersion.objects.filter(proposal=waiting).exists()


def test_a_second_click_does_not_act_twice(waiting, who):
    _agree(waiting, who["union"])
    with pytest.raises(DomainError):
        _agree(waiting, who["union"])
    _adopt(waiting, who["committee"])
    with pytest.raises(DomainError):
        _adopt(waiting, who["committee"])
    assert DistrictSettingsVersion.objects.filter(proposal=waiting).count() == 1


def test_a_declined_proposal_can_be_neither_agreed_nor_adopted(waiting, who):
    services.settings_proposal_decline(
        by=who["union"],
        proposal_id=waiting.pk,
        reason="Not what was agreed at the table.",
    )
    waiting.refresh_from_db()
    assert (waiting.status, waiting.closed_by) == ("declined", who["union"])
    with pytest.raises(DomainError):
        _agree(waiting, who["union"])
    with pytest.raises(DomainError):
        _adopt(waiting, who["committee"])


def test_management_withdraws_and_then_may_propose_again(unit_a, waiting, who):
    services.settings_proposal_decline(
        by=who["management"],
        proposal_id=waiting.pk,
        reason="Replaced by the tentative agreement of December.",
    )
    waiting.refresh_from_db()
    assert waiting.status == "withdrawn"
    assert _propose(unit_a, who["management"]).status == "proposed"


def test_a_decline_needs_a_reason_and_a_party(ashford, waiting, who, user_of):
    with pytest.raises(DomainError, match="reason"):
        services.settings_proposal_decline(by=who["union"], proposal_id=waiting.pk, reason="no")
    with pytest.raises(PermissionDenied):
        services.settings_proposal_decline(
            by=user_of("teacher@example.org"),
            proposal_id=waiting.pk,
            reason="I do not like it at all.",
        )
    waiting.refresh_from_db()
    assert waiting.status == "proposed"


def test_each_act_is_refused_without_reauthentication(client, ashford, waiting, who):
    """The page asks for the password before it calls the service (issue 10, item 3)."""
    unit_b = ashford.bargaining_units.get(code="Unit B")
    signed_before = _signatures(waiting)
    settings = f"/districts/{ashford.pk}/settings/"
    acts = [
        (who["management"], f"{settings}propose/?unit={unit_b.pk}"),
        (who["union"], f"{settings}proposals/{waiting.pk}/agree/"),
        (who["committee"], f"{settings}proposals/{waiting.pk}/adopt/"),
    ]
    for user, url in acts:
        client.force_login(user)
        response = client.post(url, {"rationale": "Article 12."})
        assert response.status_code == 302 and "reauthenticate" in response["Location"]
    waiting.refresh_from_db()
    assert waiting.status == "proposed"
    assert not SettingsProposal.objects.filter(bargaining_unit=unit_b).exists()
    assert not DistrictSettingsVersion.objects.filter(proposal=waiting).exists()
    assert _signatures(waiting) == signed_before


def test_a_past_date_or_one_before_the_units_last_version_is_refused(unit_a, who):
    with pytest.raises(DomainError, match="passed"):
        _propose(unit_a, who["management"], effective_from=TODAY - datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="after"):
        _propose(unit_a, who["management"], effective_from=datetime.date(2027, 8, 30))


def test_adoption_is_refused_once_the_effective_date_has_passed(monkeypatch, unit_a, who):
    proposal = _propose(unit_a, who["management"])
    _agree(proposal, who["union"])
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: LATER + datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="passed"):
        _adopt(proposal, who["committee"])


def test_bad_values_are_refused_at_proposal_time_with_each_problem_named(unit_a, who):
    count = SettingsProposal.objects.count()
    bad = {**CHANGED, "response_school_days": 0, "due_dates_by_plan": {"sabbatical": {}}}
    with pytest.raises(DomainError) as refused:
        _propose(unit_a, who["management"], values=bad)
    text = " ".join(refused.value.messages)
    assert "response_school_days" in text and "four plan types" in text
    assert SettingsProposal.objects.count() == count


def test_a_unit_has_one_open_proposal_at_a_time(unit_a, waiting, who):
    with pytest.raises(DomainError, match="open proposal"):
        services.settings_proposal_make(
            by=who["management"],
            bargaining_unit=unit_a,
            values=CHANGED,
            effective_from=LATER,
            rationale="Article 12.",
        )


def test_a_proposal_cannot_be_changed_once_made(waiting):
    waiting.values = {**waiting.values, "feedback_school_days": 1}
    with pytest.raises(ValidationError, match="propose again"):
        waiting.save()


def test_a_proposal_names_a_unit_of_its_own_district(ashford, who):
    other_unit = District.objects.exclude(pk=ashford.pk).first().bargaining_units.first()
    with pytest.raises(PermissionDenied):
        _propose(other_unit, who["management"])


def test_a_named_rubric_must_be_a_published_one_for_its_role_in_the_district(unit_a, who):
    published = FrameworkVersion.objects.filter(status="published")
    teacher = published.get(framework__slug="ma-teacher-2012")
    sisp = published.filter(framework__role_group="sisp").first()
    draft = FrameworkVersion.objects.filter(status="draft", framework__role_group="teacher").first()
    elsewhere = published.exclude(framework__district=None).exclude(
        framework__district=unit_a.district
    )
    refused = [{"teacher": sisp.pk}, {"nobody": teacher.pk}, {"teacher": "7"}]
    if draft is not None:
        refused.append({"teacher": draft.pk})
    if elsewhere.exists():
        refused.append({elsewhere.first().framework.role_group: elsewhere.first().pk})
    for frameworks in refused:
        with pytest.raises(DomainError, match=r"[Rr]ubric"):
            _propose(unit_a, who["management"], values={**CHANGED, "frameworks": frameworks})
    assert not SettingsProposal.objects.filter(bargaining_unit=unit_a, status="proposed")

    proposal = _propose(
        unit_a, who["management"], values={**CHANGED, "frameworks": {"teacher": teacher.pk}}
    )
    _agree(proposal, who["union"])
    assert _adopt(proposal, who["committee"]).values["frameworks"] == {"teacher": teacher.pk}
