"""Each rule about who may open or change a team's work is one predicate, asked by the page and
the service alike (issue 10, item 2): where they answer, they answer the same."""

import pytest
from django.urls import reverse

from tandem.collaboration import rules
from tandem.collaboration.models import Engagement
from tandem.collaboration.services.enrollment import engagement_first_meeting_record
from tandem.collaboration.services.plans import plan_start, plan_vision_save
from tandem.errors import DomainError
from tandem.people.models import User

pytestmark = pytest.mark.django_db


def test_the_plan_page_offers_the_draft_to_whoever_the_service_lets_edit_it(client, team, user_of):
    plan = plan_start(team_id=team.pk, by=user_of("principal@example.org"), title="P")
    draft = plan.versions.get()
    for email, may in (("principal@example.org", True), ("facilitator@example.org", False)):
        user = user_of(email)
        assert rules.may_edit_plan_draft(user, draft) is may
        client.force_login(user)
        page = client.get(reverse("collaboration:plan_detail", kwargs={"pk": plan.pk}))
        assert ("Edit the draft" in page.content.decode()) is may
    with pytest.raises(DomainError, match="Only the team's members work on its plan"):
        plan_vision_save(
            version_id=draft.pk,
            by=user_of("facilitator@example.org"),
            version=draft.version,
            vision="V",
            theory_of_action="T",
        )


def test_the_first_meeting_form_goes_once_a_leader_has_agreed_and_so_does_the_service(
    client, user_of
):
    engagement = (
        Engagement.objects.filter(status=Engagement.Status.MET, agreements__isnull=False)
        .distinct()
        .first()
    )
    facilitator = user_of("facilitator@example.org")
    assert not rules.may_record_first_meeting(facilitator, engagement)
    client.force_login(facilitator)
    url = reverse("collaboration:engagement_detail", kwargs={"pk": engagement.pk})
    assert "Record the first meeting" not in client.get(url).content.decode()
    with pytest.raises(DomainError, match="already agreed"):
        engagement_first_meeting_record(
            engagement_id=engagement.pk,
            by=facilitator,
            met_on=engagement.first_meeting_on,
            notes="Changed",
        )


def test_a_superuser_is_not_let_into_a_team_or_its_caucus(team):
    """The predicates are asked directly, not through ``has_perm``, which a superuser passes."""
    root = User.objects.create_superuser(email="root@example.org", password="x")
    assert root.has_perm("collaboration.anything", team)
    assert not rules.may_open_team(root, team)
    assert not rules.may_use_space(root, team, "union")
    assert not rules.is_team_member(root, team)
