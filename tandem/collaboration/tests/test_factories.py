"""The collaboration factories build rows the models accept; a factory team opens to its
members and not to others."""

import pytest

from tandem.collaboration import plan_content
from tandem.collaboration.rules import may_open_team
from tandem.collaboration.selectors.gallery import gallery_list
from tandem.collaboration.tests import factories
from tandem.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        factories.TeamFactory,
        factories.TeamMemberFactory,
        factories.TeamNoteFactory,
        factories.TopicFactory,
        factories.StrategicPlanFactory,
        factories.PlanVersionFactory,
        factories.GalleryCommentFactory,
        factories.MeetingFactory,
        factories.AgendaItemFactory,
        factories.ActionItemFactory,
        factories.ResourceFactory,
        factories.IssueStatementFactory,
        factories.EngagementFactory,
        factories.EventFactory,
    ],
    ids=lambda f: f.__name__,
)
def test_the_factory_builds_a_valid_row(factory):
    factory().full_clean()


def test_a_plan_versions_content_could_be_signed():
    assert plan_content.adoption_problems(factories.PlanVersionFactory().content) == []


def test_a_published_plan_is_in_the_gallery():
    plan = factories.published_plan()
    assert plan in gallery_list()


def test_a_team_opens_to_its_member_and_not_to_another_user():
    member = factories.TeamMemberFactory()
    assert may_open_team(member.user, member.team)
    assert not may_open_team(UserFactory(), member.team)
