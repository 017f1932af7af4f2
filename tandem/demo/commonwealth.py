"""The demo Commonwealth: a state, its districts, schools, people and sign-ins.

Deterministic for a seed and a "today". At scale 1 it makes 3 districts, 12
schools and about 600 educators; the size grows linearly with ``scale``
(``--scale 250``: about 150,000 educators), written district by district in
bulk, with history rows, so memory stays flat. Every account shares one known
password, which is why it refuses to run outside demo mode.

The generator orders the work; each module of ``tandem.demo`` makes one kind of thing.
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from tandem.collaboration.models import Team
from tandem.collaboration.programs import (
    program_terms_install,
    programs_install,
    topics_install,
)
from tandem.demo.accounts import DEMO_ACCOUNTS, Accounts, DemoAccount
from tandem.demo.calendars import HISTORY_YEARS, school_year_make
from tandem.demo.cycles import CycleBuilder
from tandem.demo.enrollment import EnrollmentBuilder
from tandem.demo.evaluation_settings import (
    BARGAINED_EVERY,
    bargained_settings,
    draft_frameworks_adopt,
    settings_establish,
)
from tandem.demo.gallery import GalleryPlans
from tandem.demo.import_files import files_write
from tandem.demo.leaders import DistrictLeaders
from tandem.demo.licenses import licenses_make
from tandem.demo.staff import StaffBuilder
from tandem.demo.talent import TalentBuilder
from tandem.demo.teams import TeamBuilder
from tandem.demo.vocabulary import REGIONS, TOWNS
from tandem.learning.reference import points_conversions_install
from tandem.licensure.reference import renewal_rules_install
from tandem.organizations.models import BargainingUnit, District, StateAgency
from tandem.rubrics.services import model_frameworks_install


@dataclass
class Summary:
    districts: int = 0
    schools: int = 0
    educators: int = 0
    talent_seconds: float = 0.0  # the talent pipeline's share of the time
    accounts: list[DemoAccount] = field(default_factory=lambda: list(DEMO_ACCOUNTS))


class Generator:
    def __init__(
        self, *, seed: int, scale: int, today: datetime.date, progress: Callable[[int], None]
    ):
        self.rng = random.Random(seed)
        self.seed = seed
        self.scale = scale
        self.today = today
        self.progress = progress
        self.accounts = Accounts(rng=self.rng)
        # Turnover and enrollments draw from generators of their own (as the teams do below).
        self.staff = StaffBuilder(
            rng=self.rng, accounts=self.accounts, turnover_rng=random.Random(seed + 2)
        )
        self.enrollments = EnrollmentBuilder(rng=random.Random(seed + 3))
        self.cycles = CycleBuilder(rng=self.rng)
        # The talent pipeline names its applicants from a generator of its own too.
        talent_rng = random.Random(seed + 5)
        self.talent = TalentBuilder(rng=talent_rng, accounts=Accounts(rng=talent_rng), today=today)
        self.summary = Summary()

    # -- the whole Commonwealth -----------------------------------------------------
    def run(self) -> Summary:
        model_frameworks_install()
        # Installed by migrations too; a test database flushed between tests has lost them.
        programs_install()
        program_terms_install()
        topics_install()
        renewal_rules_install()
        points_conversions_install()
        self.state = StateAgency.objects.create(
            name="Commonwealth Department of Elementary and Secondary Education", code="00000000"
        )
        self.facilitators = self.accounts.facilitators(scale=self.scale, today=self.today)
        # The teams draw from a generator of their own, so adding them left every other
        # choice of the demo (and the tests that rely on it) as it was.
        self.teams = TeamBuilder(
            rng=random.Random(self.seed + 1), today=self.today, history_years=HISTORY_YEARS
        )
        # So do the plans other districts share in the gallery.
        self.gallery = GalleryPlans(rng=random.Random(self.seed + 4), today=self.today)
        for n in range(3 * self.scale):
            with transaction.atomic():
                self._district(n)
            self.progress(1)
        self.accounts.state_accounts(start_date=self.school_year.start_date)
        files_write(District.objects.order_by("pk").first(), self.today)
        return self.summary

    def _district(self, n: int):
        town = TOWNS[n % len(TOWNS)] + (f" {n // len(TOWNS) + 1}" if n >= len(TOWNS) else "")
        slug = town.lower().replace(" ", "-").replace("'", "")
        district = District.objects.create(
            state=self.state,
            name=f"{town} Public Schools",
            org_code=f"{(n + 1) * 10:04d}0000",
            region=REGIONS[n % len(REGIONS)],
        )
        self.summary.districts += 1
        school_year = school_year_make(district, self.today)
        self.school_year = school_year
        unit_a = BargainingUnit.objects.create(
            district=district, name=f"{town} Education Association", code="Unit A"
        )
        unit_b = BargainingUnit.objects.create(
            district=district, name=f"{town} Administrators Association", code="Unit B"
        )
        settings = settings_establish(district, school_year)
        staff = self.staff.build(
            district=district,
            n=n,
            town=town,
            slug=slug,
            school_year=school_year,
            unit_a=unit_a,
            unit_b=unit_b,
        )
        self.summary.schools += len(staff.schools)
        self.summary.educators += len(staff.employments)
        licenses_make(district, self.today)
        first_district = n == 0
        if first_district:
            draft_frameworks_adopt(district, staff.admin.person.user)
        superintendent = staff.superintendent.person.user
        union_president = staff.union_president.person.user
        self.teams.build(
            district=district,
            n=n,
            school_year=school_year,
            leaders=DistrictLeaders(
                superintendent=superintendent,
                union_president=union_president,
                committee_chair=staff.committee[0][0],
                teachers=[e.person.user for e in staff.teachers if e is not staff.union_president][
                    1:4
                ],
                principal=staff.leaders[0][1].person.user,
            ),
            facilitator=self.facilitators[n % len(self.facilitators)],
        )
        self.gallery.share(team=Team.objects.filter(district=district).first())
        if n % BARGAINED_EVERY == 0:
            bargained_settings(
                district,
                unit_a,
                today=self.today,
                management=superintendent,
                union=union_president,
                chair=staff.committee[0][0],
                pending=first_district,
            )
        self.cycles.build(district, school_year, settings, staff.evaluators)
        self.enrollments.build(district, staff.schools)
        started = time.monotonic()
        self.talent.build(district=district, staff=staff, school_year=school_year, slug=slug)
        self.summary.talent_seconds += time.monotonic() - started


def demo_loaded() -> bool:
    return StateAgency.objects.exists()


def generate(
    *,
    seed: int = 2026,
    scale: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> Summary:
    """Build the demo Commonwealth; refuses outside demo mode, since its passwords are public."""
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured(
            "The demo Commonwealth has public passwords: set TANDEM_DEMO=1 to generate it."
        )
    if scale < 1:
        raise ValueError("scale must be at least 1")
    return Generator(
        seed=seed, scale=scale, today=today or datetime.date.today(), progress=progress
    ).run()
