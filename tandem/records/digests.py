"""What a signature fingerprints: one byte-stable text of a record's content, and its SHA-256.

Signing, amending and "changed since signing" all compare these, so there is one way to write
them; the demo uses the same to back-date history.
"""

import hashlib
import json
from typing import Protocol


class Signable(Protocol):
    pk: int

    def signed_content(self) -> dict:
        """Every field and attachment digest that the signer sees."""
        ...


def canonical_serialization(content: dict) -> str:
    """One byte-stable text for a record's content: sorted keys, no spacing, UTF-8."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def text_digest(canonical: str) -> str:
    return hashlib.sha256(canonical.encode()).hexdigest()


def content_digest(content: dict) -> str:
    return text_digest(canonical_serialization(content))
