"""Every write of teacher leadership: roles, lattice levels, awards of a level, who holds a
role, and posting a role internally through hiring. Each all or nothing; each asks its rule."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.hiring.models import Posting
from tandem.hiring.services import posting_create, vacancy_create
from tandem.leadership import rules
from tandem.leadership.models import (
    LatticeLevel,
    LeadershipRole,
    LevelAward,
    RoleDomain,
    RoleTenure,
)
from tandem.leadership.selectors import position_of
from tandem.organizations.models import District, School
from tandem.people.models import Employment, StaffAssignment, User

ROLE_FIELDS = ("name", "kind", "duties", "hours_per_week", "release_periods", "stipend")


def _role_problems(fields: dict, domains: list[str]) -> list[str]:
    problems = []
    if not fields["name"].strip():
        problems.append(_("Name the role."))
    if not fields["duties"].strip():
        problems.append(_("Write the role's duties: what its holder does."))
    if not domains:
        problems.append(
            _("Choose at least one Teacher Leader Model Standards domain the role serves.")
        )
    hours = fields.get("hours_per_week")
    if hours is not None and not 0 < hours <= 40:
        problems.append(_("The hours a week are more than 0 and at most 40."))
    stipend = fields.get("stipend")
    if stipend is not None and stipend < 0:
        problems.append(_("The stipend cannot be negative."))
    return problems


@transaction.atomic
def role_create(
    *, district: District | None, by: User, domains: list[str], **fields
) -> LeadershipRole:
    """A role of ``district`` (or, with none, one the state describes for every district)."""
    if not rules.manages_roles_of(by, district.pk if district else None):
        raise PermissionDenied
    problems = _role_problems(fields, domains)
    taken = LeadershipRole.objects.filter(district=district, name__iexact=fields["name"].strip())
    if taken.exists():
        problems.append(_("A role of that name is already in the catalog."))
    if problems:
        raise DomainError(problems)
    role = LeadershipRole(district=district, **{name: fields.get(name) for name in ROLE_FIELDS})
    role.name = role.name.strip()
    role._history_user = by
    role.save()
    RoleDomain.objects.bulk_create(RoleDomain(role=role, domain=d) for d in dict.fromkeys(domains))
    return role


LEVEL_FIELDS = (
    "title",
    "description",
    "minimum_rating",
    "minimum_years",
    "minimum_points",
    "minimum_completions",
    "license_stage",
)


@transaction.atomic
def level_save(
    *, district_id: int, by: User, rank: int, level: LatticeLevel | None = None, **fields
) -> LatticeLevel:
    """Add a level to the district's lattice, or change one (``level``)."""
    if not rules.edits_lattice(by, district_id) or (level and level.district_id != district_id):
        raise PermissionDenied
    problems = []
    if not fields["title"].strip():
        problems.append(_("Give the level a title."))
    clash = LatticeLevel.objects.filter(district_id=district_id, rank=rank)
    if level is not None:
        clash = clash.exclude(pk=level.pk)
    if clash.exists():
        problems.append(_("Level %(rank)d already exists: choose another rank.") % {"rank": rank})
    if rank < 1:
        problems.append(_("Ranks start at 1."))
    if problems:
        raise DomainError(problems)
    level = level or LatticeLevel(district_id=district_id)
    level.rank = rank
    for name in LEVEL_FIELDS:
        setattr(level, name, fields.get(name, LatticeLevel._meta.get_field(name).get_default()))
    level.title = level.title.strip()
    level._history_user = by
    level.save()
    return level


@transaction.atomic
def level_award(
    *, employment: Employment, level: LatticeLevel, by: User, day: datetime.date | None = None
) -> LevelAward:
    """Record that the educator reached ``level``: only their next level, and only when the
    records meet every criterion of it."""
    day = day or timezone.localdate()
    if (
        not rules.reads_eligibility(by, employment.district_id)
        or level.district_id != employment.district_id
    ):
        raise PermissionDenied
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    position = position_of(employment, day=day)
    if position.next is None or position.next.pk != level.pk:
        raise DomainError(
            _("%(level)s is not this educator's next level.") % {"level": level.title}
        )
    unmet = [c.asks for c in position.checks if not c.met]
    if unmet:
        raise DomainError(_("Not yet eligible: %(unmet)s.") % {"unmet": "; ".join(unmet)})
    award = LevelAward(employment=employment, level=level, awarded_on=day, awarded_by=by)
    award._history_user = by
    award.save()
    return award


@transaction.atomic
def tenure_record(
    *,
    role: LeadershipRole,
    employment: Employment,
    by: User,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    school: School | None = None,
) -> RoleTenure:
    """The educator holds ``role`` from ``starts_on`` (to ``ends_on``), at ``school``."""
    if not rules.records_tenure(by, employment):
        raise PermissionDenied
    problems = []
    if role.district_id is not None and role.district_id != employment.district_id:
        problems.append(
            _("The role is another district's: the educator's district cannot fill it.")
        )
    if school is not None and school.district_id != employment.district_id:
        problems.append(_("The school is not one of the educator's district."))
    if ends_on is not None and ends_on < starts_on:
        problems.append(_("The last day comes before the first: choose a later last day."))
    overlapping = (
        RoleTenure.objects.filter(role=role, employment=employment)
        .filter(**({"starts_on__lte": ends_on} if ends_on else {}))
        .exclude(ends_on__lt=starts_on)
    )
    if overlapping.exists():
        problems.append(_("The educator already holds this role in those dates."))
    if problems:
        raise DomainError(problems)
    tenure = RoleTenure(
        role=role,
        employment=employment,
        school=school,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=by,
    )
    tenure._history_user = by
    tenure.save()
    return tenure


@transaction.atomic
def role_post(
    *,
    role: LeadershipRole,
    district: District,
    by: User,
    school: School | None,
    fte,
    start_date: datetime.date,
    opens_on: datetime.date,
    closes_on: datetime.date,
) -> Posting:
    """Post the role to the district's own staff: a vacancy and an internal posting, through
    hiring's services (which ask hiring's rule and check the dates)."""
    if role.district_id is not None and role.district_id != district.pk:
        raise PermissionDenied
    vacancy = vacancy_create(
        district=district,
        by=by,
        licenses=[],
        school=school,
        title=role.name,
        position=StaffAssignment.Position.CLASSROOM_TEACHER,
        subject="",
        grade_levels="",
        fte=fte,
        salary_min=None,
        salary_max=None,
        salary_step="",
        start_date=start_date,
    )
    return posting_create(
        vacancy,
        by=by,
        audience=Posting.Audience.INTERNAL,
        description=role.duties,
        opens_on=opens_on,
        closes_on=closes_on,
    )
