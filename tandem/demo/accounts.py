"""The demo's sign-ins: one known password, the accounts the README names, and the people
who work for the partnership and the state rather than for a district.

Names, state identifiers and e-mails are numbered in the order they are made, so the same
seed gives every person the same name and address.
"""

import datetime
import random
from dataclasses import dataclass

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password

from tandem.demo.calendars import HISTORY_YEARS
from tandem.demo.vocabulary import FIRST_NAMES, LAST_NAMES
from tandem.people.models import RoleGrant, User

DEMO_PASSWORD = "tandem-demo-2026"
# Base32 TOTP secret shared by the demo's administrators, so a person can add it to an app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
EMAIL_DOMAIN = "example.org"


@dataclass
class DemoAccount:
    role: str
    email: str
    note: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("Teacher", "teacher@example.org"),
    DemoAccount("Union leader (also a teacher)", "union.president@example.org"),
    DemoAccount("Principal and evaluator", "principal@example.org"),
    DemoAccount("District HR", "hr@example.org", "two-factor"),
    DemoAccount("District administrator", "district.admin@example.org", "two-factor"),
    DemoAccount("Superintendent", "superintendent@example.org", "two-factor"),
    DemoAccount("School committee chair", "committee.chair@example.org"),
    DemoAccount("Partnership facilitator", "facilitator@example.org"),
    DemoAccount("State analyst", "analyst@example.org", "two-factor"),
    DemoAccount("State administrator", "state.admin@example.org", "two-factor"),
]


def activate_totp(user: User) -> None:
    Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.TOTP,
        data={"secret": get_mfa_adapter().encrypt(DEMO_TOTP_SECRET)},
    )


class Accounts:
    """People's names and identifiers, and users who sign in with the demo's password."""

    def __init__(self, *, rng: random.Random):
        self.rng = rng
        self.password = make_password(DEMO_PASSWORD)
        self.state_id_counter = 10_000_000
        self.email_counter = 0

    def name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def state_id(self) -> str | None:
        self.state_id_counter += 1
        # A few new hires are still waiting for the state to assign their identifier.
        return None if self.rng.random() < 0.01 else str(self.state_id_counter)

    def user(self, first, last, slug, email=None) -> User:
        self.email_counter += 1
        email = (
            email
            or f"{first}.{last}.{self.email_counter}@{slug}.{EMAIL_DOMAIN}".lower().replace("'", "")
        )
        return User(
            email=email, username=email, first_name=first, last_name=last, password=self.password
        )

    def state_accounts(self, *, start_date: datetime.date) -> None:
        for role, email, first, last in [
            (RoleGrant.Role.STATE_ANALYST, "analyst@example.org", "Sam", "Analyst"),
            (RoleGrant.Role.STATE_ADMIN, "state.admin@example.org", "Robin", "Stateadmin"),
        ]:
            user = self.user(first, last, "state", email=email)
            user.save()
            RoleGrant.objects.create(user=user, role=role, start_date=start_date)
            if role in RoleGrant.MFA_ROLES:
                activate_totp(user)

    def facilitators(self, *, scale: int, today: datetime.date) -> list[User]:
        """The partnership's facilitators: about one for every fifteen districts."""
        facilitators = []
        for i in range(max(1, scale // 5)):
            first, last = (
                ("Fran", "Facilitator")
                if i == 0
                else (FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[-i % len(LAST_NAMES)])
            )
            user = self.user(
                first, last, "partnership", email="facilitator@example.org" if i == 0 else None
            )
            user.save()
            RoleGrant.objects.create(
                user=user,
                role=RoleGrant.Role.FACILITATOR,
                title="Partnership facilitator",
                start_date=today - datetime.timedelta(days=365 * HISTORY_YEARS),
            )
            facilitators.append(user)
        return facilitators
