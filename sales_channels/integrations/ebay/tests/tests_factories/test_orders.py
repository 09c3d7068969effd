"""eBay order records: any ISO 8601 UTC timestamp is read (real milliseconds included), the filter is eBay's form."""

from datetime import UTC, datetime

import pytest

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.integrations.ebay.factories.imports.orders import ebay_stamp, newest_moment, parse_moment, to_order
from sales_channels.integrations.ebay.sandbox import orders as sandbox_orders


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-08-04T19:09:02.768Z", datetime(2015, 8, 4, 19, 9, 2, 768000, tzinfo=UTC)),
        ("2015-08-04T19:09:02.000Z", datetime(2015, 8, 4, 19, 9, 2, tzinfo=UTC)),
        ("2015-08-04T19:09:02Z", datetime(2015, 8, 4, 19, 9, 2, tzinfo=UTC)),
        ("2015-08-04T19:09:02.7Z", datetime(2015, 8, 4, 19, 9, 2, 700000, tzinfo=UTC)),
        ("2015-08-04T19:09:02.123456789Z", datetime(2015, 8, 4, 19, 9, 2, 123456, tzinfo=UTC)),
        ("2015-08-04T21:09:02.768+02:00", datetime(2015, 8, 4, 19, 9, 2, 768000, tzinfo=UTC)),
    ],
)
def test_any_ebay_timestamp_is_read(value, expected):
    assert parse_moment(value) == expected


@pytest.mark.parametrize("value", ["", None, "2015-08-04", "2015-08-04 19:09:02Z", "2015-13-04T19:09:02.768Z"])
def test_a_non_timestamp_is_an_invalid_payload(value):
    with pytest.raises(InvalidVendorPayload):
        parse_moment(value)


def test_the_filter_stamp_has_milliseconds_cut_never_rounded_up():
    assert ebay_stamp(datetime(2016, 3, 24, tzinfo=UTC)) == "2016-03-24T00:00:00.000Z"
    assert ebay_stamp(datetime(2015, 8, 4, 19, 9, 2, 768999, tzinfo=UTC)) == "2015-08-04T19:09:02.768Z"


def test_the_newest_modification_compares_moments_not_strings():
    # as strings "…02Z" > "…02.768Z"; as moments the fraction is later, and a broken date is skipped
    newest = newest_moment(["2015-08-04T19:09:02Z", "2015-08-04T19:09:02.768Z", "yesterday", None])
    assert newest == datetime(2015, 8, 4, 19, 9, 2, 768000, tzinfo=UTC)
    assert newest_moment(["yesterday"]) is None


def test_an_order_of_the_fulfillment_specs_example_is_read():
    record = {
        "orderId": "1*****2",
        "creationDate": "2015-08-04T19:09:02.768Z",
        "lastModifiedDate": "2015-08-04T19:13:58.000Z",
        "buyer": {"username": "j***_2"},
        "pricingSummary": {"total": {"value": "20.00", "currency": "USD"}},
        "lineItems": [
            {"sku": "S-1", "title": "T", "quantity": 1, "lineItemCost": {"value": "20.00", "currency": "USD"}}
        ],
    }
    order = to_order(record)
    assert order.ordered_at == datetime(2015, 8, 4, 19, 9, 2, 768000, tzinfo=UTC)
    assert order.customer_name == "j***_2"


def test_the_sandbox_emits_real_milliseconds_and_takes_only_ebays_filter_form():
    when = datetime(2026, 3, 24, 10, 0, 0, 768123, tzinfo=UTC)
    made = sandbox_orders.order(number=1, sku="S", title="T", quantity=1, price="1.00", currency="USD", when=when)
    assert made["lastModifiedDate"] == "2026-03-24T10:00:00.768Z"
    same = {made["orderId"]: made}
    assert sandbox_orders.page(same, {"filter": "lastmodifieddate:[2026-03-24T10:00:00.768Z..]"})["total"] == 1
    assert sandbox_orders.page(same, {"filter": "lastmodifieddate:[2026-03-24T10:00:00.769Z..]"})["total"] == 0
    with pytest.raises(sandbox_orders.SandboxError):
        sandbox_orders.page(same, {"filter": "lastmodifieddate:[2026-03-24T10:00:00Z..]"})
