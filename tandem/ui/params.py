"""Reading query and form parameters that people type or edit in the address bar."""


def int_or_none(value) -> int | None:
    """An integer parameter, or None when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
