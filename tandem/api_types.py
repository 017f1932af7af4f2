"""The API's shared input types, bounded to what the database can hold so that an absurd
number is a 422 with a message, not a database error."""

import datetime
import re
from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator

MAX_OFFSET = 10_000_000

# The largest identifier the database holds (a BigAutoField): pages bound theirs alike.
MAX_ID = 2**63 - 1

ObjectId = Annotated[int, Field(ge=1, le=MAX_ID, description="A Tandem identifier.")]


def _iso_day(value):
    """A day as the schema says (``format: date``), never a number read as seconds since 1970."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value} is not a day written as YYYY-MM-DD")
    return value


Day = Annotated[datetime.date, BeforeValidator(_iso_day)]


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=200, description="Rows per page, 1 to 200.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")
