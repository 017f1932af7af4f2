"""Reading query and form parameters that people type or edit in the address bar."""

from tandem.api_types import MAX_ID


def int_or_none(value) -> int | None:
    """An integer parameter, or None when it is missing, not a number or out of range.

    Every integer a page reads is an identifier or a version, bounded as the API's
    ``ObjectId`` is (1 to ``MAX_ID``): a number the database cannot hold made SQLite and
    PostgreSQL fail (a 500, issue 11); out of range, the filter is simply ignored.
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ID else None
