"""Payload fingerprints, diffs and outcomes."""

import datetime
from decimal import Decimal

import pytest

from sales_channels.factories.outcomes import StepOutcome, diff_payloads, payload_hash, summarise


def test_the_hash_ignores_key_order_and_normalises_values():
    one = {"b": Decimal("10.00"), "a": [1, 2], "when": datetime.date(2026, 1, 2)}
    two = {"when": "2026-01-02", "a": [1, 2], "b": "10.00"}
    assert payload_hash(one) == payload_hash(two)
    assert payload_hash({"a": [1, 2]}) != payload_hash({"a": [2, 1]})
    assert len(payload_hash({})) == 64


def test_diff_is_field_level_with_dotted_paths():
    before = {"title": "Pen", "price": {"amount": "10.00", "currency": "EUR"}, "gone": 1}
    after = {"title": "Pen", "price": {"amount": "12.00", "currency": "EUR"}, "new": True}
    assert diff_payloads(before, after) == {
        "gone": {"from": 1, "to": None},
        "new": {"from": None, "to": True},
        "price.amount": {"from": "10.00", "to": "12.00"},
    }


def test_outcomes_are_typed_and_summarised():
    with pytest.raises(ValueError, match="Unknown outcome"):
        StepOutcome(kind="done")
    parent = StepOutcome(kind="unchanged").with_children([StepOutcome(kind="updated")])
    assert parent.kind == "updated"
    assert summarise(["unchanged", "failed", "created"]) == "failed"
    assert summarise([]) == "unchanged"
    assert parent.as_dict() == {"kind": "updated", "children": [{"kind": "updated"}]}
