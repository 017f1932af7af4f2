"""The state's conversions of learning into points (pipeline.md §1.4): installed by a
migration, and again by the demo, since a test database flushed between tests has lost them."""

from decimal import Decimal

CONVERSIONS = [
    ("clock_hour", "Clock hour of eligible learning", Decimal("1")),
    ("audited_semester_hour", "Semester hour of an audited course", Decimal("7.5")),
    ("credit", "Undergraduate credit (15 hours)", Decimal("15")),
    (
        "graduate_semester_hour",
        "Graduate semester hour, or new upper-level undergraduate content",
        Decimal("22.5"),
    ),
]


def points_conversions_install(apps=None) -> None:
    """Create the conversions that do not exist yet; existing ones are left as the state set them."""
    if apps is None:
        from tandem.learning.models import PointsConversion
    else:
        PointsConversion = apps.get_model("learning", "PointsConversion")
    for unit, label, points in CONVERSIONS:
        PointsConversion.objects.get_or_create(
            unit=unit, defaults={"label": label, "points": points}
        )
