"""One check for every edited record: a write must start from the version it read.

Editable records (plans, evaluations, agendas, agreements, rubric drafts) carry a ``version``
that the form or the API call posts back. A write from an older version is refused with
``StaleVersion``: the API answers 409, and the page keeps what was typed (as a
``records.Draft`` where the form saves as the person types) so nothing is lost.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.errors import DomainError

STALE_MESSAGE = _(
    "Not saved: someone saved a newer version while you were editing. What you typed is "
    "kept. Reload to see both, then save again."
)

CONFLICT_MESSAGE = _(
    "Not saved: newer text was saved elsewhere in fields this tab changed too. Both texts are "
    "kept: at each field marked below, choose which to keep."
)


class StaleVersion(DomainError):
    """Someone saved the record after this write's version was read."""

    def __init__(self, message=STALE_MESSAGE):
        super().__init__(message, code="stale")


def version_check(record: models.Model, version: int) -> None:
    """Refuse the write unless ``record`` (read under a lock) is still at ``version``."""
    if record.version != version:
        raise StaleVersion


def version_bump(record: models.Model, *fields: str) -> None:
    """Save ``fields`` with the next version, so writes that started earlier are refused."""
    record.version += 1
    record.save(update_fields=[*fields, "version"])


@dataclass(frozen=True)
class FieldConflict:
    """One field that another save changed since this write's version, and this write too."""

    field: str
    saved: str
    mine: str


class FieldConflicts(StaleVersion):
    """A stale write that changed fields another save changed too: nothing is written until
    the person chooses, at each of ``conflicts``, which text to keep (issue 11)."""

    def __init__(self, conflicts: list[FieldConflict], *, version: int):
        super().__init__(CONFLICT_MESSAGE)
        self.conflicts = conflicts
        self.version = version


def three_way_merge(
    *, base: Mapping[str, str], saved: Mapping[str, str], mine: Mapping[str, str]
) -> tuple[dict[str, str], list[FieldConflict]]:
    """Each field as a write from ``base`` should leave it, and the fields in conflict.

    A field changed on one side only since ``base`` takes that side's text; one changed on
    both sides to different texts is a conflict. A field missing from ``base`` (its history
    is gone) is a conflict whenever the two sides differ.
    """
    merged, conflicts = {**dict.fromkeys(mine, ""), **saved}, []
    for field, text in mine.items():
        now = saved.get(field, "")
        if text == now:
            continue
        if field in base and base[field] == now:
            merged[field] = text  # only this write changed it
        elif field not in base or base[field] != text:
            conflicts.append(FieldConflict(field=field, saved=now, mine=text))
        # otherwise only the other save changed it, and its text stays
    return merged, conflicts
