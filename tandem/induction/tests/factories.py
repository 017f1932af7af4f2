import datetime

import factory
from factory.django import DjangoModelFactory

from tandem.induction.models import MentorAssignment, MentoringLog, TrainedMentor
from tandem.people.tests.factories import EmploymentFactory, PersonFactory, UserFactory


class TrainedMentorFactory(DjangoModelFactory):
    """A mathematics mentor for grades 6-8, trained in 2024, employed by the district."""

    class Meta:
        model = TrainedMentor
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory, signs_in=True)
    district = factory.SubFactory("tandem.organizations.tests.factories.DistrictFactory")
    trained_on = datetime.date(2024, 6, 1)
    subjects = "Mathematics"
    grade_levels = "6-8"
    capacity = 2

    @factory.post_generation
    def employed(mentor, create, extracted, **kwargs):
        if create and extracted is not False:
            EmploymentFactory(person=mentor.person, district=mentor.district)


class MentorAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = MentorAssignment

    mentee = factory.SubFactory(
        EmploymentFactory,
        person=factory.SubFactory(PersonFactory, signs_in=True),
        start_date=datetime.date(2026, 8, 24),
    )
    mentor = factory.SubFactory(
        TrainedMentorFactory, district=factory.SelfAttribute("..mentee.district")
    )
    start_date = datetime.date(2026, 9, 8)
    assigned_by = factory.SubFactory(UserFactory)


class MentoringLogFactory(DjangoModelFactory):
    """An hour's meeting entered by the mentee, not yet confirmed."""

    class Meta:
        model = MentoringLog

    assignment = factory.SubFactory(MentorAssignmentFactory)
    mentee = factory.LazyAttribute(lambda log: log.assignment.mentee.person)
    district = factory.LazyAttribute(lambda log: log.assignment.mentee.district)
    date = datetime.date(2026, 10, 5)
    hours = 1
    kind = MentoringLog.Kind.MEETING
    topic = "Planning the fractions unit"
    entered_by = factory.LazyAttribute(lambda log: log.assignment.mentee.person.user)
