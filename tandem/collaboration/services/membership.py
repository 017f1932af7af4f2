"""Who is on the team, as the services refuse everyone else."""

from django.utils.translation import gettext as _

from tandem.collaboration.models import Team
from tandem.collaboration.rules import is_team_member, team_work_refusal
from tandem.errors import DomainError
from tandem.people.models import User


def member_required(*, user: User, team: Team) -> None:
    """A team's plans and the resources it shares are its members' work; the facilitator and
    everyone off the team are refused."""
    if not is_team_member(user, team):
        raise DomainError(_("Only the team's members work on its plan."))


def team_work_required(*, user: User, team: Team) -> None:
    """The facilitator and everyone off the team are refused."""
    if refusal := team_work_refusal(user, team):
        raise DomainError(refusal)
