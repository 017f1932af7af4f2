"""Hired applications ready to onboard, and onboardings already open."""

import datetime

from django.utils import timezone

from tandem.hiring.models import Application
from tandem.hiring.tests.factories import ApplicationFactory
from tandem.onboarding.services import onboard
from tandem.people.tests.factories import RoleGrantFactory

# The vacancy factory's first day: after the tests' today, 24 November 2026.
START = datetime.date(2027, 8, 30)


def hired_application(**kwargs) -> Application:
    """An application whose offer was accepted: ended as hired, at the offer stage."""
    return ApplicationFactory(
        stage=Application.Stage.OFFER,
        outcome=Application.Outcome.HIRED,
        ended_at=timezone.now(),
        **kwargs,
    )


def hr_of(district):
    return RoleGrantFactory(district=district).user


def onboarded(start_date=START, **kwargs):
    """An application onboarded by its district's HR: the onboarding and that HR user."""
    application = hired_application(**kwargs)
    hr = hr_of(application.posting.vacancy.district)
    employment = onboard(application, actor=hr, start_date=start_date)
    return employment.onboarding, hr
