"""Per-item vendor answers: records parsed one by one, a batch's one result per item sent, failures per item."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from sales_channels.exceptions import InvalidVendorPayload, VendorValidationError
from sales_channels.item_answers import ItemAnswerFormat, batch_results, parse_each, parse_items


@dataclass(frozen=True)
class Record:
    id: str
    price: Decimal


WOO_FORMAT = ItemAnswerFormat(existing_id_key="resource_id", exists_codes=frozenset({"product_invalid_sku"}))


def test_parse_items_types_every_record_and_names_the_first_wrong_one():
    assert parse_items(item_type=Record, data=[{"id": "1", "price": "2.50"}], path="products") == [
        Record(id="1", price=Decimal("2.50"))
    ]

    with pytest.raises(InvalidVendorPayload, match=r"products\[1\]\.price: expected a decimal"):
        parse_items(item_type=Record, data=[{"id": "1", "price": 1}, {"id": "2", "price": "x"}], path="products")
    with pytest.raises(InvalidVendorPayload, match="products: expected a list, got dict"):
        parse_items(item_type=Record, data={"id": "1"}, path="products")


def test_parse_each_keeps_the_good_records_and_gives_the_bad_one_its_own_error():
    parsed = parse_each(item_type=Record, data=[{"id": "1", "price": "3"}, {"price": "4"}], path="page.records")

    assert parsed[0] == Record(id="1", price=Decimal("3"))
    assert isinstance(parsed[1], InvalidVendorPayload)
    assert parsed[1].message.endswith("page.records[1].id: missing")


def test_a_batch_answer_gives_one_result_per_item_and_an_error_fails_only_its_item():
    answer = [
        {"id": 101},
        {"error": {"code": "product_invalid_sku", "message": "Duplicate SKU.", "resource_id": 55}},
        {"error": {"code": "rest_invalid_param", "message": "Invalid price."}},
        {"name": "no id"},
        "garbage",
    ]

    results = batch_results(data=answer, sent=6, path="create", answer_format=WOO_FORMAT)

    assert len(results) == 6
    assert (results[0].remote_id, results[0].error) == ("101", None)
    assert (results[1].remote_id, results[1].exists) == ("55", True)  # "already exists": the create links by SKU
    assert isinstance(results[1].error, VendorValidationError)
    assert results[1].error.messages == ["product_invalid_sku: Duplicate SKU."]
    assert (results[2].exists, results[2].error.messages) == (False, ["rest_invalid_param: Invalid price."])
    assert isinstance(results[3].error, InvalidVendorPayload)
    assert "create[3].id: expected an id" in results[3].error.message
    assert "create[4]: expected an object, got str" in results[4].error.message
    assert "create[5]: the vendor's answer has no result for this item" in results[5].error.message


def test_a_batch_answer_that_cannot_be_matched_to_the_items_fails_as_a_whole():
    with pytest.raises(InvalidVendorPayload, match="update: expected a list"):
        batch_results(data={"update": []}, sent=1, path="update")
    with pytest.raises(InvalidVendorPayload, match="update: 2 answers for 1 items sent"):
        batch_results(data=[{"id": 1}, {"id": 2}], sent=1, path="update")


def test_the_default_format_reads_id_or_error_and_a_plain_text_error():
    results = batch_results(data=[{"id": "a-1"}, {"error": "Out of stock"}, {"id": True}], sent=3)

    assert results[0].remote_id == "a-1"
    assert results[1].error.messages == ["Out of stock"]
    assert isinstance(results[2].error, InvalidVendorPayload)
