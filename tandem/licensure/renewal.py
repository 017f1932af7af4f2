"""How far a license is from renewal (603 CMR 44.00; pipeline.md §1.3), by the rules version
in force on the day asked.

The ledger's approved entries earned within the license's cycle (its issue date to the day
asked, never past its expiry) are summed by topic, content points by the license field they
are in. A topic, or one field's content, below ``topic_counts_from`` counts for nothing, toward
its topic and toward the total. The license asked about needs ``total_points`` and
``topic_minimum`` in each required topic, content in its own field; each further Professional
license the person holds in force adds ``further_license_points`` to the total and needs
``further_license_content`` in its own field. A passed performance assessment is recorded as
content and pedagogy entries (``services.performance_assessment_record``), so it counts by
the same arithmetic. A holder of a core academic license without the SEI endorsement cannot
renew, whatever the points.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.licensure.coverage import in_force_on
from tandem.licensure.models import (
    REQUIRED_TOPICS,
    License,
    PointsEntry,
    RenewalRules,
    SeiEndorsement,
    Topic,
)


def rules_in_force(on: datetime.date) -> RenewalRules:
    rules = RenewalRules.objects.filter(effective_from__lte=on).first()
    if rules is None:
        raise DomainError(_("No renewal rules are in force on %(day)s.") % {"day": on})
    return rules


@dataclass
class Requirement:
    """One condition of the renewal: what it asks, what the ledger holds, and whether met."""

    label: str
    needed: Decimal
    counted: Decimal
    met: bool = field(init=False)

    def __post_init__(self):
        self.met = self.counted >= self.needed

    @property
    def short_by(self) -> Decimal:
        return max(self.needed - self.counted, Decimal(0))

    def in_words(self) -> str:
        if self.met:
            return _("%(label)s: %(counted)s of %(needed)s points, met.") % self._values()
        return _("%(label)s: %(counted)s of %(needed)s points, %(short)s short.") % {
            **self._values(),
            "short": _number(self.short_by),
        }

    def _values(self):
        return {
            "label": self.label,
            "counted": _number(self.counted),
            "needed": _number(self.needed),
        }


@dataclass
class Progress:
    license: License
    rules: RenewalRules
    on: datetime.date
    requirements: list[Requirement]
    barriers: list[str]
    not_counted: list[str]
    pending: Decimal

    @property
    def met(self) -> bool:
        return not self.barriers and all(r.met for r in self.requirements)

    @property
    def short(self) -> list[str]:
        """What is missing, in words: the barriers first, then each unmet requirement."""
        return self.barriers + [r.in_words() for r in self.requirements if not r.met]

    @property
    def total(self) -> Requirement:
        return self.requirements[0]


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _field_key(text: str) -> str:
    return text.strip().lower()


def counted_by_bucket(entries, counts_from: int) -> dict[tuple[str, str], Decimal]:
    """Approved points by (topic, content field or ""), a bucket under ``counts_from`` as 0."""
    buckets: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for entry in entries:
        key = _field_key(entry.content_field) if entry.topic == Topic.CONTENT else ""
        buckets[(entry.topic, key)] += entry.points
    return {key: (p if p >= counts_from else Decimal(0)) for key, p in buckets.items()}


def further_licenses(license: License, on: datetime.date) -> list[License]:
    """The holder's other Professional licenses in force on ``on``: renewed with this one."""
    return list(
        License.objects.filter(in_force_on(on), person_id=license.person_id)
        .filter(stage=License.Stage.PROFESSIONAL)
        .exclude(pk=license.pk)
        .order_by("field", "pk")
    )


def renewal_progress(license: License, on: datetime.date) -> Progress:
    """What of the renewal of ``license`` is met on ``on`` and what is short, in words."""
    rules = rules_in_force(on)
    until = min(on, license.expires_on) if license.expires_on else on
    entries = list(
        PointsEntry.objects.filter(
            person_id=license.person_id, earned_on__gte=license.issued_on, earned_on__lte=until
        ).exclude(status=PointsEntry.Status.DECLINED)
    )
    approved = [e for e in entries if e.status == PointsEntry.Status.APPROVED]
    pending = sum((e.points for e in entries if e.status == PointsEntry.Status.PENDING), Decimal(0))
    raw = counted_by_bucket(approved, 0)
    counted = counted_by_bucket(approved, rules.topic_counts_from)
    not_counted = [
        _("%(topic)s has %(points)s points: a topic counts from %(from)s.")
        % {
            "topic": _bucket_label(key),
            "points": _number(points),
            "from": rules.topic_counts_from,
        }
        for key, points in sorted(raw.items())
        if counted[key] == 0
    ]
    others = further_licenses(license, on)
    total_needed = rules.total_points + rules.further_license_points * len(others)
    by_topic: dict[str, Decimal] = defaultdict(Decimal)
    for (topic, _key), points in counted.items():
        by_topic[topic] += points
    requirements = [
        Requirement(_("Total"), Decimal(total_needed), sum(counted.values(), Decimal(0)))
    ]
    for topic in REQUIRED_TOPICS:
        if topic == Topic.CONTENT:
            requirements.append(
                Requirement(
                    _("Content: %(field)s") % {"field": license.field},
                    Decimal(rules.topic_minimum),
                    counted.get((Topic.CONTENT, _field_key(license.field)), Decimal(0)),
                )
            )
        else:
            requirements.append(
                Requirement(Topic(topic).label, Decimal(rules.topic_minimum), by_topic[topic])
            )
    for other in others:
        requirements.append(
            Requirement(
                _("Content of the further license %(field)s") % {"field": other.field},
                Decimal(rules.further_license_content),
                counted.get((Topic.CONTENT, _field_key(other.field)), Decimal(0)),
            )
        )
    return Progress(
        license=license,
        rules=rules,
        on=on,
        requirements=requirements,
        barriers=_barriers(license, rules, [license, *others]),
        not_counted=not_counted,
        pending=pending,
    )


def needs_sei_endorsement(license: License, rules: RenewalRules) -> bool:
    core = {_field_key(f) for f in rules.sei_fields}
    return license.role == License.Role.ADMINISTRATOR or (
        license.role == License.Role.TEACHER and _field_key(license.field) in core
    )


def _barriers(license: License, rules: RenewalRules, licenses: list[License]) -> list[str]:
    barriers = []
    if license.stage != License.Stage.PROFESSIONAL:
        barriers.append(
            _("Only a Professional license is renewed with points; this one is %(stage)s.")
            % {"stage": license.get_stage_display()}
        )
    if (
        any(needs_sei_endorsement(each, rules) for each in licenses)
        and not SeiEndorsement.objects.filter(person_id=license.person_id).exists()
    ):
        barriers.append(
            _(
                "The SEI endorsement is missing: a core academic teacher or an "
                "administrator cannot renew without it."
            )
        )
    return barriers


def _bucket_label(key: tuple[str, str]) -> str:
    topic, content_field = key
    if topic == Topic.CONTENT:
        return _("Content: %(field)s") % {"field": content_field or _("no field")}
    return str(Topic(topic).label)
