"""Applications to a cabinet's yearly round, selection with its mix, members and terms."""

import datetime

import pytest
from django.urls import reverse

from tandem.cabinets import selectors, services
from tandem.cabinets.models import Application, DistrictLocale, DistrictType, Term
from tandem.cabinets.tests.factories import CabinetFactory, RoundFactory, state_admin
from tandem.errors import DomainError
from tandem.organizations.tests.factories import DistrictFactory
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.tests.factories import EmploymentFactory, UserFactory
from tandem.records.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def educator(*, region="West", kind=DistrictType.RURAL, role_group=RoleGroup.TEACHER):
    district = DistrictFactory(region=region)
    DistrictLocale.objects.create(district=district, kind=kind)
    employment = EmploymentFactory(district=district, role_group=role_group, person__signs_in=True)
    return employment.person.user


def apply(round, user, statement="I coach new teachers and would bring their questions."):
    return services.application_submit(round_id=round.pk, by=user, statement=statement)


def test_an_application_takes_role_district_region_and_type_from_the_records():
    round = RoundFactory()
    user = educator(region="Berkshire", kind=DistrictType.RURAL, role_group=RoleGroup.SISP)
    application = apply(round, user)
    employment = user.person.employments.get()
    assert application.role_group == RoleGroup.SISP
    assert application.district == employment.district
    assert application.region == "Berkshire"
    assert application.district_type == DistrictType.RURAL
    assert application.status == Application.Status.SUBMITTED


@pytest.mark.parametrize(
    ("opens", "closes"),
    [
        (datetime.date(2026, 11, 25), datetime.date(2026, 12, 1)),
        (datetime.date(2026, 10, 1), datetime.date(2026, 11, 23)),
    ],
)
def test_no_application_outside_the_window(opens, closes):
    round = RoundFactory(opens_on=opens, closes_on=closes)
    with pytest.raises(DomainError, match="not open"):
        apply(round, educator())
    assert not round.applications.exists()


def test_a_teacher_cabinet_refuses_a_principal_and_an_empty_statement():
    round = RoundFactory()
    with pytest.raises(DomainError, match="takes educators in these roles"):
        apply(round, educator(role_group=RoleGroup.SCHOOL_ADMIN))
    with pytest.raises(DomainError, match="statement"):
        apply(round, educator(), statement="   ")
    assert not round.applications.exists()


def test_one_application_a_round_and_none_without_an_educator_record():
    round = RoundFactory()
    user = educator()
    apply(round, user)
    with pytest.raises(DomainError, match="already applied"):
        apply(round, user)
    with pytest.raises(DomainError, match="Only educators"):
        apply(round, UserFactory())
    assert round.applications.count() == 1


def test_the_mix_counts_selected_and_still_open_by_type_region_and_role():
    round = RoundFactory(seats=5)
    staff = state_admin()
    chosen = apply(round, educator(region="West", kind=DistrictType.RURAL))
    apply(round, educator(region="West", kind=DistrictType.URBAN))
    apply(round, educator(region="East", kind=DistrictType.URBAN, role_group=RoleGroup.SISP))
    declined = apply(round, educator(region="East", kind=DistrictType.SUBURBAN))
    services.application_decide(application_id=chosen.pk, by=staff, select=True)
    services.application_decide(application_id=declined.pk, by=staff, select=False)

    mix = selectors.selection_mix(list(selectors.application_list(round)), round.seats)
    assert mix.selected == 1 and mix.seats == 5
    as_tuples = lambda rows: {(r.label, r.selected, r.open) for r in rows}  # noqa: E731
    assert as_tuples(mix.district_types) == {("Rural", 1, 0), ("Urban", 0, 2)}
    assert as_tuples(mix.regions) == {("East", 0, 1), ("West", 1, 1)}
    assert as_tuples(mix.role_groups) == {
        ("Teacher", 1, 1),
        ("Specialized instructional support personnel", 0, 1),
    }


