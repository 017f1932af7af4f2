"""A posting as schema.org ``JobPosting`` JSON-LD, the structured data job boards read.

The JSON goes inside a ``<script type="application/ld+json">``: a data block, which the
browser never runs, so the site's script-src 'self' policy allows it. Posting text is the
district's own typing, so ``<``, ``>`` and ``&`` are written as JSON escapes: a title with
``</script>`` in it cannot end the block early (as Django's ``json_script`` does).
"""

import datetime
import json

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from tandem.hiring.models import Posting

ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def job_posting(posting: Posting, *, url: str) -> dict:
    vacancy = posting.vacancy
    district = vacancy.district
    closes_at = timezone.make_aware(datetime.datetime.combine(posting.closes_on, datetime.time.max))
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": posting.description,
        "datePosted": posting.opens_on.isoformat(),
        "validThrough": closes_at.replace(microsecond=0).isoformat(),
        "employmentType": "FULL_TIME" if vacancy.fte >= 1 else "PART_TIME",
        "hiringOrganization": {"@type": "Organization", "name": district.name},
        "jobLocation": {
            "@type": "Place",
            "name": vacancy.school.name if vacancy.school else district.name,
            "address": {"@type": "PostalAddress", "addressCountry": "US"},
        },
        "identifier": {"@type": "PropertyValue", "name": district.name, "value": str(posting.pk)},
        "jobStartDate": vacancy.start_date.isoformat(),
        "url": url,
    }
    if vacancy.salary_min is not None or vacancy.salary_max is not None:
        value = {"@type": "QuantitativeValue", "unitText": "YEAR"}
        if vacancy.salary_min is not None:
            value["minValue"] = vacancy.salary_min
        if vacancy.salary_max is not None:
            value["maxValue"] = vacancy.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "USD", "value": value}
    licenses = [str(license) for license in vacancy.required_licenses.all()]
    if licenses:
        data["qualifications"] = "; ".join(licenses)
    return data


def as_script_text(data: dict) -> SafeString:
    """JSON that is safe as the whole text of a script element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(ESCAPES))  # noqa: S308
