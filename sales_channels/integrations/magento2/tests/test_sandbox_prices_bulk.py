"""The sandbox's special-price routes (per-item failures as Magento's price storage) and `GET /V1/bulk` over
several bulks (Magento 2.4 fails when two operations of the answer share an index)."""

from sales_channels.integrations.magento2.sandbox import Magento2Sandbox
from sales_channels.integrations.magento2.tests.sandbox_calls import SignedCalls

ROW = "Row ID: SKU = %SKU, Store ID: %storeId, Price From: %priceFrom, Price To: %priceTo."


def special(sku: str, price: float = 9.0, **extra) -> dict:
    return {"sku": sku, "store_id": 0, "price": price, "price_from": "2026-12-01 00:00:00", "price_to": "", **extra}


def test_special_prices_are_set_per_item_and_a_delete_removes_price_and_dates():
    with Magento2Sandbox(consumer_delay=0) as sandbox:
        calls = SignedCalls(sandbox)
        failed = calls.json(
            "POST",
            "/rest/all/V1/products/special-price",
            body={"prices": [special("MUG-001"), special("NOPE"), special("CAP-001", price=-1),
                             {**special("CAP-001"), "price_to": "24/12/2026"}]},
        )  # fmt: skip
        shown = {c["attribute_code"]: c["value"] for c in calls.json("GET", "/rest/all/V1/products/MUG-001")[
            "custom_attributes"]}  # fmt: skip
        unknown = calls.call("POST", "/rest/all/V1/products/special-price", body={"prices": [{**special("A"), "x": 1}]})
        deleted = calls.json(
            "POST", "/rest/all/V1/products/special-price-delete", body={"prices": [special("MUG-001", price=1.0)]}
        )
        after = calls.json("POST", "/rest/all/V1/products/special-price-information", body={"skus": ["MUG-001"]})
    assert [f["message"] for f in failed] == [
        "The product that was requested doesn't exist. Verify the product and try again. " + ROW,
        "Invalid attribute Price = %price. " + ROW,
        "Invalid attribute %label = %priceTo. " + ROW,
    ]
    assert failed[0]["parameters"] == ["NOPE", "0", "2026-12-01 00:00:00", ""]
    assert (shown["special_price"], shown["special_from_date"]) == ("9.000000", "2026-12-01 00:00:00")
    assert "special_to_date" not in shown
    assert unknown.status_code == 400
    assert deleted == []
    assert after == []


def test_a_bulk_search_whose_answer_holds_two_operations_with_the_same_index_fails():
    with Magento2Sandbox(consumer_delay=60) as sandbox:
        calls = SignedCalls(sandbox)
        first = calls.json("POST", "/rest/all/async/bulk/V1/products/bySku/media", body=[{"sku": "MUG-001"}])
        second = calls.json("POST", "/rest/all/async/bulk/V1/products/bySku/media", body=[{"sku": "CAP-001"}])
        both = {
            "searchCriteria[filterGroups][0][filters][0][field]": "bulk_uuid",
            "searchCriteria[filterGroups][0][filters][0][value]": f"{first['bulk_uuid']},{second['bulk_uuid']}",
            "searchCriteria[filterGroups][0][filters][0][conditionType]": "in",
        }
        one = {**both, "searchCriteria[filterGroups][0][filters][0][value]": first["bulk_uuid"]}
        failed = calls.call("GET", "/rest/all/V1/bulk", params=both)
        alone = calls.json("GET", "/rest/all/V1/bulk", params=one)
    assert failed.status_code == 500
    assert failed.json()["message"].startswith("Internal Error.")
    assert [item["id"] for item in alone["items"]] == [0]
