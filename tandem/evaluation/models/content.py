"""Pieces of what is signed, shared by the forms that carry them."""


def ratings_content(report) -> list[dict]:
    """Each standard's rating and comment on a formative or summative, in the rubric's order."""
    return [
        {"standard": r.standard.code, "level": r.level, "comment": r.comment}
        for r in report.standard_ratings.select_related("standard").order_by("standard__position")
    ]