def test_selecting_records_a_term_and_stops_at_the_seats():
    round = RoundFactory(seats=1)
    staff = state_admin()
    first, second = apply(round, educator()), apply(round, educator())
    services.application_decide(application_id=first.pk, by=staff, select=True)
    term = Term.objects.get(application=first)
    assert (term.starts_on, term.ends_on) == (round.term_starts_on, round.term_ends_on)
    assert term.cabinet == round.cabinet and term.person_id == first.person_id
    with pytest.raises(DomainError, match="seats are filled"):
        services.application_decide(application_id=second.pk, by=staff, select=True)
    second.refresh_from_db()
    assert second.status == Application.Status.SUBMITTED
    with pytest.raises(DomainError, match="already decided"):
        services.application_decide(application_id=first.pk, by=staff, select=False)


def test_only_state_staff_select_or_renew():
    round = RoundFactory()
    application = apply(round, educator())
    with pytest.raises(DomainError, match="state staff"):
        services.application_decide(application_id=application.pk, by=educator(), select=True)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_term_renews_from_the_day_after_it_ends_once():
    round = RoundFactory()
    staff = state_admin()
    application = apply(round, educator())
    services.application_decide(application_id=application.pk, by=staff, select=True)
    term = Term.objects.get(application=application)
    renewal = services.term_renew(term_id=term.pk, by=staff, ends_on=datetime.date(2028, 12, 31))
    assert renewal.starts_on == datetime.date(2028, 1, 1) and renewal.renews == term
    with pytest.raises(DomainError, match="already renewed"):
        services.term_renew(term_id=term.pk, by=staff, ends_on=datetime.date(2029, 12, 31))
    with pytest.raises(DomainError, match="must end after"):
        services.term_renew(term_id=renewal.pk, by=staff, ends_on=datetime.date(2028, 6, 30))


def test_the_applicant_withdraws_only_their_own_undecided_application():
    round = RoundFactory()
    user = educator()
    application = apply(round, user)
    with pytest.raises(DomainError, match="Only the applicant"):
        services.application_withdraw(application_id=application.pk, by=educator())
    services.application_withdraw(application_id=application.pk, by=user)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_the_selection_page_shows_the_mix_to_staff_and_logs_the_applications_read(client):
    round = RoundFactory()
    application = apply(round, educator(region="Cape"))
    staff = state_admin()
    client.force_login(staff)
    page = client.get(reverse("cabinets:selection", args=[round.pk]))
    assert page.status_code == 200
    assert "Cape" in page.content.decode() and "The mix so far" in page.content.decode()
    assert AccessLogEntry.objects.filter(user=staff, object_id=application.pk).count() == 1


def test_who_may_not_read_an_application_or_the_selection(client):
    round = RoundFactory()
    owner = educator()
    application = apply(round, owner)
    client.force_login(owner)
    assert (
        client.get(reverse("cabinets:application_detail", args=[application.pk])).status_code == 200
    )
    assert client.get(reverse("cabinets:selection", args=[round.pk])).status_code == 404
    client.force_login(educator())
    assert (
        client.get(reverse("cabinets:application_detail", args=[application.pk])).status_code == 404
    )
    response = client.post(
        reverse("cabinets:decide", args=[application.pk]), {"decision": "select"}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_an_educator_applies_through_the_page(client):
    round = RoundFactory(cabinet=CabinetFactory(name="Teacher Advisory Cabinet East"))
    user = educator()
    client.force_login(user)
    index = client.get(reverse("cabinets:index"))
    assert "Teacher Advisory Cabinet East" in index.content.decode()
    response = client.post(
        reverse("cabinets:apply", args=[round.pk]), {"statement": "I lead our grade team."}
    )
    application = Application.objects.get(round=round)
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    again = client.post(reverse("cabinets:apply", args=[round.pk]), {"statement": "Again."})
    assert "already applied" in again.content.decode()
