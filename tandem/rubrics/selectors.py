"""Reads of rubric frameworks."""

from django.db.models import Prefetch, Q, QuerySet

from tandem.rubrics.models import Element, Framework, FrameworkVersion, Indicator, Standard


def framework_version_list(*, search: str = "", status: str = "") -> QuerySet[FrameworkVersion]:
    versions = FrameworkVersion.objects.select_related("framework", "framework__district")
    if search:
        versions = versions.filter(framework__name__icontains=search)
    if status in FrameworkVersion.Status.values:
        versions = versions.filter(status=status)
    return versions.order_by("framework__name", "-number")


def framework_version_get(*, version_id: int) -> FrameworkVersion | None:
    return (
        FrameworkVersion.objects.select_related(
            "framework", "framework__district", "published_by", "based_on__framework"
        )
        .filter(pk=version_id)
        .first()
    )


def frameworks_available(*, district_id: int, role_group: str = "") -> QuerySet[FrameworkVersion]:
    """Published versions a district may evaluate with: its own and the state's models,
    newest first."""
    versions = FrameworkVersion.objects.select_related("framework").filter(
        Q(framework__district_id=district_id) | Q(framework__district__isnull=True),
        status=FrameworkVersion.Status.PUBLISHED,
    )
    if role_group:
        versions = versions.filter(framework__role_group=role_group)
    return versions.order_by("framework__name", "-published_at", "-pk")


def standards_with_elements(*, version: FrameworkVersion) -> QuerySet[Standard]:
    """The whole tree of a version in three queries, ordered as the rubric reads."""
    return version.standards.order_by("position").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position").prefetch_related(
                Prefetch("elements", queryset=Element.objects.order_by("position"))
            ),
        )
    )


def indicator_list(*, version: FrameworkVersion) -> QuerySet[Indicator]:
    """A version's indicators in the rubric's order, each with its standard."""
    return (
        Indicator.objects.filter(standard__framework_version=version)
        .select_related("standard")
        .order_by("standard__position", "position")
    )


def indicators_with_elements(*, version: FrameworkVersion) -> QuerySet[Indicator]:
    """A version's indicators with their standards and their elements' descriptors, in two
    queries for a whole page however many indicators it rates."""
    return indicator_list(version=version).prefetch_related(
        Prefetch("elements", queryset=Element.objects.order_by("position"))
    )


def element_list(*, version: FrameworkVersion) -> QuerySet[Element]:
    """A version's elements in the rubric's order, each with its indicator and standard."""
    return (
        Element.objects.filter(indicator__standard__framework_version=version)
        .select_related("indicator__standard")
        .order_by("indicator__standard__position", "indicator__position", "position")
    )


def framework_list() -> QuerySet[Framework]:
    return Framework.objects.order_by("name")
