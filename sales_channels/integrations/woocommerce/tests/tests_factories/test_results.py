"""Batch item answers become per-listing results: ids, duplicate SKUs linked, errors kept per item."""

from sales_channels.exceptions import RemoteObjectMissing, VendorValidationError
from sales_channels.integrations.woocommerce.factories.products.steps import item_result


def test_a_created_item_gives_its_id():
    result = item_result({"id": 12, "sku": "A"}, creating=True)
    assert (result.remote_id, result.error, result.exists) == ("12", None, False)


def test_a_duplicate_sku_on_create_is_linked_to_the_holder():
    error = {"code": "product_invalid_sku", "message": "Invalid or duplicated SKU.", "data": {"resource_id": 101}}
    result = item_result({"id": 0, "error": error}, creating=True)
    assert (result.exists, result.remote_id, result.error) == (True, "101", None)


def test_a_duplicate_sku_on_update_is_an_error_of_that_item():
    error = {"code": "product_invalid_sku", "message": "Invalid or duplicated SKU.", "data": {"resource_id": 101}}
    result = item_result({"id": 5, "error": error}, creating=False)
    assert isinstance(result.error, VendorValidationError)
    assert result.error.messages == ["Invalid or duplicated SKU."]


def test_an_invalid_parameter_keeps_the_store_s_reason():
    error = {
        "code": "rest_invalid_param",
        "message": "Invalid parameter(s): regular_price",
        "data": {"status": 400, "params": {"regular_price": "regular_price is not of type string."}},
    }
    result = item_result({"id": 0, "error": error}, creating=True)
    assert result.error.messages == [
        "Invalid parameter(s): regular_price",
        "regular_price: regular_price is not of type string.",
    ]


def test_an_update_of_a_product_deleted_on_the_store_is_missing():
    error = {"code": "woocommerce_rest_product_invalid_id", "message": "Invalid ID.", "data": {"status": 400}}
    assert isinstance(item_result({"id": 9, "error": error}, creating=False).error, RemoteObjectMissing)


def test_an_unreadable_item_is_an_error():
    assert isinstance(item_result("oops", creating=True).error, VendorValidationError)
