"""Two interchanges compared element by element: each entity canonicalised (whitespace between
elements dropped, C14N), the entities sorted (an export's order follows primary keys, which an
import into another database does not keep), and every difference named by its path."""

from pathlib import Path

from lxml import etree


def entities(path: Path) -> list[etree._Element]:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    root = etree.parse(str(path), parser).getroot()
    for node in root.iter():
        if node.text is not None and len(node):
            node.text = None
        if node.tail is not None:
            node.tail = None
    return sorted(root, key=_canonical)


def _canonical(element) -> bytes:
    return etree.tostring(element, method="c14n")


def _local(tag: str) -> str:
    return etree.QName(tag).localname


def _differences(a, b, path: str) -> list[str]:
    here = f"{path}/{_local(a.tag)}"
    if a.tag != b.tag:
        return [f"{path}: {_local(a.tag)} != {_local(b.tag)}"]
    found = []
    if (a.text or "").strip() != (b.text or "").strip():
        found.append(f"{here}: {a.text!r} != {b.text!r}")
    for x, y in zip(a, b, strict=False):
        found += _differences(x, y, here)
    for extra in a[len(b) :]:
        found.append(f"{here}: only the first has {_local(extra.tag)}")
    for extra in b[len(a) :]:
        found.append(f"{here}: only the second has {_local(extra.tag)}")
    return found


def diff(first: Path, second: Path) -> list[str]:
    """Every difference between two interchanges; empty when they hold the same entities."""
    a, b = entities(first), entities(second)
    found = []
    if len(a) != len(b):
        found.append(f"{first.name}: {len(a)} entities != {len(b)}")
    for n, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        found += _differences(x, y, f"{first.name}#{n}")
    return found
