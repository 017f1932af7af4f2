"""A program's terms as data: installed for every program, kept by the engagement at its first
meeting, shown on the agreement page and covered by each key leader's signature."""

import pytest
from django.utils.html import escape

from tandem.collaboration.models import Engagement, Program, StrategicPlan, Team
from tandem.collaboration.programs import PROGRAMS, program_terms_install, programs_install
from tandem.collaboration.services.enrollment import (
    engagement_agree,
    engagement_first_meeting_record,
    engagement_inquire,
)
from tandem.collaboration.tests.first_team import TODAY
from tandem.errors import DomainError
from tandem.people.models import RoleGrant
from tandem.records.models import Signature
from tandem.records.selectors import signed_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    """The demo district whose team has only a fresh inquiry (and a plan shared in the
    gallery), with that team taken away."""
    team = Team.objects.get(engagements__status="inquired", engagements__agreements__isnull=True)
    team.engagements.all().delete()
    # The plan its leaders shared in the gallery goes to another team, as it must go somewhere.
    other = Team.objects.exclude(pk=team.pk).order_by("pk").first()
    StrategicPlan.objects.filter(team=team).update(team=other)
    team.delete()
    return team.district


def _leaders(district):
    return {
        g.office: g.user
        for g in RoleGrant.objects.active_on(TODAY).filter(district=district).exclude(office="")
    }


def _met(district, user_of, kind="capacity") -> Engagement:
    engagement = engagement_inquire(
        district_id=district.pk,
        program_id=Program.objects.get(kind=kind).pk,
        by=_leaders(district)["superintendent"],
        inquiry="We want a joint project on mentoring for teachers in their first two years.",
    )
    return engagement_first_meeting_record(
        engagement_id=engagement.pk,
        by=user_of("facilitator@example.org"),
        met_on=TODAY,
        notes="All three leaders came; they chose mentoring as the project.",
    )


def test_every_installed_program_states_its_scope_length_commitments_and_cost():
    for spec in PROGRAMS:
        program = Program.objects.get(kind=spec["kind"])
        terms = program.terms()
        assert terms["scope"] and terms["length"]["count"] > 0
        assert terms["length"]["unit"] in ("months", "school_years")
        assert all(terms["commitments"][p] for p in ("management", "union", "committee"))
        assert terms["commitments"]["partnership"]
        assert terms["district_cost"] and terms["state_covers"]


def test_installing_again_leaves_the_terms_staff_set():
    program = Program.objects.get(kind="ibb")
    Program.objects.filter(pk=program.pk).update(scope="Our own scope.", length=3)
    blank = Program.objects.get(kind="workshops")
    Program.objects.filter(pk=blank.pk).update(scope="", union_commits="")
    programs_install()
    program_terms_install()
    program.refresh_from_db()
    blank.refresh_from_db()
    assert (program.scope, program.length) == ("Our own scope.", 3)
    assert blank.scope and blank.union_commits  # a program with no terms gets the installed ones


def test_the_first_meeting_keeps_the_terms_and_the_agreement_page_shows_them(
    client, reauthenticated, district, user_of, settings
):
    engagement = _met(district, user_of)
    program = engagement.program
    assert engagement.terms == program.terms()
    superintendent = _leaders(district)["superintendent"]
    client.force_login(superintendent)
    reauthenticated(superintendent)
    text = client.get(f"/partnership/engagements/{engagement.pk}/agree/").content.decode()
    for shown in (
        "Scope",
        "1 school year",
        "The union commits to",
        "The school committee commits to",
        "The facilitator and the state commit to",
        "The district pays for",
    ):
        assert shown in text
    assert escape(program.union_commits) in text and escape(program.state_covers) in text


def test_the_signature_covers_the_terms_and_they_no_longer_change(client, district, user_of):
    engagement = _met(district, user_of)
    engagement_agree(by=_leaders(district)["superintendent"], engagement_id=engagement.pk)
    signature = Signature.objects.get(object_id=engagement.pk, content_type__model="engagement")
    assert engagement.program.scope in signature.canonical

    # Through the application: refused, nothing changed.
    engagement.refresh_from_db()
    engagement.terms = {**engagement.terms, "district_cost": "Nothing at all."}
    with pytest.raises(DomainError, match="agreed to these terms"):
        engagement.save()
    engagement.refresh_from_db()
    assert engagement.terms["district_cost"] != "Nothing at all."
    assert not signed_record(record=engagement).changed_since_signing

    # Staff editing the program later changes no agreement already given.
    Program.objects.filter(pk=engagement.program_id).update(district_cost="A new fee.")
    engagement.refresh_from_db()
    assert not signed_record(record=engagement).changed_since_signing

    # Behind the application's back: the signature no longer matches, and the page says so.
    Engagement.objects.filter(pk=engagement.pk).update(
        terms={**engagement.terms, "district_cost": "Nothing at all."}
    )
    engagement.refresh_from_db()
    assert signed_record(record=engagement).changed_since_signing
    client.force_login(user_of("facilitator@example.org"))
    page = client.get(f"/partnership/engagements/{engagement.pk}/").content.decode()
    assert "Changed since signing:" in page and "Nothing at all." in page


def test_before_anyone_agrees_a_new_first_meeting_record_takes_the_programs_terms_of_the_day(
    district, user_of
):
    engagement = _met(district, user_of)
    Program.objects.filter(pk=engagement.program_id).update(length=2)
    engagement = engagement_first_meeting_record(
        engagement_id=engagement.pk,
        by=user_of("facilitator@example.org"),
        met_on=TODAY,
        notes="A second meeting with the three leaders settled the length.",
    )
    assert engagement.terms["length"] == {"count": 2, "unit": "school_years"}
    assert ("Length", "2 school years") in engagement.terms_shown()


def test_agreements_given_before_terms_were_kept_still_match(district, user_of):
    """Signed before Tandem kept terms: the fingerprint still covers what was signed."""
    engagement = _met(district, user_of)
    Engagement.objects.filter(pk=engagement.pk).update(terms={})
    engagement.refresh_from_db()
    engagement_agree(by=_leaders(district)["union_president"], engagement_id=engagement.pk)
    signature = Signature.objects.get(object_id=engagement.pk, content_type__model="engagement")
    assert '"terms"' not in signature.canonical
    assert not signed_record(record=engagement).changed_since_signing
    assert engagement.terms_shown() == []
