"""The renewal pages, who may see an educator's ledger and who may not, the activity's
approval, the plan, the summary and HR's licensing view."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.licensure.models import Ipdp, PointsEntry, RenewalReminder, Topic
from tandem.licensure.reminders import renewal_reminders_send
from tandem.licensure.tests.factories import (
    LicenseFactory,
    PointsEntryFactory,
    ProfessionalLicenseFactory,
)
from tandem.people.tests.factories import (
    EmploymentFactory,
    EvaluatorAssignmentFactory,
    PersonFactory,
    RoleGrantFactory,
    StaffAssignmentFactory,
)
from tandem.records.models import AccessLogEntry, StoredFile

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    """A music teacher with a Professional license in force, her supervisor, her district's
    HR, another district's HR and a colleague."""
    employment = EmploymentFactory(person=PersonFactory(signs_in=True))
    license = ProfessionalLicenseFactory(
        person=employment.person,
        issued_on=datetime.date(2022, 7, 1),
        expires_on=datetime.date(2027, 6, 30),
    )
    PointsEntryFactory(person=employment.person, points=12, description="Choir workshop")
    supervisor = EvaluatorAssignmentFactory(evaluatee=employment).evaluator
    colleague = EmploymentFactory(district=employment.district, person=PersonFactory(signs_in=True))
    return {
        "employment": employment,
        "license": license,
        "holder": employment.person.user,
        "supervisor": supervisor.user,
        "hr": RoleGrantFactory(district=employment.district).user,
        "other_hr": RoleGrantFactory().user,
        "colleague": colleague.person.user,
    }


def _renewal(world):
    return reverse("licensure:renewal", args=[world["license"].pk])


@pytest.mark.parametrize("who", ["holder", "supervisor", "hr"])
def test_the_educator_her_supervisor_and_her_hr_read_the_ledger(client, world, who):
    client.force_login(world[who])
    page = client.get(_renewal(world))
    assert page.status_code == 200
    assert "Choir workshop" in page.content.decode()
    assert "Total: 12 of 150 points, 138 short." in page.content.decode()


@pytest.mark.parametrize("who", ["other_hr", "colleague"])
def test_another_district_and_a_colleague_do_not(client, world, who):
    client.force_login(world[who])
    assert client.get(_renewal(world)).status_code == 404
    url = reverse("licensure:summary_csv", args=[world["license"].pk])
    assert client.get(url).status_code == 404


def test_a_reading_by_hr_is_logged_and_the_holders_own_is_not(client, world):
    client.force_login(world["holder"])
    client.get(_renewal(world))
    assert not AccessLogEntry.objects.exists()
    client.force_login(world["hr"])
    client.get(_renewal(world))
    entry = AccessLogEntry.objects.get()
    assert entry.user == world["hr"] and entry.subject == world["employment"].person


def test_the_ledger_follows_her_to_a_new_district_and_the_old_one_loses_it(client, world):
    old = world["employment"]
    old.end_date = datetime.date(2026, 6, 30)
    old.save()
    new = EmploymentFactory(person=old.person, start_date=datetime.date(2026, 8, 20))
    client.force_login(RoleGrantFactory(district=new.district).user)
    assert "Choir workshop" in client.get(_renewal(world)).content.decode()
    client.force_login(world["hr"])
    assert client.get(_renewal(world)).status_code == 404


def test_an_activity_with_evidence_waits_for_the_supervisor(client, world):
    client.force_login(world["holder"])
    evidence = SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("licensure:activity_add", args=[world["license"].pk]),
        {
            "description": "Summer institute on inclusive music teaching",
            "topic": Topic.DISABILITIES,
            "points": "15",
            "earned_on": "2026-08-01",
            "evidence": evidence,
        },
    )
    assert response.status_code == 302
    entry = PointsEntry.objects.get(topic=Topic.DISABILITIES)
    assert entry.status == PointsEntry.Status.PENDING and entry.evidence.size == len(PDF)
    decide = reverse("licensure:entry_decide", args=[entry.pk])
    # She cannot approve her own activity; a colleague cannot see it.
    assert client.post(decide, {"approve": "yes"}).status_code == 404
    client.force_login(world["colleague"])
    assert client.post(decide, {"approve": "yes"}).status_code == 404
    client.force_login(world["supervisor"])
    assert "Summer institute" in client.get(reverse("licensure:mine")).content.decode()
    client.post(decide, {"approve": "yes"})
    entry.refresh_from_db()
    assert entry.status == PointsEntry.Status.APPROVED and entry.decided_by == world["supervisor"]


