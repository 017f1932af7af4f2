"""What waits on a person in their team's work (issue 16, item 2): one reading shown in their
inbox on the home page and sent in their e-mail notices, so both say the same.

A draft plan that can be signed waits on each key leader whose party has not signed it, an
engagement after its first meeting on each key leader who has not agreed (a partnership
program needs all three), a consensus check on each member without a stance; action items
wait on their owner from seven days before they are due, and the team's meetings of the
coming seven days on its members and facilitator; a comment that mentions a person waits on
them until they open its thread (issue 16, item 8). Nothing here reads a caucus, and only the
person's own party's signing is named: the facilitator, who signs and stands for no one, sees
only meetings and their own action items.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.collaboration.models import (
    PARTY_OF_OFFICE,
    ActionItem,
    ConsensusCheck,
    Engagement,
    EnrollmentAgreement,
    IssueStatement,
    Meeting,
    Mention,
    Party,
    PlanSignature,
    PlanVersion,
    Team,
    TeamMember,
)
from tandem.collaboration.plan_content import adoption_problems
from tandem.collaboration.selectors.consent import consent_status, own_consent
from tandem.collaboration.selectors.teams import teams_of
from tandem.people.selectors import office_holders

ACTION_ITEM_DAYS_BEFORE = 7  # an action item waits on its owner from a week before it is due
MEETING_DAYS_AHEAD = 7  # "this week": the meetings of today and the six days after


@dataclass(frozen=True)
class TeamWaiting:
    """One thing that waits on the person: what to do (addressed to them), by when, and the
    page of the step. ``item`` names it the same way every day, so a notice says what is new."""

    team: Team
    kind: str
    action: str
    due: datetime.date | None
    url: str
    item: str

    def overdue_on(self, day: datetime.date) -> bool:
        return self.due is not None and self.due < day


def _most_urgent_first(waiting: TeamWaiting):
    return (waiting.due is None, waiting.due or datetime.date.max, waiting.kind, waiting.item)


def _awaits_me(*, user, team: Team, consents, holders: dict, day: datetime.date) -> str | None:
    """The party ``user`` signs for on a record every party signs, if theirs has not signed
    (a signature by an earlier office-holder lapsed and does not count)."""
    standing = consent_status(
        district_id=team.district_id, consents=consents, day=day, holders=holders
    )
    own = own_consent(standing, user=user)
    return own.party if own is not None and own.agreement is None else None


def _plans(user, led: dict[int, Team], holders, day) -> list[TeamWaiting]:
    drafts = (
        PlanVersion.objects.filter(
            plan__team_id__in=list(led), status=PlanVersion.Status.DRAFT, started_on__lte=day
        )
        .select_related("plan")
        .prefetch_related(Prefetch("party_signatures", PlanSignature.objects.order_by()))
        .order_by("pk")
    )
    waiting = []
    for draft in drafts:
        team = led[draft.plan.team_id]
        party = _awaits_me(
            user=user,
            team=team,
            consents=list(draft.party_signatures.all()),
            holders=holders.get(team.district_id, {}),
            day=day,
        )
        if party is None or adoption_problems(draft.content):
            continue  # signed already, or not complete enough to sign
        waiting.append(
            TeamWaiting(
                team,
                "signature",
                _("sign version %(number)s of the plan “%(title)s” for %(party)s")
                % {"number": draft.number, "title": draft.plan.title, "party": Party(party).label},
                None,
                reverse("collaboration:plan_sign", args=[draft.plan_id]),
                f"plan-version:{draft.pk}",
            )
        )
    return waiting


def _engagements(user, led: dict[int, Team], holders, day) -> list[TeamWaiting]:
    engagements = (
        Engagement.objects.filter(team_id__in=list(led), status=Engagement.Status.MET)
        .select_related("program")
        .prefetch_related(Prefetch("agreements", EnrollmentAgreement.objects.order_by()))
        .order_by("pk")
    )
    waiting = []
    for engagement in engagements:
        team = led[engagement.team_id]
        party = _awaits_me(
            user=user,
            team=team,
            consents=list(engagement.agreements.all()),
            holders=holders.get(team.district_id, {}),
            day=day,
        )
        if party is None:
            continue
        waiting.append(
            TeamWaiting(
                team,
                "agreement",
                _("agree for %(party)s to take part in %(program)s")
                % {"party": Party(party).label, "program": engagement.program.name},
                None,
                reverse("collaboration:engagement_agree", args=[engagement.pk]),
                f"engagement:{engagement.pk}",
            )
        )
    return waiting


def _stances(user, sitting: dict[int, Team]) -> list[TeamWaiting]:
    checks = (
        ConsensusCheck.objects.filter(
            issue__team_id__in=list(sitting),
            issue__stage=IssueStatement.Stage.CONSENSUS,
            closed_at__isnull=True,
        )
        .exclude(stances__user=user)
        .select_related("issue", "option")
        .order_by("pk")
    )
    return [
        TeamWaiting(
            sitting[check.issue.team_id],
            "stance",
            _("give your stance on the option “%(option)s” for the issue “%(title)s”")
            % {"option": check.option.text[:80], "title": check.issue.title},
            None,
            reverse("collaboration:consensus_check", args=[check.issue.team_id, check.issue_id]),
            f"stance:{check.pk}",
        )
        for check in checks
    ]


def _action_items(user, teams: dict[int, Team], day) -> list[TeamWaiting]:
    items = (
        ActionItem.objects.filter(
            owner=user,
            done_on__isnull=True,
            due_on__lte=day + datetime.timedelta(days=ACTION_ITEM_DAYS_BEFORE),
            meeting__team_id__in=list(teams),
        )
        .select_related("meeting")
        .order_by("due_on", "pk")
    )
    return [
        TeamWaiting(
            teams[item.meeting.team_id],
            "action_item",
            _("do what you agreed: %(what)s") % {"what": item.description},
            item.due_on,
            reverse("collaboration:action_items", args=[item.meeting.team_id])
            + f"#action-{item.pk}",
            f"action-item:{item.pk}",
        )
        for item in items
    ]


def _meetings(teams: dict[int, Team], day) -> list[TeamWaiting]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    meetings = Meeting.objects.filter(
        team_id__in=list(teams),
        cancelled_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=start + datetime.timedelta(days=MEETING_DAYS_AHEAD),
    ).order_by("starts_at", "pk")
    waiting = []
    for meeting in meetings:
        starts = timezone.localtime(meeting.starts_at)
        waiting.append(
            TeamWaiting(
                teams[meeting.team_id],
                "meeting",
                _("come to the meeting “%(subject)s”, %(when)s, %(place)s")
                % {
                    "subject": meeting.subject,
                    "when": date_format(starts, "DATETIME_FORMAT"),
                    "place": meeting.place,
                },
                starts.date(),
                reverse("collaboration:meeting_detail", args=[meeting.team_id, meeting.pk]),
                f"meeting:{meeting.pk}:{meeting.version}",
            )
        )
    return waiting


def _mentions(user, teams: dict[int, Team]) -> list[TeamWaiting]:
    mentions = (
        Mention.objects.filter(user=user, read_at__isnull=True, comment__team_id__in=list(teams))
        .select_related(
            "comment__author", "comment__issue", "comment__option__issue", "comment__agreement"
        )
        .order_by("comment__created_at", "pk")
    )
    waiting = []
    for mention in mentions:
        comment = mention.comment
        if comment.agreement_id:
            about = _("the agreement “%(title)s”") % {"title": comment.agreement.title}
        elif comment.option_id:
            about = _("the option “%(option)s” for the issue “%(title)s”") % {
                "option": comment.option.text[:80],
                "title": comment.option.issue.title,
            }
        else:
            about = _("the issue “%(title)s”") % {"title": comment.issue.title}
        waiting.append(
            TeamWaiting(
                teams[comment.team_id],
                "mention",
                _("read what %(author)s wrote to you about %(about)s")
                % {"author": comment.author.get_full_name() or comment.author, "about": about},
                None,
                f"{comment.thread_url}#comment-{comment.pk}",
                f"mention:{mention.pk}",
            )
        )
    return waiting


def waiting_on(*, user, day: datetime.date) -> list[TeamWaiting]:
    """Everything that waits on ``user`` in their teams' work on ``day``, most urgent first
    (past due, then by date; signatures, stances and agreements, which have no date, last).
    A fixed number of queries, however many teams and items."""
    if not user.is_authenticated:
        return []
    teams = {team.pk: team for team in teams_of(user=user, day=day)}
    if not teams:
        return []
    holders = office_holders(district_ids=[t.district_id for t in teams.values()], day=day)
    led = {
        pk: team
        for pk, team in teams.items()
        if any(
            g.user_id == user.pk and g.office in PARTY_OF_OFFICE
            for g in holders.get(team.district_id, {}).values()
        )
    }
    members = set(
        TeamMember.objects.active_on(day)
        .filter(team_id__in=list(teams), user=user)
        .values_list("team_id", flat=True)
    )
    sitting = {pk: team for pk, team in teams.items() if pk in led or pk in members}
    waiting = _action_items(user, teams, day) + _meetings(teams, day) + _mentions(user, teams)
    if led:
        waiting += _plans(user, led, holders, day) + _engagements(user, led, holders, day)
    if sitting:
        waiting += _stances(user, sitting)
    return sorted(waiting, key=_most_urgent_first)
