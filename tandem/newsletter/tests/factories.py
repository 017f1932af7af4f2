import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tandem.newsletter.models import Issue, Item, Subscriber
from tandem.people.models import User


def _state_admin():
    return User.objects.get(email="state.admin@example.org")


class IssueFactory(DjangoModelFactory):
    """A draft with its three items."""

    class Meta:
        model = Issue
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Teachers' Top Three, issue {n}")
    introduction = "Three things for the fortnight."
    created_by = factory.LazyFunction(_state_admin)

    @factory.post_generation
    def items(issue, create, extracted, **kwargs):
        for position, kind in enumerate(Item.Kind, start=1):
            Item.objects.create(
                issue=issue,
                kind=kind,
                position=position,
                title=f"{kind.label} of {issue.title}",
                text=f"A short paragraph about the {kind.value}.",
                link=f"https://example.org/{kind.value}/{issue.pk}",
                author="Jordan Teacher" if kind == Item.Kind.REFLECTION else "",
            )


class SubscriberFactory(DjangoModelFactory):
    """A confirmed subscriber known by address only."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.net")
    confirmed_at = factory.LazyFunction(timezone.now)
