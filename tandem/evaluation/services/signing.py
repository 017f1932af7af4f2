"""Signing a cycle's form in the capacity the signer holds in the cycle."""

from django.core.exceptions import PermissionDenied

from tandem.evaluation.models import EvaluationCycle
from tandem.people.models import User
from tandem.records.services import signature_sign

SIGNING_CAPACITY_EDUCATOR = "educator"
SIGNING_CAPACITY_EVALUATOR = "evaluator"


def sign_as(by: User, cycle: EvaluationCycle, record):
    """Sign as the evaluator if ``by`` evaluates the cycle, else as its educator."""
    if by.has_perm("evaluation.act_as_evaluator", cycle):
        capacity = SIGNING_CAPACITY_EVALUATOR
    elif by.has_perm("evaluation.act_as_educator", cycle):
        capacity = SIGNING_CAPACITY_EDUCATOR
    else:
        raise PermissionDenied
    return capacity, signature_sign(signer=by, record=record, capacity=capacity)
