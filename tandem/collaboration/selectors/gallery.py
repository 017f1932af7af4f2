"""Reads of the plan gallery."""

from django.db.models import QuerySet

from tandem.collaboration.models import StrategicPlan


def gallery_list(*, q: str = "", topic: str = "") -> QuerySet[StrategicPlan]:
    plans = StrategicPlan.objects.filter(published_version__isnull=False)
    for word in q.split()[:8]:
        plans = plans.filter(search_text__icontains=word)
    if topic:
        plans = plans.filter(topics__slug=topic)
    return (
        plans.select_related("team__district", "published_version")
        .prefetch_related("topics")
        .order_by("-published_at", "pk")
    )
