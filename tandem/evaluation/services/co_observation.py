"""Co-observation: the observer invites a second evaluator, and each rates the observed
elements apart (issue 13, item 5)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.errors import DomainError
from tandem.evaluation import rules
from tandem.evaluation.models import CoObservation, Observation, ObservationElementRating
from tandem.evaluation.services.cycles import locked_cycle, raise_refusal
from tandem.people.models import Person, User
from tandem.people.selectors import roles_of


@transaction.atomic
def co_observation_invite(*, observation_id: int, by: User, co_observer_id) -> CoObservation:
    """The observation's observer asks a second evaluator to rate the same lesson."""
    observation = Observation.objects.select_related("cycle").get(pk=observation_id)
    locked_cycle(observation.cycle_id)
    co_observer = (
        Person.objects.select_related("user").filter(pk=co_observer_id).first()
        if str(co_observer_id or "").isdigit()
        else None
    )
    raise_refusal(rules.co_observation_invite_refusal(by, observation, co_observer))
    return CoObservation.objects.create(
        observation=observation, co_observer=co_observer, invited_by=by
    )


@transaction.atomic
def co_observation_rate(*, observation_id: int, by: User, levels: dict) -> CoObservation:
    """Save the rater's level (1 to 4) for every observed element, all or none; each may
    change theirs until both have saved."""
    co_observation = (
        CoObservation.objects.select_for_update()
        .select_related("observation")
        .get(observation_id=observation_id)
    )
    raise_refusal(rules.co_ratings_edit_refusal(by, co_observation))
    observed = set(co_observation.observation.elements.values_list("pk", flat=True))
    try:
        chosen = {int(element): int(level) for element, level in levels.items() if level}
    except (TypeError, ValueError):
        raise DomainError(_("Rate each element with one of the four levels.")) from None
    if set(chosen) != observed:
        raise DomainError(_("Rate every element observed, and only those."))
    if not set(chosen.values()) <= set(ObservationElementRating.Level.values):
        raise DomainError(_("Rate each element with one of the four levels."))
    person_id = roles_of(by).person_id
    for element_id, level in chosen.items():
        ObservationElementRating.objects.update_or_create(
            observation_id=observation_id,
            observer_id=person_id,
            element_id=element_id,
            defaults={"level": level},
        )
    now = timezone.now()
    if person_id == co_observation.observation.observer_id:
        co_observation.observer_saved_at = now
    else:
        co_observation.co_observer_saved_at = now
    co_observation.save()
    return co_observation
