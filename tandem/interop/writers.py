"""Documents written to disk as they are made: one entity in memory at a time.

An XML interchange is written with lxml's incremental ``xmlfile``; a JSON resource file is an
array written item by item, as the Ed-Fi resources API returns a page.
"""

import json
from contextlib import ExitStack
from pathlib import Path

from lxml import etree

from tandem.interop.documents import Node, text

NAMESPACE = "http://ed-fi.org/5.2.0"


def _build(parent, children) -> None:
    for tag, value in children:
        if value is None:
            continue
        node = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
        if isinstance(value, list):
            _build(node, value)
        else:
            node.text = text(value)


def element(node: Node):
    """The lxml element of one entity."""
    tag, children = node
    root = etree.Element(f"{{{NAMESPACE}}}{tag}", nsmap={None: NAMESPACE})
    _build(root, children)
    return root


class Interchanges:
    """The export's files, opened as they are first written to and closed together."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.counts: dict[str, int] = {}
        self._stack = ExitStack()
        self._xml: dict[str, object] = {}
        self._json: dict[str, object] = {}

    def __enter__(self):
        self._stack.__enter__()
        return self

    def __exit__(self, *exc):
        for handle in self._json.values():
            handle.write("\n]\n")
        return self._stack.__exit__(*exc)

    def xml(self, interchange: str, node: Node) -> None:
        """Add one entity to ``Interchange<interchange>`` (file ``<interchange>.xml``)."""
        writer = self._xml.get(interchange)
        if writer is None:
            xf = self._stack.enter_context(
                etree.xmlfile(str(self.folder / f"{interchange}.xml"), encoding="utf-8")
            )
            xf.write_declaration()
            self._stack.enter_context(
                xf.element(f"{{{NAMESPACE}}}Interchange{interchange}", nsmap={None: NAMESPACE})
            )
            writer = self._xml[interchange] = xf
        writer.write(element(node))
        self.counts[node[0]] = self.counts.get(node[0], 0) + 1

    def resource(self, name: str, document: dict) -> None:
        """Add one object to the resource's JSON array (file ``json/<name>.json``)."""
        handle = self._json.get(name)
        if handle is None:
            (self.folder / "json").mkdir(exist_ok=True)
            handle = self._stack.enter_context(
                open(self.folder / "json" / f"{name}.json", "w", encoding="utf-8")  # noqa: SIM115 (closed by the stack)
            )
            handle.write("[\n")
            self._json[name] = handle
        else:
            handle.write(",\n")
        handle.write(json.dumps(document, ensure_ascii=False, sort_keys=True))

    def both(self, interchange: str, resource: str, pair: tuple[Node, dict]) -> None:
        self.xml(interchange, pair[0])
        self.resource(resource, pair[1])
