"""XML nodes and their text: an entity is written as escaped markup, no element tree built.

A node is ``(tag, text)`` or ``(tag, [children])``; a None value leaves the element out. A
child may also be ``Markup``, a node already written (a key's reference, made once and put
into every entity that refers to it).
"""

import datetime
import re
from decimal import Decimal

Node = tuple[str, object]

# What XML 1.0 cannot hold at all (lxml refuses the same), and what text must escape.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class Markup(str):
    """XML text already written and escaped, put into a document as it is."""


def text(value) -> str:
    """An XML value as the schema writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def escape(value: str) -> str:
    if _NOT_XML.search(value):
        raise ValueError(f"{value[:80]!r} holds a character XML cannot carry.")
    return value.translate(_ESCAPES)


def markup(node: Node) -> Markup:
    """The element of ``node`` as XML text (the interchange declares the namespace)."""
    parts: list[str] = []
    _write(parts, node)
    return Markup("".join(parts))


def _write(parts: list[str], node: Node) -> None:
    tag, value = node
    kind = type(value)
    if kind is list:
        parts.append(f"<{tag}>")
        for child in value:
            if type(child) is Markup:
                parts.append(child)
            elif child[1] is not None:
                _write(parts, child)
        parts.append(f"</{tag}>")
    elif kind is int:  # nothing to escape in a number
        parts.append(f"<{tag}>{value}</{tag}>")
    else:
        parts.append(f"<{tag}>{escape(text(value))}</{tag}>")
