"""Who may see and change induction records (issue 14, item 5).

Mentoring logs are personnel records: the mentor, the mentee, and the district's HR and
administrators read them; no other teacher, and no principal as such.
"""

import rules

from tandem.induction.models import MentorAssignment, MentoringLog
from tandem.organizations.models import District
from tandem.people.selectors import roles_of


@rules.predicate
def is_district_personnel_officer(user, district: District) -> bool:
    """District HR or a district administrator (the superintendent too) of this district."""
    return district.pk in roles_of(user).personnel_districts


@rules.predicate
def is_party_to(user, assignment: MentorAssignment) -> bool:
    """The mentor or the mentee of this assignment."""
    person_id = roles_of(user).person_id
    return person_id is not None and person_id in (
        assignment.mentor.person_id,
        assignment.mentee.person_id,
    )


@rules.predicate
def is_in_force(user, assignment: MentorAssignment) -> bool:
    day = roles_of(user).day
    return assignment.start_date <= day and (
        assignment.end_date is None or assignment.end_date >= day
    )


@rules.predicate
def is_personnel_officer_of_log(user, log: MentoringLog) -> bool:
    """HR or an administrator of the district where the entry was written."""
    return log.district_id in roles_of(user).personnel_districts


@rules.predicate
def entered_it(user, log: MentoringLog) -> bool:
    return log.entered_by_id == user.pk


@rules.predicate
def is_party_to_log(user, log: MentoringLog) -> bool:
    return is_party_to(user, log.assignment)


@rules.predicate
def is_unconfirmed(user, log: MentoringLog) -> bool:
    return not log.is_confirmed


# The settings, the mentors, the assignments, the HR views and the report.
rules.add_perm("induction.manage", is_district_personnel_officer)
rules.add_perm("induction.view_log", is_personnel_officer_of_log | is_party_to_log)
rules.add_perm("induction.add_log", is_party_to & is_in_force)
# Only the one who entered an entry changes it, and only the other party confirms it; a
# confirmed entry is read-only for everyone.
rules.add_perm("induction.edit_log", is_unconfirmed & entered_it)
rules.add_perm("induction.confirm_log", is_unconfirmed & is_party_to_log & ~entered_it)
