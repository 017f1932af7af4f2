"""The talent pipeline in a browser, one person to a browser context: HR publishes a posting,
an applicant finds it on the public careers page and applies, HR screens and moves the
application on, two panel members score the interview apart, a referee answers through the
one-time link, the principal recommends, HR approves and offers, the applicant accepts and
is the district's educator at once, HR records a trained mentor and assigns them, and the
mentor's first logged hour is confirmed by the new teacher. axe runs on every page."""

import datetime
import re

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Grade 7 mathematics teacher"


def _accessible(page):
    page.wait_for_load_state()
    assert _violations(page) == [], page.url


def _as(browser, base, email):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, base, email)
    _accessible(page)
    return context, page


def _people():
    """The demo's HR, the principal of a school in HR's district, and a teacher of another
    school there, who will mentor."""
    from tandem.people.models import Employment, RoleGrant, User

    hr = User.objects.get(email="hr@example.org")
    district = RoleGrant.objects.get(user=hr, role=RoleGrant.Role.DISTRICT_HR).district
    principal = RoleGrant.objects.get(
        user__email="principal@example.org", role=RoleGrant.Role.PRINCIPAL, end_date__isnull=True
    )
    assert principal.school.district_id == district.pk
    mentor = Employment.objects.select_related("person").get(
        person__user__email="teacher@example.org", district=district
    )
    return district, principal.school, mentor.person


def _applicant():
    """An applicant account with a state educator identifier and a mathematics license the
    state already holds: the pages cannot make either (the state's license record comes in
    from the licensure office, not from the applicant), so the factories make them."""
    from tandem.applicants.tests.factories import ApplicantAccountFactory
    from tandem.demo.accounts import DEMO_PASSWORD
    from tandem.licensure.models import License
    from tandem.licensure.tests.factories import LicenseFactory
    from tandem.people.tests.factories import PersonFactory

    person = PersonFactory(
        signs_in=True, first_name="Avery", last_name="Quintero", email="avery.quintero@example.net"
    )
    person.user.set_password(DEMO_PASSWORD)
    person.user.save()
    ApplicantAccountFactory(user=person.user)
    LicenseFactory(
        person=person,
        field="Mathematics",
        grade_levels="5-8",
        stage=License.Stage.INITIAL,
        issued_on=datetime.date(2026, 7, 1),
        expires_on=datetime.date(2031, 6, 30),
    )
    return person


