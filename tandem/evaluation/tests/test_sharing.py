"""An educator shares a cycle with a union representative, who reads it only while the
consent stands."""

import pytest

from tandem.errors import DomainError
from tandem.evaluation.models import EvaluationCycle
from tandem.evaluation.services.sharing import record_share_grant
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_the_representative_reads_the_cycle_only_while_consent_stands(client, user_of):
    teacher, union = user_of("teacher@example.org"), user_of("union.president@example.org")
    cycle = EvaluationCycle.objects.get(person__user=teacher)
    url = f"/cycles/{cycle.pk}/"
    client.force_login(union)
    assert client.get(url).status_code == 404

    client.force_login(teacher)
    client.post(f"/cycles/{cycle.pk}/shares/", {"shared_with": union.pk})
    share = cycle.shares.get()

    client.force_login(union)
    assert client.get(url).status_code == 200
    assert AccessLogEntry.objects.filter(user=union, object_id=cycle.pk, path=url).exists()
    assert client.post(f"/cycles/{cycle.pk}/self-assessment/", {"version": 1}).status_code == 403

    client.force_login(teacher)
    client.post(f"/cycles/{cycle.pk}/shares/{share.pk}/revoke/")
    client.force_login(union)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("email", ["principal@example.org", "committee.chair@example.org"])
def test_a_cycle_is_shared_only_with_a_union_representative(user_of, email):
    teacher = user_of("teacher@example.org")
    cycle = EvaluationCycle.objects.get(person__user=teacher)
    with pytest.raises(DomainError, match="union representative"):
        record_share_grant(cycle_id=cycle.pk, by=teacher, shared_with_id=user_of(email).pk)
    assert not cycle.shares.exists()


def test_only_the_educator_shares_their_cycle(user_of):
    from django.core.exceptions import PermissionDenied

    cycle = EvaluationCycle.objects.get(person__user__email="teacher@example.org")
    with pytest.raises(PermissionDenied):
        record_share_grant(
            cycle_id=cycle.pk,
            by=user_of("principal@example.org"),
            shared_with_id=user_of("union.president@example.org").pk,
        )


def test_the_representatives_home_lists_the_cycles_shared_with_them_while_consent_stands(
    client, user_of
):
    teacher, union = user_of("teacher@example.org"), user_of("union.president@example.org")
    cycle = EvaluationCycle.objects.get(person__user=teacher)
    share = record_share_grant(cycle_id=cycle.pk, by=teacher, shared_with_id=union.pk)
    client.force_login(union)
    home = client.get("/").content.decode()
    assert "Cycles educators have shared with you" in home
    assert f'href="/cycles/{cycle.pk}/"' in home
    assert AccessLogEntry.objects.filter(user=union, object_id=cycle.pk, path="/").exists()

    share.revoked_at = share.granted_at
    share.save()
    home = client.get("/").content.decode()
    assert f'href="/cycles/{cycle.pk}/"' not in home
    page = client.get(f"/cycles/{cycle.pk}/")
    assert page.status_code == 404
    assert "There is nothing here for you to open" in page.content.decode()
    assert 'href="/"' in page.content.decode()
