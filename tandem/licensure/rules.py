"""Who may read and act on an educator's points ledger, renewal progress and plan.

The ledger is the educator's: she reads it wherever she works. Her supervisor (an evaluator
assigned to her today) and the HR and administrators of a district employing her today read it
and decide the activities waiting for approval; no colleague, and no district that does not
employ her (the ledger follows her, its readers do not).
"""

import rules

from tandem.licensure.selectors import employments_on
from tandem.people.selectors import roles_of


def _person_id(record) -> int:
    return getattr(record, "person_id", None) or record.license.person_id


@rules.predicate
def is_holder(user, record) -> bool:
    """``record`` is a License, a PointsEntry or an Ipdp of the user's own."""
    person_id = roles_of(user).person_id
    return person_id is not None and person_id == _person_id(record)


@rules.predicate
def supervises_or_employs(user, record) -> bool:
    roles = roles_of(user)
    employments = employments_on(_person_id(record), roles.day)
    return any(
        e.pk in roles.evaluatee_ids or e.district_id in roles.personnel_districts
        for e in employments
    )


@rules.predicate
def is_personnel_officer(user, district) -> bool:
    return district.pk in roles_of(user).personnel_districts


@rules.predicate
def is_pending(user, entry) -> bool:
    return entry.status == entry.Status.PENDING


# A license's renewal page, its ledger and summary; the plan.
rules.add_perm("licensure.read_renewal", is_holder | supervises_or_employs)
# Recording an activity and writing the plan: the educator herself.
rules.add_perm("licensure.record", is_holder)
# Approving or declining an activity; approving and reviewing a plan: not her own.
rules.add_perm("licensure.decide", supervises_or_employs & ~is_holder)
rules.add_perm("licensure.decide_entry", supervises_or_employs & ~is_holder & is_pending)
# A district's licensing view.
rules.add_perm("licensure.district_view", is_personnel_officer)
