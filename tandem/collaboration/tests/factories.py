"""Factories of a labor-management team and its work: members, notes, plans, meetings,
action items, the library, the gallery and issues.

A team's key leaders are not rows of their own: they are whoever holds an office in the
team's district (``people.tests.factories.RoleGrantFactory`` with ``office``).
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tandem.collaboration.models import (
    ActionItem,
    AgendaItem,
    Comment,
    Engagement,
    Event,
    GalleryComment,
    IssueStatement,
    Meeting,
    Mention,
    Party,
    PlanVersion,
    Program,
    Resource,
    StrategicPlan,
    Team,
    TeamMember,
    TeamNote,
    Topic,
)
from tandem.organizations.tests.factories import DistrictFactory
from tandem.people.tests.factories import UserFactory

JOINED = datetime.date(2024, 9, 1)


def adoptable_content() -> dict:
    """The smallest plan content the parties may sign (``plan_content.adoption_problems``)."""
    return {
        "vision": "Every student has a teacher who stays.",
        "theory_of_action": "If new teachers are mentored, then more of them stay.",
        "goals": [
            {
                "key": "g1",
                "title": "Keep new teachers",
                "baseline": "",
                "target": "",
                "target_date": "2028-06-30",
                "measures": [
                    {
                        "key": "m1",
                        "name": "New teachers still teaching after three years",
                        "unit": "%",
                        "baseline": "60",
                        "target": "80",
                    }
                ],
            }
        ],
        "strategies": [
            {
                "key": "s1",
                "title": "Mentoring",
                "goal_keys": ["g1"],
                "initiatives": [
                    {
                        "key": "i1",
                        "title": "Paid mentors",
                        "steps": [{"key": "a1", "title": "Train mentors", "owner": "", "due": ""}],
                    }
                ],
            }
        ],
    }


class TeamFactory(DjangoModelFactory):
    """The team of a district of its own, without a facilitator."""

    class Meta:
        model = Team

    district = factory.SubFactory(DistrictFactory)
    name = factory.LazyAttribute(lambda team: f"{team.district.name} labor-management team")
    facilitator = None


class TeamMemberFactory(DjangoModelFactory):
    """A union member of the team since 2024."""

    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    party = Party.UNION
    role = "Member"
    start_date = JOINED
    added_by = factory.SubFactory(UserFactory)


class TeamNoteFactory(DjangoModelFactory):
    class Meta:
        model = TeamNote

    team = factory.SubFactory(TeamFactory)
    space = TeamNote.Space.JOINT
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Notes from the working group, part {n}.")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"factory-topic-{n}")
    name = factory.Sequence(lambda n: f"Factory topic {n}")


class StrategicPlanFactory(DjangoModelFactory):
    """A team's plan with no version yet; ``PlanVersionFactory`` gives it one."""

    class Meta:
        model = StrategicPlan

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Keeping new teachers, plan {n}")
    created_by = factory.SubFactory(UserFactory)


class PlanVersionFactory(DjangoModelFactory):
    """A draft version 1 of a plan, with content the parties could sign."""

    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(StrategicPlanFactory)
    number = 1
    status = PlanVersion.Status.DRAFT
    content = factory.LazyFunction(adoptable_content)
    created_by = factory.SelfAttribute("plan.created_by")
    started_on = factory.LazyFunction(lambda: timezone.localdate())


def published_plan(**kwargs) -> StrategicPlan:
    """A plan whose adopted version 1 is in the gallery (signatures are not made: the gallery
    lists what is published, and publishing is tested through the services)."""
    version = PlanVersionFactory(
        status=PlanVersion.Status.ADOPTED,
        started_on=datetime.date(2026, 4, 1),
        adopted_on=datetime.date(2026, 6, 1),
        **{f"plan__{name}": value for name, value in kwargs.items()},
    )
    plan = version.plan
    plan.published_version = version
    plan.published_at = timezone.now()
    plan.search_text = " ".join([plan.title, version.content["vision"]])
    plan.save(update_fields=["published_version", "published_at", "search_text"])
    return plan


class GalleryCommentFactory(DjangoModelFactory):
    """A comment waiting for the partnership, on a published plan."""

    class Meta:
        model = GalleryComment

    plan = factory.LazyFunction(published_plan)
    author = factory.SubFactory(UserFactory)
    body = "We tried stipends for mentors too; the union's survey helped."


class MeetingFactory(DjangoModelFactory):
    """A meeting of the team next week (after the tests' today), with no agenda yet."""

    class Meta:
        model = Meeting

    team = factory.SubFactory(TeamFactory)
    starts_at = factory.Sequence(
        lambda n: (
            timezone.make_aware(datetime.datetime(2026, 12, 1, 15, 30))
            + datetime.timedelta(minutes=n)
        )
    )
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(minutes=90))
    subject = "Mentor stipend options"
    place = "Library, central office"
    created_by = factory.SubFactory(UserFactory)


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class ActionItemFactory(DjangoModelFactory):
    """An open action item due in two weeks."""

    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Send the mentoring survey to the schools ({n})")
    owner = factory.SubFactory(UserFactory)
    due_on = datetime.date(2026, 12, 8)


class ResourceFactory(DjangoModelFactory):
    """A guide of the partnership's own (no team), read online."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"A guide to joint committees, part {n}")
    kind = Resource.Kind.GUIDE
    summary = "How a joint committee sets its agenda and keeps its minutes."
    link = factory.Sequence(lambda n: f"https://example.org/guides/{n}")
    shared_by = factory.SubFactory(UserFactory)
    team = None

    @factory.post_generation
    def topics(resource, create, extracted, **kwargs):
        """Its topics: one of its own unless ``topics=[...]`` names them."""
        if create:
            resource.topics.set(extracted if extracted is not None else [TopicFactory()])


class IssueStatementFactory(DjangoModelFactory):
    """An issue just raised, at its first step."""

    class Meta:
        model = IssueStatement

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Mentoring for new teachers {n}")
    statement = "New teachers leave within three years more often than others."
    raised_by = factory.SubFactory(UserFactory)


class EngagementFactory(DjangoModelFactory):
    """A team's inquiry into one of the partnership's programs (installed by migrations)."""

    class Meta:
        model = Engagement

    team = factory.SubFactory(TeamFactory)
    program = factory.LazyFunction(lambda: Program.objects.order_by("pk").first())
    inquired_by = factory.SubFactory(UserFactory)
    inquired_on = datetime.date(2026, 11, 2)
    inquiry = "We want to bargain the new evaluation language together."


class EventFactory(DjangoModelFactory):
    """A workshop of one of the partnership's programs, next month."""

    class Meta:
        model = Event

    program = factory.LazyFunction(lambda: Program.objects.order_by("pk").first())
    title = factory.Sequence(lambda n: f"Joint leadership workshop {n}")
    starts_at = factory.Sequence(
        lambda n: (
            timezone.make_aware(datetime.datetime(2026, 12, 10, 9, 0)) + datetime.timedelta(hours=n)
        )
    )
    location = "Worcester"


class CommentFactory(DjangoModelFactory):
    """A comment in an issue's thread, by a stranger to the team unless ``author`` is given."""

    class Meta:
        model = Comment

    issue = factory.SubFactory(IssueStatementFactory)
    team = factory.LazyAttribute(lambda comment: comment.issue.team)
    author = factory.SubFactory(UserFactory)
    body = "Could the stipend come from the induction grant?"


class MentionFactory(DjangoModelFactory):
    class Meta:
        model = Mention

    comment = factory.SubFactory(CommentFactory)
    user = factory.SubFactory(UserFactory)
