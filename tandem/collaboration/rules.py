"""Who may open a team's work: its members (key leaders included) and its facilitator."""

import rules
from django.utils import timezone

from tandem.collaboration.models import Team
from tandem.collaboration.selectors import visible_spaces


@rules.predicate
def may_open_team(user, team: Team) -> bool:
    return bool(visible_spaces(user=user, team=team, day=timezone.localdate()))


rules.add_perm("collaboration.view_team", may_open_team)
