"""The GraphQL documents the Shopify integration sends, one operation per `.graphql` file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DOCUMENTS_DIR = Path(__file__).parent


def document_names() -> list[str]:
    """File stems of every document, e.g. "product_set"."""
    return sorted(path.stem for path in DOCUMENTS_DIR.glob("*.graphql"))


@cache
def load_document(name: str) -> str:
    """The text of `documents/<name>.graphql`."""
    path = DOCUMENTS_DIR / f"{name}.graphql"
    if not path.is_file():
        raise KeyError(f"no GraphQL document named {name!r}")
    return path.read_text(encoding="utf-8")
