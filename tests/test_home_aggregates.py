"""The home page's staffing table for readers of aggregates goes through the one suppression."""

import pytest

from tandem.organizations.models import District
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment

pytestmark = pytest.mark.django_db


def test_the_analysts_home_hides_a_districts_pts_share_where_all_teachers_are_alike(
    client, user_of
):
    district = District.objects.order_by("name").first()
    Employment.objects.filter(
        district=district, role_group__in=[RoleGroup.TEACHER, RoleGroup.SISP]
    ).update(has_pts=True)
    client.force_login(user_of("analyst@example.org"))
    response = client.get("/")
    rows = {d.pk: pts for d, _counts, pts in response.context["aggregates"]}
    assert set(rows) == set(District.objects.values_list("pk", flat=True))
    assert rows[district.pk].hidden and rows[district.pk].reason == "all alike"
    assert rows[district.pk].cells == [(None, None), (None, None)]
    page = response.content.decode()
    assert page.split(f">{district.name}</a>")[1].split("</tr>")[0].count(">suppressed<") == 1
    shown = [pts for pts in rows.values() if not pts.hidden]
    assert shown, "the demo's other districts have teachers with and without PTS"
    assert all(pts.total >= 6 and 0 < pts.cells[0][0] < pts.total for pts in shown)
