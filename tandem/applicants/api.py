"""The applicant's own applications: ``GET /api/applications/mine``."""

import datetime

from ninja import Router, Schema

from tandem.applicants import selectors
from tandem.people.selectors import roles_of
from tandem.records.models import AccessLogEntry
from tandem.records.services import access_log_request

router = Router(tags=["applications"])


class MyApplicationOut(Schema):
    id: int
    posting_id: int
    title: str
    district: str
    stage: str
    outcome: str
    status: str
    submitted_at: datetime.datetime
    ended_at: datetime.datetime | None
    version: int


@router.get("/applications/mine", response=list[MyApplicationOut], url_name="my_applications")
def my_applications(request):
    """The signed-in applicant's applications, each with where it stands in plain words."""
    applications = list(selectors.applications_of(roles_of(request.user).person_id))
    access_log_request(request, applications, channel=AccessLogEntry.Channel.API)
    return [
        MyApplicationOut(
            id=a.pk,
            posting_id=a.posting_id,
            title=a.posting.vacancy.title,
            district=a.posting.vacancy.district.name,
            stage=a.stage,
            outcome=a.outcome,
            status=selectors.status_words(a),
            submitted_at=a.submitted_at,
            ended_at=a.ended_at,
            version=a.version,
        )
        for a in applications
    ]
