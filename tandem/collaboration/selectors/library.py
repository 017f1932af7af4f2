"""Reads of the resource library."""

from django.db.models import Q, QuerySet

from tandem.collaboration.models import Resource


def resource_list(*, q: str = "", topic: str = "", kind: str = "") -> QuerySet[Resource]:
    resources = Resource.objects.all()
    for word in q.split()[:8]:
        resources = resources.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    if topic:
        resources = resources.filter(topics__slug=topic)
    if kind:
        resources = resources.filter(kind=kind)
    return resources.select_related("team__district", "shared_by", "file").prefetch_related(
        "topics"
    )
