"""Reminders before a license expires: a year, six months and two months before, to the
educator and to the HR of each district employing her. Each mark is sent once per person; a
license first seen late gets only the nearest mark, not all three at once."""

import calendar
import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tandem.licensure.models import License, RenewalReminder
from tandem.licensure.services import years_after
from tandem.people.models import Employment, RoleGrant

MONTHS_BEFORE = (12, 6, 2)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """``day`` less ``months`` months (the last day of a shorter month)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return datetime.date(year, month0 + 1, min(day.day, last))


def mark_reached(expires_on: datetime.date, today: datetime.date) -> int | None:
    """The nearest of a year, six and two months before ``expires_on`` that ``today`` has
    reached, or None (too early, or already expired)."""
    if today > expires_on:
        return None
    reached = [m for m in MONTHS_BEFORE if today >= months_before(expires_on, m)]
    return min(reached) if reached else None


def _recipients(license: License, today: datetime.date):
    """The educator (if she signs in) and the HR of every district employing her today."""
    users = [license.person.user] if license.person.user_id else []
    districts = Employment.objects.filter(person_id=license.person_id).active_on(today)
    grants = (
        RoleGrant.objects.filter(
            role=RoleGrant.Role.DISTRICT_HR, district__in=districts.values("district_id")
        )
        .active_on(today)
        .select_related("user")
    )
    return users + [grant.user for grant in grants]


def renewal_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the day's expiry reminders; each mark reaches each recipient once, so running
    this twice a day sends nothing new. Returns how many were sent."""
    today = today or timezone.localdate()
    licenses = License.objects.filter(
        expires_on__gte=today, expires_on__lte=years_after(today, 1)
    ).select_related("person__user")
    sent = 0
    for license in licenses.iterator(chunk_size=2000):
        mark = mark_reached(license.expires_on, today)
        if mark is None:
            continue
        subject = _("Your license %(field)s expires on %(date)s") % {
            "field": license.field,
            "date": date_format(license.expires_on, "DATE_FORMAT"),
        }
        for user in _recipients(license, today):
            is_holder = user.pk == license.person.user_id
            link = settings.SITE_URL + (
                reverse("licensure:renewal", args=[license.pk]) if is_holder else "/"
            )
            text = (
                subject
                if is_holder
                else _("%(who)s: license %(field)s expires on %(date)s")
                % {
                    "who": license.person,
                    "field": license.field,
                    "date": date_format(license.expires_on, "DATE_FORMAT"),
                }
            )
            try:
                with transaction.atomic():
                    RenewalReminder.objects.create(
                        license=license, months_before=mark, user=user, sent_on=today
                    )
                    send_mail(text, f"{text}\n\n{link}\n", None, [user.email])
            except IntegrityError:
                continue  # this mark was already sent to this person
            sent += 1
    return sent
