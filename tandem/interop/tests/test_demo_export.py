"""The whole demo Commonwealth's export against the official schemas (issue 12, "Must show")."""

import zipfile

import pytest
from django.core.management import CommandError, call_command

from tandem.evaluation.models import SummativeEvaluation
from tandem.interop import services
from tandem.interop.tests.conformance import problems
from tandem.organizations.models import District
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_the_whole_demo_export_conforms_and_logs_every_summative(tmp_path, user_of):
    admin = user_of("state.admin@example.org")
    result = services.edfi_export_write(district=None, folder=tmp_path, reader=admin, path="/t")
    assert problems(tmp_path) == []
    signed = SummativeEvaluation.objects.filter(status__in=["signed_by_evaluator", "locked"])
    keyed = signed.filter(cycle__person__state_id__isnull=False)
    assert result["counts"]["PerformanceEvaluationRating"] == keyed.count() > 0
    pending = result["left_out"]["summatives"]
    assert pending == signed.count() - keyed.count()
    assert result["counts"]["LocalEducationAgency"] == District.objects.count()
    logged = AccessLogEntry.objects.filter(user=admin, channel=AccessLogEntry.Channel.EXPORT)
    assert logged.count() == result["counts"]["PerformanceEvaluationRating"]


def test_the_command_writes_a_district_zip(tmp_path, user_of):
    district = District.objects.order_by("org_code").first()
    call_command("edfi_export", district=district.org_code, dest=tmp_path, email="hr@example.org")
    (zipped,) = tmp_path.glob("*.zip")
    names = zipfile.ZipFile(zipped).namelist()
    assert "InterchangeDescriptors" not in names and "Descriptors.xml" in names


@pytest.mark.parametrize(
    "options, message",
    [
        ({"district": "99999999"}, "No district has the organization code '99999999'"),
        ({"state": True}, "hr@example.org may not export the state"),
        ({"state": True, "email": "nobody@example.org"}, "No active user"),
    ],
)
def test_the_command_refuses_bad_input_and_writes_nothing(tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("edfi_export", dest=tmp_path, **{"email": "hr@example.org", **options})
    assert list(tmp_path.iterdir()) == []
