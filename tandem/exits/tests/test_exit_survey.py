import datetime

import pytest
from django.core import mail
from django.urls import reverse

from tandem.errors import DomainError
from tandem.exits import services
from tandem.exits.models import ExitSurveyInvitation, ExitSurveyTotals
from tandem.exits.selectors import exit_survey_results
from tandem.exits.tests.factories import LAST_DAY, hr_of, leaver
from tandem.organizations.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def _invited(district, django_capture_on_commit_callbacks):
    """A leaver of ``district`` and the raw token of the link e-mailed to them."""
    employment = leaver(district=district)
    with django_capture_on_commit_callbacks(execute=True):
        services.separation_record(
            employment_id=employment.pk,
            by=hr_of(district),
            last_day=LAST_DAY,
            kind="resigned",
            reason="other",
        )
    return mail.outbox[-1].body.split("/exit-survey/")[1].split("/")[0]


def test_an_answer_adds_to_the_totals_and_uses_the_link(client, django_capture_on_commit_callbacks):
    district = DistrictFactory()
    token = _invited(district, django_capture_on_commit_callbacks)
    url = reverse("exits:exit_survey", args=[token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "workload", "comment": "Too many duties."})
    assert response.status_code == 302
    totals = ExitSurveyTotals.objects.get(district=district)
    assert (totals.school_year, totals.answers) == (2026, 1)
    assert totals.reasons == {"workload": 1}
    assert totals.comments == ["Too many duties."]
    assert ExitSurveyInvitation.objects.get(separation__employment__district=district).answered
    # The link works once.
    assert client.get(url).status_code == 404
    with pytest.raises(DomainError, match="used or has expired"):
        services.exit_survey_answer(token=token, reason="other")
    assert ExitSurveyTotals.objects.get(district=district).answers == 1


def test_nothing_ties_an_answer_to_the_leaver(django_capture_on_commit_callbacks):
    """The totals have no key to a person or separation, and the invitation keeps no answer."""
    totals_fields = {f.name for f in ExitSurveyTotals._meta.get_fields()}
    assert totals_fields == {"id", "district", "school_year", "answers", "reasons", "comments"}
    invitation_fields = {f.name for f in ExitSurveyInvitation._meta.get_fields()}
    assert not invitation_fields & {"reason", "comment", "answered_at", "totals"}


def test_bad_answers_and_expired_links_change_nothing(django_capture_on_commit_callbacks):
    district = DistrictFactory()
    token = _invited(district, django_capture_on_commit_callbacks)
    with pytest.raises(DomainError, match="main reason"):
        services.exit_survey_answer(token=token, reason="bored")
    with pytest.raises(DomainError, match="2,000"):
        services.exit_survey_answer(token=token, reason="other", comment="x" * 2001)
    with pytest.raises(DomainError, match="used or has expired"):
        services.exit_survey_answer(token="not-a-token", reason="other")
    invitations = ExitSurveyInvitation.objects.filter(separation__employment__district=district)
    invitations.update(sent_on=datetime.date(2026, 9, 1))
    with pytest.raises(DomainError, match="used or has expired"):
        services.exit_survey_answer(token=token, reason="other")
    assert not ExitSurveyTotals.objects.filter(district=district).exists()
    assert not invitations.get().answered


def test_results_show_a_year_only_when_no_answer_can_be_picked_out():
    district = DistrictFactory()
    # 2025-26: seven answers, 3 workload, 2 pay, 2 moving: shown, with its comments.
    ExitSurveyTotals.objects.create(
        district=district,
        school_year=2025,
        answers=7,
        reasons={"workload": 3, "compensation": 2, "relocation": 2},
        comments=["Class sizes."],
    )
    # 2026-27: five answers: fewer than six, hidden with its comment.
    ExitSurveyTotals.objects.create(
        district=district, school_year=2026, answers=5, reasons={"workload": 5}, comments=["x"]
    )
    # 2024-25: six answers all alike: everyone's answer would be known, hidden.
    ExitSurveyTotals.objects.create(
        district=district, school_year=2024, answers=6, reasons={"retirement": 6}
    )
    table, comments = exit_survey_results(district=district)
    assert not table.hidden(2025)
    assert table.cell(2025, "workload") == 3
    assert table.total(2025) == 7
    assert table.hidden(2026) and table.hidden(2024)
    assert comments == {2025: ["Class sizes."]}
