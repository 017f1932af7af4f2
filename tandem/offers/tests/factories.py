"""A candidate at a school, with the district's HR and the school's principal who select."""

import datetime
from dataclasses import dataclass

from tandem.hiring.models import Application
from tandem.hiring.tests.factories import ApplicationFactory
from tandem.licensure.tests.factories import LicenseFactory
from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.models import RoleGrant, User
from tandem.people.tests.factories import RoleGrantFactory


@dataclass
class Selection:
    application: Application
    hr: User
    principal: User

    @property
    def applicant(self) -> User:
        return self.application.person.user


def selection_build(*, licensed: bool = True, **application) -> Selection:
    """``licensed``: the applicant holds a license in force that covers the vacancy (grade 7
    mathematics), so that no offer waits on an out-of-field reason."""
    application = ApplicationFactory(**application)
    vacancy = application.posting.vacancy
    if licensed:
        LicenseFactory(person=application.person, expires_on=datetime.date(2030, 6, 30))
    hr = RoleGrantFactory(role=RoleGrant.Role.DISTRICT_HR, district=vacancy.district).user
    # For a district position, a principal of one of its schools (who is not its manager).
    school = vacancy.school or SchoolFactory(district=vacancy.district)
    principal = RoleGrantFactory(role=RoleGrant.Role.PRINCIPAL, district=None, school=school).user
    return Selection(application, hr, principal)


OFFER_TERMS = {
    "position": "Grade 7 mathematics teacher",
    "fte": 1,
    "salary": 56000,
    "salary_step": "Step 3, Master's",
    "start_date": datetime.date(2027, 8, 30),
    "respond_by": datetime.date(2026, 12, 4),
}
