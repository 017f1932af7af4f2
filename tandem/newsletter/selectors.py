"""Reads of the newsletter: issues for staff and for the archive, an issue's audience and its
delivery counts."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tandem.licensure.models import License
from tandem.newsletter.models import Delivery, Issue, Item, Subscriber
from tandem.people.models import Employment

_ITEMS = Prefetch("items", queryset=Item.objects.order_by("position"))


def issue_list() -> QuerySet[Issue]:
    """Every issue, newest first, for staff."""
    return Issue.objects.prefetch_related(_ITEMS).order_by("-created_at", "-pk")


def issue_get(pk: int) -> Issue | None:
    return Issue.objects.prefetch_related(_ITEMS).filter(pk=pk).first()


def archive() -> QuerySet[Issue]:
    """Sent issues to everyone, newest first: an issue narrowed to an audience is not public."""
    return (
        Issue.objects.filter(status=Issue.Status.SENT)
        .filter(audience_role_group="", audience_region="", audience_license_field="")
        .prefetch_related(_ITEMS)
        .order_by("-sent_at", "-pk")
    )


def archived_issue(pk: int) -> Issue | None:
    return archive().filter(pk=pk).first()


def audience_of(issue: Issue) -> QuerySet[Subscriber]:
    """Confirmed subscribers still subscribed whom the issue's audience takes in, as Tandem's
    records say today. A subscriber known only by an e-mail address has no records, so only
    issues to everyone reach them."""
    subscribers = Subscriber.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    today = timezone.localdate()
    if issue.audience_role_group or issue.audience_region:
        employments = Employment.objects.active_on(today).filter(person__user=OuterRef("user"))
        if issue.audience_role_group:
            employments = employments.filter(role_group=issue.audience_role_group)
        if issue.audience_region:
            employments = employments.filter(district__region__iexact=issue.audience_region)
        subscribers = subscribers.filter(Exists(employments))
    if issue.audience_license_field:
        licenses = License.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today),
            person__user=OuterRef("user"),
            field__iexact=issue.audience_license_field,
            issued_on__lte=today,
        )
        subscribers = subscribers.filter(Exists(licenses))
    return subscribers


def delivery_counts(issue_ids) -> dict[int, dict[str, int]]:
    """For each issue, how many copies are in each delivery status (one query)."""
    counts = {pk: dict.fromkeys(Delivery.Status.values, 0) for pk in issue_ids}
    rows = (
        Delivery.objects.filter(issue_id__in=issue_ids)
        .values_list("issue_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for issue_id, status, n in rows:
        counts[issue_id][status] = n
    return counts


def subscription_of(user) -> Subscriber | None:
    """The signed-in user's own subscription, by account or by their address."""
    if not user.is_authenticated:
        return None
    return (
        Subscriber.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .order_by("-user_id")
        .first()
    )
