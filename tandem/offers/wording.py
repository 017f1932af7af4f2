"""The words of each message to applicants: the district's own template, or our default, with
the application's particulars put in its {placeholders}."""

import string
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.errors import DomainError
from tandem.hiring.models import Application
from tandem.offers.models import MessageTemplate, Offer

Kind = MessageTemplate.Kind

# What each placeholder stands for, as HR's edit page explains them.
PLACEHOLDERS = {
    "applicant": gettext_lazy("the applicant's name"),
    "position": gettext_lazy("the position's title"),
    "district": gettext_lazy("the district's name"),
    "school": gettext_lazy("the school's name (or the district's, for a district position)"),
    "start_date": gettext_lazy("the offer's start date"),
    "respond_by": gettext_lazy("the last day to answer the offer"),
    "salary": gettext_lazy("the offer's salary or step"),
    "fte": gettext_lazy("the offer's FTE"),
    "link": gettext_lazy("the address of the applicant's offer page"),
}
# Placeholders with a value only in the messages about an offer.
OFFER_PLACEHOLDERS = {"start_date", "respond_by", "salary", "fte", "link"}
ABOUT_AN_OFFER = {Kind.OFFER, Kind.OFFER_EXPIRED, Kind.OFFER_DECLINED}

DEFAULTS = {
    Kind.NOT_SELECTED: (
        gettext_lazy("Your application for {position}"),
        gettext_lazy(
            "Dear {applicant},\n\n"
            "Thank you for applying to be our {position} at {school}, and for the time you gave "
            "to each step. We have chosen to continue with other candidates for this position, "
            "and so your application ends here.\n\n"
            "We hope you will apply again when another position suits you.\n\n"
            "With our good wishes,\n{district}"
        ),
    ),
    Kind.OFFER: (
        gettext_lazy("An offer from {district}: {position}"),
        gettext_lazy(
            "Dear {applicant},\n\n"
            "We are glad to offer you the position of {position} at {school}.\n\n"
            "Start date: {start_date}\nFTE: {fte}\nSalary: {salary}\n\n"
            "Please accept or decline the offer by {respond_by} on your offer page:\n{link}\n\n"
            "After that day the offer lapses. Write to us with any question before you "
            "answer.\n\n{district}"
        ),
    ),
    Kind.OFFER_EXPIRED: (
        gettext_lazy("Our offer of {position} has lapsed"),
        gettext_lazy(
            "Dear {applicant},\n\n"
            "We did not hear from you by {respond_by}, the last day to answer our offer of "
            "{position} at {school}, so the offer has lapsed and your application has ended.\n\n"
            "If this is a misunderstanding, please write to us.\n\n{district}"
        ),
    ),
    Kind.OFFER_DECLINED: (
        gettext_lazy("You declined our offer of {position}"),
        gettext_lazy(
            "Dear {applicant},\n\n"
            "We have your answer: you declined our offer of {position} at {school}. Thank you "
            "for letting us know, and for your interest in our schools.\n\n{district}"
        ),
    ),
    Kind.WITHDRAWN: (
        gettext_lazy("You withdrew your application for {position}"),
        gettext_lazy(
            "Dear {applicant},\n\n"
            "Your application for {position} at {school} is withdrawn, as you asked. Thank you "
            "for your interest; you are welcome to apply again.\n\n{district}"
        ),
    ),
}


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str

    def as_text(self) -> str:
        """The message as its history shows it."""
        return f"{self.subject}\n\n{self.body}"


def placeholders_check(kind: str, *texts: str) -> None:
    """Refuse a template that names a placeholder it cannot fill, or has a stray brace."""
    allowed = set(PLACEHOLDERS)
    if kind not in ABOUT_AN_OFFER:
        allowed -= OFFER_PLACEHOLDERS
    for text in texts:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError:
            raise DomainError(
                _("A brace is not closed: write each placeholder as {name}, such as {position}.")
            ) from None
        if unknown := sorted(names - allowed):
            raise DomainError(
                _("This message cannot fill %(names)s. It may use: %(allowed)s.")
                % {
                    "names": ", ".join(f"{{{n}}}" for n in unknown),
                    "allowed": ", ".join(f"{{{n}}}" for n in sorted(allowed)),
                }
            )


def template_text(district_id: int, kind: str) -> tuple[str, str]:
    """The district's subject and body for ``kind``, or our default's."""
    own = MessageTemplate.objects.filter(district_id=district_id, kind=kind).first()
    if own:
        return own.subject, own.body
    subject, body = DEFAULTS[kind]
    return str(subject), str(body)


def _values(application: Application, offer: Offer | None) -> dict[str, str]:
    vacancy = application.posting.vacancy
    values = {
        "applicant": str(application.person),
        "position": offer.position if offer else vacancy.title,
        "district": vacancy.district.name,
        "school": vacancy.school.name if vacancy.school else vacancy.district.name,
    }
    if offer:
        salary = " · ".join(
            part
            for part in (
                f"${number_format(offer.salary, force_grouping=True)}" if offer.salary else "",
                offer.salary_step,
            )
            if part
        )
        values |= {
            "start_date": date_format(offer.start_date, "DATE_FORMAT"),
            "respond_by": date_format(offer.respond_by, "DATE_FORMAT"),
            "salary": salary,
            "fte": number_format(offer.fte, decimal_pos=2),
            "link": settings.SITE_URL + offer.get_absolute_url(),
        }
    return values


def message_compose(kind: str, application: Application, offer: Offer | None = None) -> Wording:
    """The message of ``kind`` to the applicant of ``application``, in the district's words."""
    subject, body = template_text(application.posting.vacancy.district_id, kind)
    values = _values(application, offer)
    return Wording(subject.format_map(values), body.format_map(values))
