"""Co-observation: two evaluators rate the same lesson's elements apart, blind to each other
until both have saved, then read-only; nobody else reads the ratings."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from tandem.errors import DomainError
from tandem.evaluation.models import CoObservation, ObservationElementRating
from tandem.evaluation.services.co_observation import co_observation_invite, co_observation_rate
from tandem.evaluation.tests.demo_cycles import demo_cycle
from tandem.evaluation.tests.factories import ObservationFactory
from tandem.people.models import EvaluatorAssignment
from tandem.people.tests.factories import EvaluatorAssignmentFactory, PersonFactory, UserFactory
from tandem.records.models import AccessLogEntry
from tandem.rubrics.models import Element

pytestmark = pytest.mark.django_db


@pytest.fixture
def observation():
    cycle = demo_cycle("implementation", leave_demo_accounts=True)
    observation = ObservationFactory(cycle=cycle)
    elements = list(
        Element.objects.filter(
            indicator__standard__framework_version=cycle.framework_version
        ).order_by("code")[:3]
    )
    observation.elements.set(elements)
    return observation


@pytest.fixture
def co_observer(observation):
    person = PersonFactory(signs_in=True)
    EvaluatorAssignmentFactory(
        evaluatee=observation.cycle.employment,
        evaluator=person,
        role=EvaluatorAssignment.Role.CO_OBSERVER,
        school_year=observation.cycle.school_year,
    )
    return person


@pytest.fixture
def invited(observation, co_observer):
    return co_observation_invite(
        observation_id=observation.pk, by=observation.observer.user, co_observer_id=co_observer.pk
    )


def _levels(observation, *levels):
    return {
        e.pk: level for e, level in zip(observation.elements.order_by("code"), levels, strict=True)
    }


def _page(client, user, observation):
    client.force_login(user)
    return client.get(
        f"/cycles/{observation.cycle_id}/observations/{observation.pk}/co-observation/"
    )


def _api(client, user, observation, method="get", **body):
    client.force_login(user)
    url = f"/api/cycles/{observation.cycle_id}/observations/{observation.pk}/co-ratings"
    if method == "get":
        return client.get(url)
    return client.put(url, body, content_type="application/json")


def test_only_the_observer_invites_and_only_someone_who_observes_the_educator(
    observation, co_observer
):
    stranger = PersonFactory(signs_in=True)
    with pytest.raises(DomainError, match="observes this educator"):
        co_observation_invite(
            observation_id=observation.pk, by=observation.observer.user, co_observer_id=stranger.pk
        )
    with pytest.raises(DomainError, match="observes this educator"):
        co_observation_invite(
            observation_id=observation.pk,
            by=observation.observer.user,
            co_observer_id=observation.observer_id,
        )
    with pytest.raises(PermissionDenied):
        co_observation_invite(
            observation_id=observation.pk, by=co_observer.user, co_observer_id=co_observer.pk
        )
    assert not CoObservation.objects.exists()
    co_observation_invite(
        observation_id=observation.pk, by=observation.observer.user, co_observer_id=co_observer.pk
    )
    with pytest.raises(DomainError, match="already has a co-observer"):
        co_observation_invite(
            observation_id=observation.pk,
            by=observation.observer.user,
            co_observer_id=co_observer.pk,
        )


def test_an_observation_with_no_elements_tagged_gets_no_co_observer(observation, co_observer):
    observation.elements.clear()
    with pytest.raises(DomainError, match="Tag the elements"):
        co_observation_invite(
            observation_id=observation.pk,
            by=observation.observer.user,
            co_observer_id=co_observer.pk,
        )


def test_neither_sees_the_others_ratings_until_both_have_saved(
    client, observation, co_observer, invited
):
    observer = observation.observer.user
    co_observation_rate(
        observation_id=observation.pk, by=observer, levels=_levels(observation, 3, 3, 2)
    )
    # The observer saved; the co-observer has not: neither page nor API shows the other's.
    for user in (observer, co_observer.user):
        page = _page(client, user, observation)
        assert page.status_code == 200 and not page.context["both"]
        assert "Both observers' ratings" not in page.content.decode()
        assert _api(client, user, observation).json()["theirs"] is None
    co_page = _page(client, co_observer.user, observation)
    assert [mine for _e, mine, _theirs in co_page.context["rows"]] == [None, None, None]
    # The co-observer may change theirs until both saved; a save of the observer's changes too.
    co_observation_rate(
        observation_id=observation.pk, by=co_observer.user, levels=_levels(observation, 4, 3, 1)
    )
    for user, theirs in ((observer, [4, 3, 1]), (co_observer.user, [3, 3, 2])):
        page = _page(client, user, observation)
        assert page.context["both"] and not page.context["editable"]
        assert [t for _e, _m, t in page.context["rows"]] == theirs
        body = _api(client, user, observation).json()
        assert sorted(body["theirs"].values()) == sorted(theirs)


def test_after_both_saved_the_ratings_are_read_only(client, observation, co_observer, invited):
    co_observation_rate(
        observation_id=observation.pk,
        by=observation.observer.user,
        levels=_levels(observation, 3, 3, 3),
    )
    co_observation_rate(
        observation_id=observation.pk, by=co_observer.user, levels=_levels(observation, 3, 2, 3)
    )
    with pytest.raises(DomainError, match="no longer change"):
        co_observation_rate(
            observation_id=observation.pk, by=co_observer.user, levels=_levels(observation, 4, 4, 4)
        )
    codes = list(observation.elements.order_by("code").values_list("code", flat=True))
    response = _api(client, co_observer.user, observation, "put", levels=dict.fromkeys(codes, 4))
    assert response.status_code == 422
    assert sorted(
        ObservationElementRating.objects.filter(observer=co_observer).values_list(
            "level", flat=True
        )
    ) == [2, 3, 3]


@pytest.mark.parametrize(
    ("levels", "message"),
    [((3, 3), "every element"), ((3, 3, 5), "four levels"), ((3, 3, "x"), "four levels")],
)
def test_a_partial_or_bad_rating_is_refused_and_nothing_is_written(
    observation, invited, levels, message
):
    elements = list(observation.elements.order_by("code"))
    with pytest.raises(DomainError, match=message):
        co_observation_rate(
            observation_id=observation.pk,
            by=observation.observer.user,
            levels={e.pk: level for e, level in zip(elements, levels, strict=False)},
        )
    assert not ObservationElementRating.objects.exists()
    assert CoObservation.objects.get().observer_saved_at is None


def test_nobody_else_reads_the_ratings_not_even_the_educator(
    client, observation, co_observer, invited
):
    co_observation_rate(
        observation_id=observation.pk,
        by=observation.observer.user,
        levels=_levels(observation, 3, 3, 3),
    )
    co_observation_rate(
        observation_id=observation.pk, by=co_observer.user, levels=_levels(observation, 3, 2, 3)
    )
    cycle = observation.cycle
    observation.feedback_shared_at = observation.created_at
    observation.save()
    educator = cycle.person.user
    others = [educator, UserFactory(two_factor=True)]
    if cycle.supervising_evaluator_id and cycle.supervising_evaluator.user:
        others.append(cycle.supervising_evaluator.user)
    for user in others:
        assert _page(client, user, observation).status_code == 404
        assert _api(client, user, observation).status_code == 404
    assert not user.has_perm("evaluation.view_co_ratings", invited)


def test_every_reading_of_the_ratings_is_logged(client, observation, co_observer, invited):
    _page(client, co_observer.user, observation)
    _api(client, observation.observer.user, observation)
    entries = AccessLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CoObservation), object_id=invited.pk
    )
    assert {(e.user_id, e.channel) for e in entries} == {
        (co_observer.user.pk, AccessLogEntry.Channel.PAGE),
        (observation.observer.user.pk, AccessLogEntry.Channel.API),
    }


def test_the_pages_forms_invite_and_rate(client, observation, co_observer):
    observer = observation.observer.user
    client.force_login(observer)
    base = f"/cycles/{observation.cycle_id}/observations/{observation.pk}"
    assert "Invite a co-observer" in client.get(f"{base}/").content.decode()
    assert co_observer in client.get(f"{base}/co-observation/").context["choices"]
    client.post(f"{base}/co-observation/invite/", {"co_observer": co_observer.pk})
    assert CoObservation.objects.get().co_observer == co_observer
    posted = {f"level_{pk}": level for pk, level in _levels(observation, 4, 3, 2).items()}
    client.post(f"{base}/co-observation/ratings/", posted)
    assert CoObservation.objects.get().observer_saved_at is not None
    page = client.get(f"{base}/co-observation/")
    assert [m for _e, m, _t in page.context["rows"]] == [4, 3, 2]
