"""Documents written to disk as they are made: one entity in memory at a time.

An XML interchange is text written entity by entity: each entity's ``Node`` is turned into
escaped markup by ``markup`` (no element tree is built), and a fragment already turned
(``Markup``, such as a key's reference, or a rubric's definitions replayed) is written as it
is. A JSON resource file is an array written item by item, as the Ed-Fi resources API returns
a page.
"""

import json
from contextlib import ExitStack
from pathlib import Path

from tandem.interop.documents.markup import Node, markup

NAMESPACE = "http://ed-fi.org/5.2.0"
BUFFER = 1 << 20


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
        for interchange, handle in self._xml.items():
            handle.write(f"</Interchange{interchange}>".encode())
        for handle in self._json.values():
            handle.write(b"\n]\n")
        return self._stack.__exit__(*exc)

    def _open(self, path: Path):
        return self._stack.enter_context(open(path, "wb", buffering=BUFFER))

    def markup(self, interchange: str, entities: str | bytes, counts: dict[str, int]) -> None:
        """Add entities already written as markup to ``Interchange<interchange>`` (file
        ``<interchange>.xml``), as text or as its UTF-8 (replayed without encoding it again);
        ``counts`` says how many of each they are."""
        handle = self._xml.get(interchange)
        if handle is None:
            handle = self._xml[interchange] = self._open(self.folder / f"{interchange}.xml")
            handle.write(
                "<?xml version='1.0' encoding='utf-8'?>\n"
                f'<Interchange{interchange} xmlns="{NAMESPACE}">\n'.encode()
            )
        handle.write(entities.encode() if type(entities) is str else entities)
        for tag, count in counts.items():
            self.counts[tag] = self.counts.get(tag, 0) + count

    def xml(self, interchange: str, node: Node) -> None:
        """Add one entity to ``Interchange<interchange>``."""
        self.markup(interchange, markup(node) + "\n", {node[0]: 1})

    def resources(self, name: str, items: str | bytes) -> None:
        """Add objects already written as JSON (text or UTF-8), comma-separated, to the
        resource's array."""
        handle = self._json.get(name)
        if handle is None:
            (self.folder / "json").mkdir(exist_ok=True)
            handle = self._json[name] = self._open(self.folder / "json" / f"{name}.json")
            handle.write(b"[\n")
        else:
            handle.write(b",\n")
        handle.write(items.encode() if type(items) is str else items)

    def resource(self, name: str, document: dict) -> None:
        """Add one object to the resource's JSON array (file ``json/<name>.json``)."""
        self.resources(name, json_text(document))

    def both(self, interchange: str, resource: str, pair: tuple[Node, dict]) -> None:
        self.xml(interchange, pair[0])
        self.resource(resource, pair[1])


def json_text(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True)
