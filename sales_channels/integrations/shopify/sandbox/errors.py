"""Shopify-shaped `userErrors` collected while validating a mutation's input."""

from __future__ import annotations

from collections.abc import Sequence


class UserErrors(list):
    """A list of userError dicts (`field` path of strings, `message`, `code`)."""

    def add(self, path: Sequence[str | int], message: str, code: str | None = None, **extra: object) -> None:
        """Records one error; path parts are stringified like Shopify's (list indexes become "0")."""
        self.append({"field": [str(part) for part in path], "message": message, "code": code, **extra})
