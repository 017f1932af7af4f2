"""The demo's today, and who stands where around the first demo district's team, as the
collaboration tests name them."""

import datetime

TODAY = datetime.date(2026, 11, 24)  # the demo's today, which the root conftest fixes
KEY_LEADERS = (
    "superintendent@example.org",
    "union.president@example.org",
    "committee.chair@example.org",
)
# Demo users with no seat on the first district's team and no part in facilitating it.
OUTSIDERS = (
    "teacher@example.org",
    "hr@example.org",
    "district.admin@example.org",
    "analyst@example.org",
)
