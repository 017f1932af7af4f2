"""Writes for the resource library."""

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.collaboration.models import Resource, Team
from tandem.collaboration.selectors.teams import is_partnership_staff
from tandem.collaboration.services.membership import member_required
from tandem.errors import DomainError
from tandem.people.models import User
from tandem.people.selectors import roles_of
from tandem.records.files import stored_file_save


@transaction.atomic
def resource_share(
    *,
    by: User,
    title: str,
    kind: str,
    summary: str,
    link: str,
    topics,
    upload=None,
    team_id: int | None = None,
) -> Resource:
    """The partnership shares a resource in its own name; a team member in the team's. The file
    is stored after every other check, so a refused resource leaves no file behind."""
    team = None
    if team_id is not None:
        team = Team.objects.get(pk=team_id)
        member_required(user=by, team=team)
    elif not is_partnership_staff(roles_of(by)):
        raise DomainError(_("Share a resource from your team's page, in your team's name."))
    if not topics:
        raise DomainError(_("Tag the resource with at least one topic."))
    if not link and upload is None:
        raise DomainError(_("Give a link to the resource, attach its file, or both."))
    stored = (
        stored_file_save(upload=upload, district_id=None, by=by) if upload is not None else None
    )
    resource = Resource.objects.create(
        title=title.strip(),
        kind=kind,
        summary=summary.strip(),
        link=link,
        file=stored,
        shared_by=by,
        team=team,
    )
    resource.topics.set(topics)
    return resource