def test_from_a_posting_to_a_mentored_new_teacher(browser, demo_server, mailoutbox, monkeypatch):
    from django.utils import timezone

    from conftest import TODAY
    from tandem.people.models import Person

    base = demo_server.url
    district, school, mentor = _people()
    applicant = _applicant()
    # The new teacher starts a few days after the offer's last day to answer.
    respond_by = TODAY + datetime.timedelta(days=3)
    start = TODAY + datetime.timedelta(days=6)

    # HR publishes a vacancy of the principal's school.
    hr_context, hr = _as(browser, base, "hr@example.org")
    hr.get_by_role("link", name=re.compile(f"^{re.escape(district.name)}: ")).click()
    _accessible(hr)
    hr.get_by_role("link", name="New vacancy").click()
    _accessible(hr)
    hr.get_by_label("School").select_option(label=school.name)
    hr.get_by_label("Title").fill(TITLE)
    hr.get_by_label("Position").select_option(label="Classroom teacher")
    hr.get_by_label("Subject").fill("Mathematics")
    hr.get_by_label("Grade levels").fill("7")
    hr.get_by_label("Lowest yearly salary").fill("58000")
    hr.get_by_label("Highest yearly salary").fill("71000")
    hr.get_by_label("Start date").fill(start.isoformat())
    hr.get_by_label("Required licenses").fill("Mathematics, 5-8")
    hr.get_by_role("button", name="Save the vacancy").click()
    _accessible(hr)
    hr.get_by_role("link", name="Post this vacancy").click()
    _accessible(hr)
    hr.get_by_label("External: everyone").check()
    hr.get_by_label("Closes on").fill((TODAY + datetime.timedelta(days=21)).isoformat())
    hr.get_by_label("Description").fill(
        "Teach mathematics to two grade 7 teams; a math coach and a planning period daily."
    )
    hr.get_by_label("The posting's own questions").fill("How do you help a student who is stuck?")
    hr.get_by_role("button", name="Post it").click()
    _accessible(hr)
    assert hr.get_by_text("Open: taking applications").is_visible()

    # The applicant finds it on the public careers page, with no sign-in first.
    applicant_context = browser.new_context(bypass_csp=True)
    me = applicant_context.new_page()
    me.goto(f"{base}/careers/")
    _accessible(me)
    me.get_by_label("Search by title, subject or description").fill("grade 7 mathematics")
    me.get_by_label("Search by title, subject or description").press("Enter")
    _accessible(me)
    me.get_by_role("link", name=TITLE).click()
    _accessible(me)
    posting_url = me.url
    sign_in(me, base, applicant.user.email)
    me.goto(posting_url)
    me.get_by_role("link", name="Apply", exact=True).click()
    _accessible(me)
    me.get_by_label("How do you help a student who is stuck?").fill(
        "I ask what they tried, then give the smallest hint that gets them moving."
    )
    me.get_by_role("button", name="Send the application").click()
    _accessible(me)
    me.goto(f"{base}/careers/applications/")
    _accessible(me)
    assert me.get_by_text(TITLE).first.is_visible()

    # HR sets the panel and the criteria, screens the candidate and moves them on.
    hr.goto(base + "/")
    hr.get_by_role("link", name=TITLE).first.click()
    _accessible(hr)
    for email in ("principal@example.org", "union.president@example.org"):
        hr.get_by_label("Panel member's e-mail").fill(email)
        hr.get_by_role("button", name="Add to the panel").click()
        _accessible(hr)
    for kind, name in (
        ("Screening", "License and preparation"),
        ("Interview scorecard", "Explains mathematics clearly"),
    ):
        hr.get_by_label("Used at").select_option(label=kind)
        hr.get_by_label("Criterion").fill(name)
        hr.get_by_role("button", name="Add the criterion").click()
        _accessible(hr)
    hr.get_by_role("link", name="Quintero, Avery").click()
    _accessible(hr)
    candidate_url = hr.url
    assert "Out of field" not in hr.locator("section[aria-labelledby=fit-h]").inner_text()
    hr.get_by_role("button", name="Move on to Screening").click()
    _accessible(hr)
    hr.get_by_label("License and preparation").select_option("4")
    hr.get_by_role("button", name="Save my screening scores").click()
    _accessible(hr)
    hr.get_by_role("button", name="Move on to Interviews").click()
    _accessible(hr)
    hr.get_by_text("Schedule an interview").click()
    # An interview is in the future of the real clock (the demo's today is a fixed date).
    interview_day = timezone.now().date() + datetime.timedelta(days=7)
    hr.get_by_label("Date", exact=True).fill(interview_day.isoformat())
    hr.get_by_label("Starts", exact=True).fill("15:30")
    hr.get_by_label("Ends", exact=True).fill("16:15")
    hr.get_by_label("Place", exact=True).fill("Main office conference room")
    for email in ("principal@example.org", "union.president@example.org"):
        hr.get_by_label(str(Person.objects.get(user__email=email))).check()
    hr.get_by_role("button", name="Schedule and send the invitation").click()
    _accessible(hr)
    assert hr.get_by_text("Main office conference room").first.is_visible()

    # Two panel members score apart: the first sees only their own until the second submits.
    principal_context, principal = _as(browser, base, "principal@example.org")
    union_context, union = _as(browser, base, "union.president@example.org")
    scorecards = "section[aria-labelledby=scorecards-h]"
    for panel_page, score in ((principal, "3"), (union, "4")):
        panel_page.goto(candidate_url)
        _accessible(panel_page)
        if panel_page is union:
            # The principal's submitted scorecard stays closed to a member yet to submit.
            assert union.get_by_text("1 more scorecard is not shown").is_visible()
            assert union.locator(f"{scorecards} article").count() == 0
        panel_page.get_by_role("link", name="Fill in my scorecard").click()
        _accessible(panel_page)
        panel_page.get_by_label("Explains mathematics clearly").select_option(score)
        panel_page.get_by_label("Notes").fill("Worked a ratio problem three ways.")
        panel_page.get_by_role("button", name="Submit my scorecard").click()
        _accessible(panel_page)
    assert union.locator(f"{scorecards} article").count() == 2
    principal.reload()
    _accessible(principal)
    assert principal.locator(f"{scorecards} article").count() == 2
    union_context.close()

    # HR moves on to references and asks one; the referee answers with no sign-in.
    hr.goto(candidate_url)
    hr.get_by_role("button", name="Move on to Demonstration lesson").click()
    _accessible(hr)
    hr.get_by_role("button", name="Move on to References").click()
    _accessible(hr)
    hr.get_by_role("link", name="References, recommendation and offer").click()
    _accessible(hr)
    offer_file_url = hr.url
    hr.get_by_label("Referee's name").fill("Morgan Ellery")
    hr.get_by_label("Referee's e-mail").fill("morgan.ellery@example.net")
    hr.get_by_role("button", name="Send the reference form").click()
    _accessible(hr)
    (reference_mail,) = [m for m in mailoutbox if "morgan.ellery@example.net" in m.to]
    link = re.search(r"/references/[^/\s]+/", reference_mail.body).group(0)
    referee_context = browser.new_context(bypass_csp=True)
    referee = referee_context.new_page()
    referee.goto(base + link)
    _accessible(referee)
    referee.get_by_label("How you know the applicant").fill(
        "I was her department head for three years."
    )
    referee.get_by_label("Strong", exact=True).check()
    referee.get_by_label("Yes", exact=True).check()
    referee.get_by_role("button", name="Send the reference").click()
    _accessible(referee)
    # The link works once.
    referee.goto(base + link)
    _accessible(referee)
    assert referee.get_by_role("button", name="Send the reference").count() == 0
    referee_context.close()

    # HR moves on to the recommendation; the principal recommends; HR approves and offers.
    hr.goto(candidate_url)
    hr.get_by_role("button", name="Move on to Recommendation").click()
    _accessible(hr)
    principal.goto(offer_file_url)
    _accessible(principal)
    principal.get_by_label("Why you recommend this candidate").fill(
        "The strongest lesson and references of the pool."
    )
    principal.get_by_role("button", name="Recommend for hire").click()
    _accessible(principal)
    principal_context.close()
    hr.goto(offer_file_url)
    _accessible(hr)
    hr.get_by_label("Approve: the offer is next").check()
    hr.get_by_role("button", name="Record the decision").click()
    _accessible(hr)
    hr.get_by_role("link", name="Make the offer").click()
    _accessible(hr)
    hr.get_by_label("Yearly salary").fill("61500")
    hr.get_by_label("Start date").fill(start.isoformat())
    hr.get_by_label("Respond by").fill(respond_by.isoformat())
    hr.get_by_role("button", name="Send the offer").click()
    _accessible(hr)

    # The applicant accepts: the application ends as hired and they are the district's.
    me.goto(f"{base}/careers/applications/")
    _accessible(me)
    me.get_by_role("link", name=TITLE).first.click()
    _accessible(me)
    me.get_by_role("link", name=re.compile("^The district's offer")).click()
    _accessible(me)
    me.get_by_label("I accept the offer").check()
    me.get_by_role("button", name="Send my answer").click()
    _accessible(me)
    from tandem.people.models import Employment

    employment = Employment.objects.get(person=applicant, district=district)
    assert employment.assignments.filter(school=school).exists()

    # The first day comes (the clock moves on, for the server too): HR sees the onboarding
    # open, records a trained mentor and assigns them.
    first_day = start.isoformat()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: start)
    hr.goto(f"{base}/onboarding/")
    _accessible(hr)
    hr.get_by_role("link", name="Quintero, Avery").click()
    _accessible(hr)
    hr.goto(f"{base}/districts/{district.pk}/induction/mentors/")
    _accessible(hr)
    hr.get_by_label("Educator").select_option(str(mentor.pk))
    hr.get_by_label("Subjects").fill("Mathematics")
    hr.get_by_label("Grade levels").fill("6-8")
    hr.get_by_label("Most mentees at once").fill("2")
    hr.get_by_role("button", name="Save the mentor").click()
    _accessible(hr)
    hr.goto(f"{base}/districts/{district.pk}/induction/")
    _accessible(hr)
    hr.get_by_role("link", name="Quintero, Avery").first.click()
    _accessible(hr)
    hr.get_by_label("Trained mentor").select_option(label=str(mentor))
    hr.get_by_label("Mentor from").fill(first_day)
    hr.get_by_role("button", name="Assign", exact=True).click()
    _accessible(hr)
    assert hr.get_by_text(f"{mentor}, since").is_visible()
    hr_context.close()

    # The mentor logs a first hour; the new teacher confirms it.
    mentor_context, mentor_page = _as(browser, base, "teacher@example.org")
    mentor_page.goto(f"{base}/induction/")
    _accessible(mentor_page)
    section = mentor_page.locator("section", has_text="You mentor Avery Quintero")
    section.get_by_label("Date", exact=True).fill(first_day)
    section.get_by_label("Hours", exact=True).fill("1")
    section.get_by_label("Kind").select_option(label="Planning together")
    section.get_by_label("Topic").fill("Planning the first week of the ratios unit")
    section.get_by_role("button", name="Save the entry").click()
    _accessible(mentor_page)
    mentor_context.close()
    me.goto(f"{base}/induction/")
    _accessible(me)
    me.get_by_role("button", name="Confirm").click()
    _accessible(me)
    assert me.get_by_text("Confirmed by").first.is_visible()
    from tandem.induction.models import MentoringLog

    (log,) = MentoringLog.objects.filter(mentee=applicant)
    assert log.is_confirmed and log.entered_by.email == "teacher@example.org"
    applicant_context.close()
