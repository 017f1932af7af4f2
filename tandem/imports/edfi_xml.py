"""Ed-Fi Data Standard 5.2 XML interchanges, read as a stream and safely.

The parser (lxml) resolves no entity, loads no DTD and opens no network address: a document
that declares a DTD (the way to an external entity or an entity bomb) is refused, and so is a
reference to an entity it does not define. A document of another Data Standard version is
refused naming the version its namespace gives. Each element under the interchange's root is
yielded once parsed and cleared after, so a file of any size takes the memory of one entity.

What a value is, the interchange says: every ``uri://…Descriptor#code`` value is a descriptor,
known when it is one of the Data Standard's published values (``interop/schemas/descriptors``)
or one of Tandem's own (``interop.descriptors.TANDEM_DESCRIPTORS``).
"""

import datetime
import functools
import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from tandem.imports.readers import FileRefused
from tandem.interop import descriptors

NAMESPACE = "http://ed-fi.org/5.2.0"
NS = f"{{{NAMESPACE}}}"
DESCRIPTOR_FILES = Path(__file__).resolve().parents[1] / "interop" / "schemas" / "descriptors"
DESCRIPTOR_VALUE = re.compile(r"^(uri://[^#\s]+)/([A-Za-z]+Descriptor)#(.+)$")


def local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def entities(stream, interchange: str) -> Iterator[etree._Element]:
    """Each element under the root of ``interchange`` (``InterchangeStaffAssociation``), parsed.

    The element is cleared once the caller moves on: read what is needed while it is current.
    """
    stream.seek(0)
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    try:
        for event, element in parser:
            if event == "start":
                if depth == 0:
                    _check_root(parser, element, interchange)
                depth += 1
                continue
            depth -= 1
            if depth == 1:
                yield element
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        # The parser's own log names the first fault better than the exception it raises.
        first = next(iter(parser.error_log), None)
        line = first.line if first is not None else (error.lineno or 0)
        message = first.message if first is not None else str(error)
        if first is not None and "ENTITY" in first.type_name:
            raise FileRefused(
                _(
                    "Line %(line)d refers to an entity (%(error)s): Tandem reads no entity, "
                    "and an Ed-Fi interchange needs none."
                )
                % {"line": line, "error": message.strip()}
            ) from None
        raise FileRefused(
            _("The file is not well-formed XML at line %(line)d: %(error)s.")
            % {"line": line, "error": message.strip()}
        ) from None


def _check_root(parser, root, interchange: str) -> None:
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise FileRefused(
            _(
                "The file declares a document type (DTD): Tandem refuses it, since a DTD can "
                "bring in external entities. An Ed-Fi interchange has none."
            )
        )
    name = etree.QName(root.tag)
    if name.namespace is None:
        raise FileRefused(
            _(
                "The root element has no namespace: an Ed-Fi Data Standard 5.2 interchange is "
                "in %(want)s."
            )
            % {"want": NAMESPACE}
        )
    if name.namespace != NAMESPACE:
        found = name.namespace.rstrip("/").rsplit("/", 1)[-1]
        raise FileRefused(
            _(
                "The file is in namespace “%(ns)s” (Data Standard version %(version)s): Tandem "
                "reads Ed-Fi Data Standard 5.2 (%(want)s)."
            )
            % {"ns": name.namespace, "version": found, "want": NAMESPACE}
        )
    if name.localname != interchange:
        raise FileRefused(
            _("The file is an Ed-Fi %(found)s: this import reads an %(want)s.")
            % {"found": name.localname, "want": interchange}
        )


def text(element, path: str) -> str:
    """The text at ``path`` (tags joined by /, no namespace) under ``element``, stripped."""
    found = element.find("/".join(NS + part for part in path.split("/")))
    return (found.text or "").strip() if found is not None else ""


def all_of(element, path: str) -> list[etree._Element]:
    return element.findall("/".join(NS + part for part in path.split("/")))


def leaves(element) -> Iterator[etree._Element]:
    for node in element.iter():
        if len(node) == 0 and node is not element:
            yield node


