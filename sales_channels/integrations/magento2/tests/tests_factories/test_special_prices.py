"""Special prices: the split of a resolved price, when a delete is needed, Magento's failures, and the calls
(`responses`): nothing when unchanged, a delete before a set that loses a date, per-SKU refusals."""

import datetime
import json
from decimal import Decimal

import pytest
import responses
from django.utils import timezone

from sales_channels.http import VendorSession
from sales_channels.integrations.magento2.client import Credentials, Magento2Client
from sales_channels.integrations.magento2.factories.prices.special_prices import (
    ListWindow,
    failures_by_sku,
    needs_delete,
    save_specials,
    split_price,
)
from sales_channels.integrations.magento2.factories.products.sections import previous_specials
from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.models import RemotePrice, RemoteProduct
from sales_channels.tests import catalog
from sales_prices.pricing import ResolvedPrice

BASE = "https://shop.example.com"
pytestmark = pytest.mark.django_db
WINDOW = ListWindow(regular=Decimal("20.00"), start=datetime.date(2026, 12, 1), end=datetime.date(2026, 12, 24))
SPECIAL = {
    "sku": "A",
    "store_id": 0,
    "price": 15.0,
    "price_from": "2026-12-01 00:00:00",
    "price_to": "2026-12-24 23:59:59",
}


def client() -> Magento2Client:
    session = VendorSession(company_id=1, sales_channel_id=1, log_calls=False, sleep=lambda s: None)
    return Magento2Client(base_url=BASE, session=session, credentials=Credentials("k", "s", "t", "ts"))


def test_a_price_list_below_the_own_price_is_a_special_price_with_the_lists_days():
    listed = ResolvedPrice(price=Decimal("15.00"), rrp=None, source="price_list")
    assert split_price(sku="A", resolved=listed, window=WINDOW) == (Decimal("20.00"), SPECIAL)
    open_ended = ListWindow(regular=Decimal("20.00"), start=None, end=None)
    _, special = split_price(sku="A", resolved=listed, window=open_ended)
    assert (special["price_from"], special["price_to"]) == ("", "")


@pytest.mark.parametrize(
    ("resolved", "window"),
    [
        (ResolvedPrice(price=Decimal("15.00"), rrp=None, source="sales_price"), WINDOW),
        (ResolvedPrice(price=Decimal("25.00"), rrp=None, source="price_list"), WINDOW),  # above the own price
        (ResolvedPrice(price=Decimal("15.00"), rrp=None, source="price_list"), None),
    ],
)
def test_otherwise_the_resolved_price_is_the_price_and_there_is_no_special_price(resolved, window):
    assert split_price(sku="A", resolved=resolved, window=window) == (resolved.price, None)


def test_a_delete_is_needed_when_the_special_price_goes_or_loses_a_date():
    assert needs_delete(new=None, previous=SPECIAL)
    assert needs_delete(new={**SPECIAL, "price_to": ""}, previous=SPECIAL)
    assert not needs_delete(new={**SPECIAL, "price": 14.0}, previous=SPECIAL)
    assert not needs_delete(new=SPECIAL, previous=None)
    assert not needs_delete(new=None, previous=None)


def test_failures_are_named_by_sku_with_the_message_filled_in():
    answer = [
        {
            "message": "Invalid attribute Price = %price. Row ID: SKU = %SKU, Store ID: %storeId, "
            "Price From: %priceFrom, Price To: %priceTo.",
            "parameters": ["-1", "A", "0", "", ""],
        },
        {"message": "Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.", "parameters": {
            "SKU": "B", "storeId": "9", "priceFrom": "", "priceTo": ""}},
    ]  # fmt: skip
    assert failures_by_sku(answer) == {
        "A": "Invalid attribute Price = -1. Row ID: SKU = A, Store ID: 0, Price From: , Price To: .",
        "B": "Requested store is not found. Row ID: SKU = B, Store ID: 9.",
    }


@responses.activate
def test_unchanged_special_prices_make_no_call():
    assert save_specials(client=client(), wanted={"A": SPECIAL, "B": None}, previous={"A": SPECIAL}) == {}
    assert len(responses.calls) == 0


@responses.activate
def test_a_lost_date_deletes_first_then_sets_and_refusals_come_back_by_sku():
    responses.post(f"{BASE}/rest/all/V1/products/special-price-delete", json=[])
    responses.post(
        f"{BASE}/rest/all/V1/products/special-price",
        json=[{"message": "The product that was requested doesn't exist. Row ID: SKU = %SKU, Store ID: %storeId, "
               "Price From: %priceFrom, Price To: %priceTo.", "parameters": ["GONE", "0", "", ""]}],
    )  # fmt: skip
    open_ended = {**SPECIAL, "price_to": ""}
    gone = {**SPECIAL, "sku": "GONE"}
    refused = save_specials(
        client=client(), wanted={"A": open_ended, "GONE": gone, "C": None}, previous={"A": SPECIAL, "C": None}
    )
    assert [call.request.url.rsplit("/", 1)[-1] for call in responses.calls] == [
        "special-price-delete",
        "special-price",
    ]
    assert json.loads(responses.calls[0].request.body) == {"prices": [SPECIAL]}
    assert json.loads(responses.calls[1].request.body) == {"prices": [open_ended, gone]}
    assert list(refused) == ["GONE"]


def test_what_magento_holds_is_the_newer_of_the_price_push_and_the_product_push(company):
    channel = Magento2SalesChannel.objects.create(multi_tenant_company=company, name="S", base_url=BASE)
    euro = catalog.currency(company, iso="EUR")
    product = catalog.product(company, "A")
    now = timezone.now()
    listing = RemoteProduct.objects.create(
        multi_tenant_company=company, sales_channel=channel, local_instance=product, remote_id="A",
        last_synced_at=now - datetime.timedelta(hours=1), last_payload={"product": {"sku": "A"}, "special": SPECIAL},
    )  # fmt: skip
    price = RemotePrice.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_product=listing, currency=euro, remote_id="A",
        last_synced_at=now, last_payload={"sku": "A", "price": 20.0, "store_id": 0},
    )  # fmt: skip
    assert previous_specials(listing_ids=[listing.pk]) == {"A": None}  # the later price push sent none
    RemotePrice.objects.filter(pk=price.pk).update(last_synced_at=now - datetime.timedelta(hours=2))
    assert previous_specials(listing_ids=[listing.pk]) == {"A": SPECIAL}
    assert previous_specials(listing_ids=[]) == {}
