import factory
from factory.django import DjangoModelFactory

from tandem.hiring.tests.factories import ApplicationFactory, PostingFactory
from tandem.people.models import RoleGrant
from tandem.people.tests.factories import PersonFactory, RoleGrantFactory, UserFactory
from tandem.selection.models import Criterion, PanelMember


class PanelMemberFactory(DjangoModelFactory):
    class Meta:
        model = PanelMember

    posting = factory.SubFactory(PostingFactory)
    person = factory.SubFactory(PersonFactory, signs_in=True)
    added_by = factory.SubFactory(UserFactory)


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    posting = factory.SubFactory(PostingFactory)
    kind = Criterion.Kind.SCREENING
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1


class Selection:
    """A posting at a school with its district's HR, the school's principal, two panel
    members, two screening and two interview criteria, and one candidate."""

    def __init__(self):
        self.posting = PostingFactory()
        vacancy = self.posting.vacancy
        self.hr = RoleGrantFactory(district=vacancy.district).user
        self.principal = RoleGrantFactory(
            role=RoleGrant.Role.PRINCIPAL, district=vacancy.district, school=vacancy.school
        ).user
        self.panel = [PanelMemberFactory(posting=self.posting) for _ in range(2)]
        self.panelists = [member.person.user for member in self.panel]
        self.screening = [
            CriterionFactory(posting=self.posting, name="Content knowledge", weight=2),
            CriterionFactory(posting=self.posting, name="Classroom experience", weight=1),
        ]
        self.interview = [
            CriterionFactory(posting=self.posting, kind="interview", name="Planning", weight=1),
            CriterionFactory(posting=self.posting, kind="interview", name="Questions", weight=3),
        ]
        self.application = ApplicationFactory(posting=self.posting)
        self.applicant = self.application.person.user
