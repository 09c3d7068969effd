"""What a step reports, and the payload fingerprint that makes unchanged updates free.

`StepOutcome` is the typed result of every step (`created / linked / updated / unchanged /
deleted / skipped / failed`), with the remote id, a human detail, the field-level `diff` of a dry
run and the outcomes of the sub-steps it ran. `payload_hash` is the sha256 of the canonical JSON
of a payload (sorted keys, no whitespace, Decimals and dates as strings): a mirror stores the
hash of the last payload that succeeded, and an update with the same hash makes no call.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sales_channels.models import Outcome

CREATED = Outcome.CREATED.value
LINKED = Outcome.LINKED.value
UPDATED = Outcome.UPDATED.value
UNCHANGED = Outcome.UNCHANGED.value
DELETED = Outcome.DELETED.value
SKIPPED = Outcome.SKIPPED.value
FAILED = Outcome.FAILED.value
OUTCOME_KINDS = frozenset(Outcome.values)
# Which outcome wins when a listing and its parts are summarised into one.
_PRECEDENCE = (FAILED, CREATED, LINKED, DELETED, UPDATED, UNCHANGED, SKIPPED)


@dataclass(frozen=True)
class StepOutcome:
    """The result of one step: what happened to the remote object, and of its sub-steps."""

    kind: str
    remote_id: str = ""
    detail: str = ""
    diff: dict[str, Any] | None = None
    children: tuple["StepOutcome", ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.kind not in OUTCOME_KINDS:
            raise ValueError(f"Unknown outcome kind {self.kind!r}; use one of {sorted(OUTCOME_KINDS)}.")

    @property
    def changed_remote(self) -> bool:
        """True when the vendor was (or, in a dry run, would be) written."""
        return self.kind in (CREATED, LINKED, UPDATED, DELETED) or any(c.changed_remote for c in self.children)

    def with_children(self, children: Iterable["StepOutcome"]) -> "StepOutcome":
        """This outcome with sub-step outcomes attached; an unchanged listing with changed parts reads 'updated'."""
        attached = tuple(children)
        kind = self.kind
        if kind == UNCHANGED and any(child.changed_remote for child in attached):
            kind = UPDATED
        return StepOutcome(kind=kind, remote_id=self.remote_id, detail=self.detail, diff=self.diff, children=attached)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (stored on the task, returned by surfaces)."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.remote_id:
            data["remote_id"] = self.remote_id
        if self.detail:
            data["detail"] = self.detail
        if self.diff:
            data["diff"] = self.diff
        if self.children:
            data["children"] = [child.as_dict() for child in self.children]
        return data


def summarise(kinds: list[str]) -> str:
    """The single kind that best describes several outcomes (a failure anywhere wins)."""
    present = set(kinds)
    return next((kind for kind in _PRECEDENCE if kind in present), UNCHANGED)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"Payload value of type {type(value).__name__} is not JSON-serialisable: {value!r}")


def canonical_json(payload: Any) -> str:
    """Deterministic JSON of a payload: sorted keys, compact, Decimals and dates as strings."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def normalise(payload: Any) -> Any:
    """The payload as plain JSON values (what a mirror stores in `last_payload`)."""
    return json.loads(canonical_json(payload))


def payload_hash(payload: dict) -> str:
    """sha256 hex digest of the canonical JSON of `payload`."""
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def diff_payloads(before: Any, after: Any, *, prefix: str = "") -> dict[str, dict[str, Any]]:
    """Field-level differences, flattened to dotted paths: {path: {"from": old, "to": new}}."""
    before, after = normalise(before), normalise(after)
    changes: dict[str, dict[str, Any]] = {}
    _diff_into(changes, before, after, prefix)
    return changes


def _diff_into(changes: dict, before: Any, after: Any, path: str) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after), key=str):
            _diff_into(changes, before.get(key), after.get(key), f"{path}.{key}" if path else str(key))
        return
    if before != after:
        changes[path or "."] = {"from": before, "to": after}