@functools.cache
def _published() -> frozenset[str]:
    """Every Data Standard 5.2 descriptor value, as ``uri://ed-fi.org/NameDescriptor#code``."""
    values = set()
    for path in DESCRIPTOR_FILES.glob("*Descriptor.xml"):
        for node in etree.parse(str(path)).getroot():
            code, namespace = node.findtext(f"{NS}CodeValue"), node.findtext(f"{NS}Namespace")
            if code and namespace:
                values.add(f"{namespace}#{code}")
    return frozenset(values)


@functools.cache
def tandems_own() -> frozenset[str]:
    return frozenset(
        descriptors.tandem(name, code)
        for name, values in descriptors.TANDEM_DESCRIPTORS.items()
        for code, _description in values
    )


def unknown_descriptors(element) -> Iterator[tuple[etree._Element, str]]:
    """Each descriptor value under ``element`` that is neither published nor Tandem's own,
    with the reason."""
    for node in leaves(element):
        value = (node.text or "").strip()
        match = DESCRIPTOR_VALUE.match(value)
        if match is None:
            continue
        if value not in _published() and value not in tandems_own():
            if match[1] == descriptors.EDFI:
                reason = _("is not a value of the Data Standard's %(name)s") % {"name": match[2]}
            elif match[1] == settings.EDFI_DESCRIPTOR_NAMESPACE:
                reason = _("is not one of Tandem's own %(name)s values") % {"name": match[2]}
            else:
                reason = _(
                    "is a descriptor of a namespace Tandem does not know (%(ns)s): only the "
                    "Data Standard's and Tandem's own are read"
                ) % {"ns": match[1]}
            yield node, reason


class Reading:
    """One entity of the file, read into a row: its values, and each problem at the line of
    the element it is about (the element's name is the problem's column)."""

    def __init__(self, element, row):
        self.element, self.row = element, row

    def problem(self, node, reason: str, value: str | None = None) -> None:
        node = self.element if node is None else node
        found = (node.text or "").strip() if value is None else value
        self.row.problem_at(
            "", node.sourceline or self.row.line, local(node.tag), found, str(reason)
        )

    def missing(self, tag: str, reason: str) -> None:
        """A problem about an element the entity lacks, at the entity's line."""
        self.row.problem_at("", self.row.line, tag, "", str(reason))

    def node(self, path: str):
        return self.element.find("/".join(NS + part for part in path.split("/")))

    def date(self, path: str, *, required: bool = False):
        """The xs:date at ``path``, or None; a problem when it is not one (or is missing)."""
        value = text(self.element, path)
        if not value:
            if required:
                self.missing(path.rsplit("/", 1)[-1], _("is required"))
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(self.node(path), _("is not a date written as YYYY-MM-DD"))
            return None

    def descriptors(self) -> None:
        for node, reason in unknown_descriptors(self.element):
            self.problem(node, reason)


def code_of(descriptor: str) -> str:
    """The code value of a descriptor (``…Descriptor#Teacher`` → ``Teacher``)."""
    return descriptor.partition("#")[2]


def edorg_id(element, path: str) -> int | None:
    value = text(element, path)
    return int(value) if value.isdigit() else None


def org_code_of(element, id_tag: str) -> str:
    """The state's organization code of an education organization: the identification code
    the state (SEA) gives, as Tandem's export writes it, leading zeros and all; otherwise its
    Ed-Fi identifier, written with at least eight digits."""
    for identification in all_of(element, "EducationOrganizationIdentificationCode"):
        system = text(identification, "EducationOrganizationIdentificationSystem")
        if code_of(system) == "SEA":
            return text(identification, "IdentificationCode")
    value = text(element, id_tag)
    return value.zfill(8) if value.isdigit() else value


GRADE_SPAN_NAMES = ["PK", "K", *[str(n) for n in range(1, 13)]]


def grade_span(values: list[str]) -> str:
    """Grade level descriptors as Tandem writes a span (``K-5``, ``9``); empty for none or
    for grades Tandem does not count (Ungraded, Postsecondary)."""
    names = [descriptors.PRE_K, *descriptors.GRADES]
    found = sorted({names.index(code_of(v)) for v in values if code_of(v) in names})
    if not found:
        return ""
    low, high = GRADE_SPAN_NAMES[found[0]], GRADE_SPAN_NAMES[found[-1]]
    return low if low == high else f"{low}-{high}"
