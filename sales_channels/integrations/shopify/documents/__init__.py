"""The GraphQL documents the Shopify integration sends, one operation per `.graphql` file."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DOCUMENTS_DIR = Path(__file__).parent


def document_names() -> list[str]:
    """File stems of every document, e.g. "product_set"."""
    return sorted(path.stem for path in DOCUMENTS_DIR.glob("*.graphql"))


FRAGMENTS_DIR = DOCUMENTS_DIR / "fragments"
FRAGMENT_SPREAD = re.compile(r"\.\.\.\s*([A-Z]\w*)")


@cache
def load_document(name: str) -> str:
    """The text of `documents/<name>.graphql`, followed by every shared fragment it spreads (transitively).

    Fragments used by several operations live once in `documents/fragments/<FragmentName>.graphql`.
    """
    path = DOCUMENTS_DIR / f"{name}.graphql"
    if not path.is_file():
        raise KeyError(f"no GraphQL document named {name!r}")
    text = path.read_text(encoding="utf-8")
    return "\n".join([text, *_shared_fragments(text)])


def _shared_fragments(text: str) -> list[str]:
    found: dict[str, str] = {}
    pending = FRAGMENT_SPREAD.findall(text)
    while pending:
        fragment = pending.pop()
        path = FRAGMENTS_DIR / f"{fragment}.graphql"
        if fragment in found or f"fragment {fragment} " in text or not path.is_file():
            continue
        found[fragment] = path.read_text(encoding="utf-8")
        pending.extend(FRAGMENT_SPREAD.findall(found[fragment]))
    return list(found.values())
