"""Each rubric factory builds a row its model accepts; a published version is frozen."""

import pytest
from django.core.exceptions import ValidationError

from tandem.rubrics import selectors
from tandem.rubrics.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        factories.FrameworkFactory,
        factories.FrameworkVersionFactory,
        factories.StandardFactory,
        factories.IndicatorFactory,
        factories.ElementFactory,
    ],
    ids=lambda f: f.__name__,
)
def test_the_factory_builds_a_valid_row(factory):
    factory().full_clean()


def test_a_published_version_has_its_tree_and_refuses_changes():
    version = factories.published_framework_version(standards=3)
    version.full_clean()
    standards = list(selectors.standards_with_elements(version=version))
    assert version.is_published and len(standards) == 3
    element = standards[0].indicators.all()[0].elements.all()[0]
    element.proficient = "changed"
    with pytest.raises(ValidationError):
        element.save()


def test_a_published_version_from_the_trait_is_published():
    assert factories.FrameworkVersionFactory(published=True).is_published