def test_an_activity_without_a_readable_file_changes_nothing(client, world):
    files = StoredFile.objects.count()
    client.force_login(world["holder"])
    page = client.post(
        reverse("licensure:activity_add", args=[world["license"].pk]),
        {
            "description": "Course",
            "topic": Topic.CONTENT,
            "content_field": "Music",
            "points": "15",
            "earned_on": "2026-08-01",
            "evidence": SimpleUploadedFile("x.pdf", b"MZ\x90\x00not a pdf"),
        },
    )
    assert page.status_code == 200
    assert "is not a file Tandem accepts" in page.content.decode()
    assert world["employment"].person.points_entries.count() == 1
    assert StoredFile.objects.count() == files


def test_the_plan_is_approved_by_the_supervisor_and_reviewed_every_two_years(client, world):
    client.force_login(world["holder"])
    client.post(
        reverse("licensure:ipdp_write", args=[world["license"].pk]),
        {"goals": "Teach singing to English learners", "starts_on": "2022-07-01"},
    )
    ipdp = Ipdp.objects.get()
    assert ipdp.ends_on == datetime.date(2027, 6, 30)
    approve = reverse("licensure:ipdp_approve", args=[ipdp.pk])
    assert client.post(approve).status_code == 404
    client.force_login(world["supervisor"])
    client.post(approve)
    client.post(reverse("licensure:ipdp_review", args=[ipdp.pk]), {"on": "2026-11-24"})
    ipdp.refresh_from_db()
    assert ipdp.approved_by == world["supervisor"] and ipdp.approved_on == TODAY
    assert ipdp.reviews.get().reviewed_by == world["supervisor"]
    page = client.get(_renewal(world)).content.decode()
    assert "Reviewed by" in page


def test_the_summary_lists_each_requirement_and_entry(client, world):
    client.force_login(world["holder"])
    response = client.get(reverse("licensure:summary_csv", args=[world["license"].pk]))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Requirement,Total,150,12.0,short" in text
    assert "Entry,Choir workshop,Pedagogy,12.0" in text


def test_hr_sees_who_teaches_outside_their_license_and_whose_license_lapses(client, world):
    employment = world["employment"]
    outside = StaffAssignmentFactory(employment=employment, subject="Chemistry", grade_level="10")
    StaffAssignmentFactory(employment=employment, subject="Music", grade_level="7")
    unlicensed = StaffAssignmentFactory(employment__district=employment.district)
    LicenseFactory(person=unlicensed.employment.person, expires_on=datetime.date(2030, 1, 1))
    client.force_login(world["hr"])
    page = client.get(reverse("licensure:district", args=[employment.district_id]))
    rows = page.context["outside"]
    assert {a.pk for a in rows} == {outside.pk, unlicensed.pk}
    assert [lic.pk for lic in page.context["lapsing"]] == [world["license"].pk]
    client.force_login(world["other_hr"])
    url = reverse("licensure:district", args=[employment.district_id])
    assert client.get(url).status_code == 404


def test_reminders_a_year_six_and_two_months_before_each_once(world):
    license = world["license"]  # expires 30 June 2027: a year before was 30 June 2026
    sent = RenewalReminder.objects.filter(license=license)

    def send(day):
        before = sent.count()
        renewal_reminders_send(today=day)
        return sent.count() - before

    assert send(TODAY) == 2  # the educator and her HR
    assert set(sent.values_list("user", flat=True)) == {world["holder"].pk, world["hr"].pk}
    assert world["holder"].email in {m.to[0] for m in mail.outbox}
    assert send(TODAY) == 0
    assert send(datetime.date(2026, 12, 29)) == 0
    assert send(datetime.date(2026, 12, 30)) == 2
    assert send(datetime.date(2027, 4, 30)) == 2
    marks = sent.filter(user=world["holder"])
    assert sorted(marks.values_list("months_before", flat=True)) == [2, 6, 12]
    assert send(datetime.date(2027, 7, 1)) == 0
