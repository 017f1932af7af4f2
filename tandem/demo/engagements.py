"""Teams' engagements with the partnership's programs: the inquiry, the first meeting, and
each key leader's agreement to take part.

The agreements are signed through ``records.signature_sign`` and written here rather than by
``collaboration``'s ``engagement_agree``: that service checks the signer's office on the
clock's today and enrolls on that day, while the demo dates each agreement in its own past
(and shows a union president whose office has since ended, which the service refuses).
"""

import datetime
import random

from tandem.collaboration.models import (
    PARTY_OF_OFFICE,
    Engagement,
    EnrollmentAgreement,
    Program,
    Team,
)
from tandem.demo.calendars import moment
from tandem.demo.leaders import DistrictLeaders
from tandem.organizations.models import District
from tandem.people.models import RoleGrant, User
from tandem.records.models import Signature
from tandem.records.services import signature_sign

INQUIRIES = [
    "Our leaders want to rebuild trust after a hard contract year and work on one shared "
    "priority for new teachers.",
    "We would like help planning educator-led professional development together with the union.",
    "The committee, the union and the superintendent want a joint plan for teacher leadership "
    "roles.",
]
MEETING_NOTES = (
    "Met with the three key leaders. They agreed on the district's priority, the team's members "
    "and a monthly meeting; the facilitator will send a draft of the ground rules."
)


class Engagements:
    def __init__(
        self,
        *,
        rng: random.Random,
        today: datetime.date,
        history_years: int,
        programs: dict[str, Program],
    ):
        self.rng = rng
        self.today = today
        self.history_years = history_years
        self.programs = programs

    def inquire(
        self,
        team: Team,
        kind: str,
        leaders: DistrictLeaders,
        *,
        days_ago: int,
        met_after: int | None = None,
    ) -> Engagement:
        inquired = self.today - datetime.timedelta(days=days_ago)
        engagement = Engagement(
            team=team,
            program=self.programs[kind],
            inquired_by=leaders.superintendent,
            inquired_on=inquired,
            inquiry=self.rng.choice(INQUIRIES),
        )
        if met_after is not None:
            engagement.status = Engagement.Status.MET
            engagement.first_meeting_on = inquired + datetime.timedelta(days=met_after)
            engagement.first_meeting_notes = MEETING_NOTES
            engagement.first_meeting_recorded_by = team.facilitator
            engagement.terms = engagement.program.terms()
        engagement.save()
        return engagement

    def enroll(self, team: Team, kind: str, leaders: DistrictLeaders) -> Engagement:
        days_ago = self.rng.randint(60, 365 * self.history_years)
        engagement = self.inquire(team, kind, leaders, days_ago=days_ago, met_after=21)
        for days_after, user in enumerate(
            [leaders.superintendent, leaders.union_president, leaders.committee_chair]
        ):
            self.agree(engagement, user, days_after=25 + days_after)
        engagement.status = Engagement.Status.ENROLLED
        engagement.enrolled_on = engagement.first_meeting_on + datetime.timedelta(days=6)
        engagement.save(update_fields=["status", "enrolled_on"])
        return engagement

    def agree(
        self,
        engagement: Engagement,
        user: User,
        *,
        days_after: int,
        grant: RoleGrant | None = None,
    ) -> None:
        grant = (
            grant
            or RoleGrant.objects.active_on(self.today)
            .filter(user=user, district=engagement.team.district)
            .exclude(office="")
            .first()
        )
        signature = signature_sign(
            signer=user, record=engagement, capacity=grant.get_office_display()
        )
        when = moment(engagement.inquired_on + datetime.timedelta(days=days_after))
        Signature.objects.filter(pk=signature.pk).update(signed_at=when)
        agreement = EnrollmentAgreement.objects.create(
            engagement=engagement,
            party=PARTY_OF_OFFICE[grant.office],
            grant=grant,
            signature=signature,
        )
        EnrollmentAgreement.objects.filter(pk=agreement.pk).update(agreed_at=when)

    def lapsed_union_agreement(
        self, district: District, engagement: Engagement, leaders: DistrictLeaders
    ) -> None:
        """The union president who agreed left office a week later; the new one has not
        agreed yet, so the team shows the change and waits."""
        agreed = RoleGrant.objects.get(
            district=district, office=RoleGrant.Office.UNION_PRESIDENT, end_date__isnull=True
        )
        handover = engagement.inquired_on + datetime.timedelta(days=30)
        agreed.end_date = handover - datetime.timedelta(days=1)
        agreed.save(update_fields=["end_date"])
        RoleGrant.objects.create(
            user=leaders.teachers[2],
            role=RoleGrant.Role.UNION_LEADER,
            district=district,
            bargaining_unit=agreed.bargaining_unit,
            title="Union president",
            office=RoleGrant.Office.UNION_PRESIDENT,
            start_date=handover,
        )
        self.agree(engagement, agreed.user, days_after=22, grant=agreed)
        self.agree(engagement, leaders.superintendent, days_after=23)
