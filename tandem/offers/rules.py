"""Who may read a candidate's references and offer, and who may act on them, each rule once:
the pages, the template tag and the services ask these (issue 14, item 3).

They are called directly, not through ``user.has_perm``, which lets a Django superuser
through: a candidate's references stay with the people who select.
"""

import rules

from tandem.hiring.models import Application
from tandem.offers.models import Offer
from tandem.people.models import RoleGrant
from tandem.people.selectors import roles_of


def is_the_applicant(user, application: Application) -> bool:
    return user.is_authenticated and roles_of(user).person_id == application.person_id


def is_district_hr(user, district_id: int) -> bool:
    return district_id in roles_of(user).districts_with(RoleGrant.Role.DISTRICT_HR)


@rules.predicate
def is_hiring_manager(user, application: Application) -> bool:
    """The principal of the vacancy's school; for a district position (no school), the
    district's administrators. Never the applicant, whatever else they hold."""
    if is_the_applicant(user, application):
        return False
    vacancy = application.posting.vacancy
    roles = roles_of(user)
    if vacancy.school_id:
        return vacancy.school_id in roles.principal_schools
    return vacancy.district_id in roles.districts_with(RoleGrant.Role.DISTRICT_ADMIN)


@rules.predicate
def is_hr_of_application(user, application: Application) -> bool:
    """The district's HR, unless applying themselves."""
    return not is_the_applicant(user, application) and is_district_hr(
        user, application.posting.vacancy.district_id
    )


@rules.predicate
def has_part_in_selection(user, application: Application) -> bool:
    """Reads the candidate's references and offer and asks for references: the district's HR
    and the hiring manager. Selection's panels join them where that app is merged."""
    return is_hr_of_application(user, application) or is_hiring_manager(user, application)


may_recommend = is_hiring_manager
may_approve = is_hr_of_application
may_offer = is_hr_of_application


@rules.predicate
def may_view_offer(user, offer: Offer) -> bool:
    """The applicant it is made to, and those with a part in the selection."""
    return is_the_applicant(user, offer.application) or has_part_in_selection(
        user, offer.application
    )


@rules.predicate
def may_answer_offer(user, offer: Offer) -> bool:
    return is_the_applicant(user, offer.application)


def may_edit_message_templates(user, district_id: int) -> bool:
    return is_district_hr(user, district_id)
