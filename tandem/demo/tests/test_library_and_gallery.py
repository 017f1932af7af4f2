"""The demo's library and gallery are worth browsing (issue 16, item 9): every resource is a
file the demo wrote or a page of Tandem that opens, and the gallery holds several districts'
plans."""

from pathlib import PurePosixPath

import pytest

from tandem.collaboration.models import Resource, StrategicPlan
from tandem.records.files import KINDS

pytestmark = pytest.mark.django_db


def test_every_library_resource_opens_as_a_file_or_a_page_of_tandem(
    client, user_of, settings, demo_files
):
    settings.MEDIA_ROOT = demo_files  # where the demo stored them
    client.force_login(user_of("teacher@example.org"))
    resources = list(Resource.objects.filter(team__isnull=True).select_related("file"))
    assert sum(1 for r in resources if r.file_id) >= 4
    assert any(r.link for r in resources)
    for resource in resources:
        if resource.file_id:
            response = client.get(f"/resources/{resource.pk}/file/")
            assert response.status_code == 200, resource.title
            content = b"".join(response.streaming_content)
            assert content and len(content) == resource.file.size
            extension = PurePosixPath(resource.file.name).suffix[1:]
            assert KINDS[resource.file.content_type].extension == extension, resource.title
        if resource.link:
            assert resource.link.startswith("/") and not resource.link.startswith("//")
            assert client.get(resource.link).status_code == 200, resource.title


def test_the_gallery_has_plans_from_at_least_three_districts(client, user_of):
    published = StrategicPlan.objects.filter(published_version__isnull=False).select_related(
        "team__district"
    )
    districts = {plan.team.district.name for plan in published}
    assert len(districts) >= 3
    assert len({plan.published_version.content["vision"] for plan in published}) >= 3
    client.force_login(user_of("teacher@example.org"))
    page = client.get("/gallery/").content.decode()
    assert all(name in page for name in districts)
    for plan in published:
        assert client.get(f"/gallery/{plan.pk}/").status_code == 200
