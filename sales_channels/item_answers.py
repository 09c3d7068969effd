"""Per-item vendor answers: a list of records parsed one by one, and a batch's one result per item sent.

`sales_channels.typed.parse_answer` turns one answer into one typed value and fails as a whole.
Lists need two more shapes, so one bad item does not cost the others:

- `parse_items`: every record of a list as a typed value; the first wrong one fails the whole list
  (a page envelope whose records the step needs all of);
- `parse_each`: every record on its own: a typed value, or that record's `InvalidVendorPayload`
  naming its path (an import keeps the good records and stores the bad one as an item error);
- `batch_results`: a batch endpoint's answer (WooCommerce `products/batch`, eBay `bulk_*`, a job
  report) as one `ItemResult` per item sent, in order. `ItemAnswerFormat` says where the vendor
  puts the id and the error; an item with an error is that item's `VendorValidationError` (with
  `exists` for the vendor's "already exists" codes, so a create links by SKU); a malformed or
  missing item is that item's `InvalidVendorPayload`. Only an answer that cannot be matched to
  the items sent (not a list, more answers than items) fails the whole batch.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sales_channels.exceptions import InvalidVendorPayload, VendorValidationError
from sales_channels.factories.jobs import ItemResult
from sales_channels.typed import parse_answer

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


def _records(data: Any, path: str) -> list[Any]:
    if not isinstance(data, list):
        shown = repr(data)[:80]
        raise InvalidVendorPayload(f"{path}: expected a list, got {type(data).__name__} {shown}", raw_excerpt=shown)
    return data


def parse_items(*, item_type: type[T], data: Any, path: str = "$") -> list[T]:
    """Every record of a JSON list as an `item_type`; InvalidVendorPayload names the first wrong record's path."""
    return [
        parse_answer(answer_type=item_type, data=item, path=f"{path}[{n}]")
        for n, item in enumerate(_records(data, path))
    ]


def parse_each(*, item_type: type[T], data: Any, path: str = "$") -> list[T | InvalidVendorPayload]:
    """Every record on its own: its typed value, or its own InvalidVendorPayload (the list itself must be a list)."""
    parsed: list[T | InvalidVendorPayload] = []
    for n, item in enumerate(_records(data, path)):
        try:
            parsed.append(parse_answer(answer_type=item_type, data=item, path=f"{path}[{n}]"))
        except InvalidVendorPayload as error:
            parsed.append(error)
    return parsed


@dataclass(frozen=True)
class ItemAnswerFormat:
    """Where a vendor's per-item batch answer keeps the id and the error, and which error codes mean "exists".

    The defaults read `{"id": 7}` or `{"error": {"code": "...", "message": "..."}}`. `existing_id_key`
    names the key, inside the error, of the object that already exists (when the vendor says which).
    """

    id_key: str = "id"
    error_key: str = "error"
    code_key: str = "code"
    message_key: str = "message"
    existing_id_key: str = ""
    exists_codes: frozenset[str] = frozenset()


DEFAULT_FORMAT = ItemAnswerFormat()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def item_result(*, item: Any, path: str, answer_format: ItemAnswerFormat = DEFAULT_FORMAT) -> ItemResult:
    """One item's answer as an ItemResult: its id, or its own error (never raised: the item carries it)."""
    if not isinstance(item, Mapping):
        shown = repr(item)[:80]
        return ItemResult(error=InvalidVendorPayload(f"{path}: expected an object, got {type(item).__name__} {shown}"))
    error = item.get(answer_format.error_key)
    if error:
        if not isinstance(error, Mapping):
            return ItemResult(error=VendorValidationError([_text(error)]))
        code = _text(error.get(answer_format.code_key))
        message = _text(error.get(answer_format.message_key)) or code or "The vendor refused this item."
        existing = _text(error.get(answer_format.existing_id_key)) if answer_format.existing_id_key else ""
        shown = f"{code}: {message}" if code and code != message else message
        return ItemResult(
            remote_id=existing, error=VendorValidationError([shown]), exists=code in answer_format.exists_codes
        )
    remote_id = item.get(answer_format.id_key)
    if isinstance(remote_id, bool) or not isinstance(remote_id, str | int) or _text(remote_id) == "":
        where = f"{path}.{answer_format.id_key}"
        shown = repr(remote_id)[:80]
        return ItemResult(error=InvalidVendorPayload(f"{where}: expected an id, got {shown}", raw_excerpt=shown))
    return ItemResult(remote_id=_text(remote_id))


def batch_results(
    *, data: Any, sent: int, path: str = "$", answer_format: ItemAnswerFormat = DEFAULT_FORMAT
) -> list[ItemResult]:
    """One ItemResult per item sent, in order; an item the answer does not cover fails alone.

    InvalidVendorPayload (the whole batch) when the answer is not a list or has more entries than items sent.
    """
    answers = _records(data, path)
    if len(answers) > sent:
        raise InvalidVendorPayload(f"{path}: {len(answers)} answers for {sent} items sent")
    results = [
        item_result(item=item, path=f"{path}[{n}]", answer_format=answer_format) for n, item in enumerate(answers)
    ]
    results += [
        ItemResult(error=InvalidVendorPayload(f"{path}[{n}]: the vendor's answer has no result for this item"))
        for n in range(len(answers), sent)
    ]
    return results
