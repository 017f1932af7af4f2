import datetime

import factory
from factory.django import DjangoModelFactory

from tandem.hiring.models import Application, Posting, RequiredLicense, Vacancy
from tandem.organizations.tests.factories import SchoolFactory
from tandem.people.models import StaffAssignment
from tandem.people.tests.factories import PersonFactory, UserFactory


class VacancyFactory(DjangoModelFactory):
    """A grade 7 mathematics position at a school, starting next school year."""

    class Meta:
        model = Vacancy

    school = factory.SubFactory(SchoolFactory)
    district = factory.LazyAttribute(lambda vacancy: vacancy.school.district)
    title = "Grade 7 mathematics teacher"
    position = StaffAssignment.Position.CLASSROOM_TEACHER
    subject = "Mathematics"
    grade_levels = "7"
    fte = 1
    salary_min = 52000
    salary_max = 61000
    start_date = datetime.date(2027, 8, 30)
    created_by = factory.SubFactory(UserFactory)


class RequiredLicenseFactory(DjangoModelFactory):
    class Meta:
        model = RequiredLicense

    vacancy = factory.SubFactory(VacancyFactory)
    field = "Mathematics"
    grade_levels = "5-8"


class PostingFactory(DjangoModelFactory):
    """An external posting open on the tests' today (24 November 2026)."""

    class Meta:
        model = Posting

    vacancy = factory.SubFactory(VacancyFactory)
    audience = Posting.Audience.EXTERNAL
    description = "Teach mathematics to two teams of seventh graders."
    opens_on = datetime.date(2026, 11, 1)
    closes_on = datetime.date(2026, 12, 31)
    created_by = factory.LazyAttribute(lambda posting: posting.vacancy.created_by)


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    posting = factory.SubFactory(PostingFactory)
    person = factory.SubFactory(PersonFactory, signs_in=True)
