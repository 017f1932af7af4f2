"""The API's one pagination: limit and offset with bounds the database can hold."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 10_000_000


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=200, description="Rows per page, 1 to 200.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")
