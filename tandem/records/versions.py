"""One check for every edited record: a write must start from the version it read.

Editable records (plans, evaluations, agendas, agreements, rubric drafts) carry a ``version``
that the form or the API call posts back. A write from an older version is refused with
``StaleVersion``: the API answers 409, and the page keeps what was typed (as a
``records.Draft`` where the form saves as the person types) so nothing is lost.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.errors import DomainError

STALE_MESSAGE = _(
    "Not saved: someone saved a newer version while you were editing. What you typed is "
    "kept. Reload to see both, then save again."
)


class StaleVersion(DomainError):
    """Someone saved the record after this write's version was read."""

    def __init__(self):
        super().__init__(STALE_MESSAGE, code="stale")


def version_check(record: models.Model, version: int) -> None:
    """Refuse the write unless ``record`` (read under a lock) is still at ``version``."""
    if record.version != version:
        raise StaleVersion


def version_bump(record: models.Model, *fields: str) -> None:
    """Save ``fields`` with the next version, so writes that started earlier are refused."""
    record.version += 1
    record.save(update_fields=[*fields, "version"])
