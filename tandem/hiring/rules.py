"""Who may manage a district's vacancies and postings, and who may read an internal one.

The district's HR and administrators (the superintendent among them) write vacancies and
postings; a principal does not: in the state's districts a principal asks HR to post, and HR
answers for the salary, the licenses and the dates. An external posting is for everyone once
it opens; an internal one only for the district's own staff.
"""

import rules
from django.utils import timezone

from tandem.hiring.models import Posting
from tandem.organizations.models import District
from tandem.people.selectors import roles_of


@rules.predicate
def may_manage_postings(user, district: District) -> bool:
    return district.pk in roles_of(user).personnel_districts


@rules.predicate
def may_read_posting(user, posting: Posting) -> bool:
    """The careers page of a posting: once it has opened, to everyone if external, else to the
    district's staff."""
    if posting.opens_on > timezone.localdate():
        return False
    return (
        posting.audience == Posting.Audience.EXTERNAL
        or posting.vacancy.district_id in roles_of(user).staff_districts
    )


rules.add_perm("hiring.manage_postings", may_manage_postings)
rules.add_perm("hiring.read_posting", may_read_posting)
