import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from tandem.applicants.models import ApplicantAccount
from tandem.people.tests.factories import PersonFactory


class ApplicantAccountFactory(DjangoModelFactory):
    """A careers account whose e-mail is confirmed (``confirmed=False`` for one that is not),
    with its person: ``account.user.person``."""

    class Meta:
        model = ApplicantAccount
        skip_postgeneration_save = True

    user = factory.LazyFunction(lambda: PersonFactory(signs_in=True).user)

    @factory.post_generation
    def confirmed(account, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=account.user,
                email=account.user.email,
                primary=True,
                verified=extracted is not False,
            )


def applicant(confirmed=True):
    """The user of a new applicant account."""
    return ApplicantAccountFactory(confirmed=confirmed).user
