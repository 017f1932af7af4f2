"""What the Ed-Fi XML kinds share: the file read twice, as a stream.

The first read (``index``) keeps only what references need (the identifiers of the file's
entities), so an entity may refer to one written after it; the second turns each entity into
a row. A row that Tandem keeps no record of (a state agency, a Staff without an employment
here) is yielded only for its problems. Every descriptor is checked on the way.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from tandem.imports import edfi_xml
from tandem.imports.kinds.base import Checked, Kind

NONE = "none"


class EdfiKind(Kind):
    interchange: str
    # (element, what Tandem makes of it), for the kind's help page.
    entities: list[tuple[str, str]]
    columns = []
    takes_xml = True

    def index(self, stream, context) -> dict:
        """What the second read's references are checked against, from the first read."""
        raise NotImplementedError

    def read(self, reading: edfi_xml.Reading, tag: str, index: dict, context) -> None:
        """Fill ``reading.row`` from the entity; set ``_record`` to NONE for nothing to keep."""
        raise NotImplementedError

    def rows(self, stream, context) -> Iterator[Checked]:
        index = self.index(stream, context)
        for element in edfi_xml.entities(stream, self.interchange):
            row = Checked(element.sourceline or 0, values={"_record": NONE})
            reading = edfi_xml.Reading(element, row)
            reading.descriptors()
            tag = edfi_xml.local(element.tag)
            self.read(reading, tag, index, context)
            if row.values["_record"] != NONE or row.problems:
                yield row

    def file_keys(self, values: dict) -> tuple[str, ...]:
        return (values["_key"],) if values.get("_key") else ()


def broken(reading: edfi_xml.Reading, node, what: str) -> None:
    reading.problem(
        node, _("refers to %(what)s that is neither in the file nor in Tandem") % {"what": what}
    )
