"""Factories of rubric frameworks: Framework → version → Standard → Indicator → Element.

The rows under a version can be added only while it is a draft (a published version is
frozen), so ``published_framework_version`` builds the tree first and publishes it after.
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tandem.organizations.vocabulary import RoleGroup
from tandem.rubrics.models import Element, Framework, FrameworkVersion, Indicator, Standard


class FrameworkFactory(DjangoModelFactory):
    """A state model framework (no district) for teachers."""

    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"factory-framework-{n}")
    name = factory.Sequence(lambda n: f"Factory rubric {n:03d}")
    role_group = RoleGroup.TEACHER
    district = None


class FrameworkVersionFactory(DjangoModelFactory):
    """A draft version 1; ``FrameworkVersionFactory(published=True)`` is published already
    (and so takes no standards)."""

    class Meta:
        model = FrameworkVersion

    class Params:
        published = factory.Trait(
            status=FrameworkVersion.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )

    framework = factory.SubFactory(FrameworkFactory)
    number = 1
    edition = "2012"
    status = FrameworkVersion.Status.DRAFT


class StandardFactory(DjangoModelFactory):
    class Meta:
        model = Standard

    framework_version = factory.SubFactory(FrameworkVersionFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    name = factory.Sequence(lambda n: f"Standard {n}")
    position = factory.Sequence(lambda n: n % 1000)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    standard = factory.SubFactory(StandardFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    position = factory.Sequence(lambda n: n % 1000)


class ElementFactory(DjangoModelFactory):
    class Meta:
        model = Element

    indicator = factory.SubFactory(IndicatorFactory)
    code = factory.Sequence(lambda n: f"E{n}")
    name = factory.Sequence(lambda n: f"Element {n}")
    position = factory.Sequence(lambda n: n % 1000)
    exemplary = "Designs lessons colleagues borrow as models."
    proficient = "Designs lessons toward clear standards."
    needs_improvement = "Designs lessons that drift from the standards at times."
    unsatisfactory = "Designs no lessons; activities stand alone."


def published_framework_version(*, standards: int = 1, **kwargs) -> FrameworkVersion:
    """A published version with ``standards`` standards of one indicator and one element each."""
    version = FrameworkVersionFactory(**kwargs)
    for position in range(standards):
        ElementFactory(
            indicator__standard__framework_version=version,
            indicator__standard__position=position,
        )
    FrameworkVersion.objects.filter(pk=version.pk).update(
        status=FrameworkVersion.Status.PUBLISHED, published_at=timezone.now()
    )
    version.refresh_from_db()
    return version
