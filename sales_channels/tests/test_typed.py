"""Typed vendor answers: parse once at the edge; a wrong shape names the path that was wrong."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.factories.base import CacheKey, StepContext
from sales_channels.typed import parse_answer


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    price: Decimal


@dataclass(frozen=True)
class Order:
    id: str
    lines: tuple[Line, ...]
    note: str | None = None
    paid: bool = field(default=False, metadata={"key": "isPaid"})
    extra: Any = None


def test_a_good_answer_becomes_typed_values():
    data = {"id": "o-1", "isPaid": True, "lines": [{"sku": "A", "quantity": 2, "price": "1.50"}], "note": None}

    assert parse_answer(answer_type=Order, data=data) == Order(
        id="o-1", lines=(Line(sku="A", quantity=2, price=Decimal("1.50")),), paid=True
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"lines": []}, "$.id: missing"),
        ({"id": 7, "lines": []}, "$.id: expected str, got int"),
        ({"id": "o", "lines": {"nodes": []}}, "$.lines: expected a list, got dict"),
        ({"id": "o", "lines": [{"sku": "A", "quantity": True, "price": "1"}]}, "$.lines[0].quantity: expected int"),
        ({"id": "o", "lines": [{"sku": "A", "quantity": 1, "price": "ten"}]}, "$.lines[0].price: expected a decimal"),
        ({"id": "o", "lines": [None]}, "$.lines[0]: expected an object (Line), got NoneType"),
        ({"id": "o", "lines": [], "isPaid": "yes"}, "$.isPaid: expected bool, got str"),
        (["not", "an", "object"], "$: expected an object (Order), got list"),
    ],
)
def test_a_wrong_shape_names_the_path(data, message):
    with pytest.raises(
        InvalidVendorPayload,
        match=message.replace("[", r"\[").replace("$", r"\$").replace("(", r"\(").replace(")", r"\)"),
    ):
        parse_answer(answer_type=Order, data=data)


def test_step_context_typed_keys_and_old_string_keys_share_one_cache():
    context = StepContext(channel=None, spec=None, client=None)
    currency: CacheKey[str] = CacheKey("currency")
    calls = []

    assert context.cached(currency, lambda: calls.append(1) or "EUR") == "EUR"
    assert context.cached(currency, lambda: calls.append(1) or "USD") == "EUR"
    assert context.get(currency) == "EUR"
    assert context.put(currency.scoped(2), "GBP") == "GBP"
    assert context.get(CacheKey("currency", (2,))) == "GBP"
    assert context.cached(("legacy", 1), lambda: "kept") == "kept"  # tuple keys still work
    assert calls == [1]
