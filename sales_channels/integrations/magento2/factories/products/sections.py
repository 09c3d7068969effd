"""Prices (`/V1/products/base-prices`, per-item failures; special prices from price lists, see
`prices/special_prices.py`) and stock (MSI source items, else the stock item)."""

from typing import Any

from sales_channels.exceptions import VendorValidationError
from sales_channels.factories.products.sections import PricesSection, StockSection
from sales_channels.factories.sections import Item
from sales_channels.integrations.magento2.client import Magento2Client, render
from sales_channels.integrations.magento2.factories.prices.special_prices import save_specials, split_price, window_for
from sales_channels.integrations.magento2.factories.products import payloads
from sales_channels.models import RemotePrice, RemoteProduct


def price_failures(answer: Any) -> dict[str, str]:
    """SKU -> Magento's message for each price the base-prices answer refused (the others were saved)."""
    failures: dict[str, str] = {}
    for failure in answer if isinstance(answer, list) else []:
        parameters = failure.get("parameters") or []
        text = render(failure.get("message", ""), parameters)
        for value in parameters if isinstance(parameters, list) else parameters.values():
            failures.setdefault(str(value), text)
    return failures


def save_prices(
    *, client: Magento2Client, items: list[dict[str, Any]], previous: dict[str, dict[str, Any] | None]
) -> dict[str, str]:
    """Base prices in one call, then the special prices that changed (see `save_specials`); SKU -> refusal."""
    prices = [{k: v for k, v in item.items() if k not in ("currency", "special")} for item in items]
    failures = price_failures(client.post("products/base-prices", body={"prices": prices}))
    wanted = {item["sku"]: item.get("special") for item in items}
    for sku, message in save_specials(client=client, wanted=wanted, previous=previous).items():
        failures.setdefault(sku, message)
    return failures


def previous_specials(*, listing_ids: list[int]) -> dict[str, dict[str, Any] | None]:
    """SKU -> the special price Magento holds as far as OneSila knows (two queries).

    A listing's special price is sent by a price push (its price mirror) or a product push (the listing's
    mirror): the newer of the two, by when it was synced, tells what was sent last."""
    ids = [pk for pk in listing_ids if pk]
    if not ids:
        return {}
    rows = [
        (synced, payload, (payload or {}).get("sku"))
        for synced, payload in RemotePrice.objects.filter(remote_product_id__in=ids)
        .exclude(last_payload=None)
        .values_list("last_synced_at", "last_payload")
    ]
    rows += [
        (synced, payload, ((payload or {}).get("product") or {}).get("sku"))
        for synced, payload in RemoteProduct.objects.filter(pk__in=ids)
        .exclude(last_payload=None)
        .values_list("last_synced_at", "last_payload")
    ]
    newest: dict[str, tuple] = {}
    for synced, payload, sku in rows:
        if not sku or synced is None:
            continue
        if sku not in newest or synced > newest[sku][0]:
            newest[sku] = (synced, (payload or {}).get("special"))
    return {sku: special for sku, (_, special) in newest.items()}


def save_stock(*, client: Magento2Client, channel, items: list[dict[str, Any]]) -> None:
    """Quantities through MSI source items (one call for all), or each SKU's legacy stock item."""
    if channel.msi_enabled:
        client.post("inventory/source-items", body={"sourceItems": items})
        return
    for item in items:
        stock = {"qty": item["quantity"], "is_in_stock": item["status"] == 1}
        client.put(f"products/{item['sku']}/stockItems/1", body={"stockItem": stock})


class Magento2PricesSection(PricesSection):
    """The price in the store's base currency (the website price scope is global by default)."""

    def items(self) -> list[Item]:
        base = (self.channel.base_currency or "").upper()
        return [item for item in super().items() if item[2]["currency"] == base]

    def build_payload(self, *, currency, price) -> dict:
        window = window_for(context=self.context, product_id=self.data.id, currency_id=currency.pk)
        amount, special = split_price(sku=self.data.sku, resolved=price, window=window)
        payload = {"currency": currency.iso_code.upper(), **payloads.base_price(sku=self.data.sku, price=amount)}
        if special is not None:
            payload["special"] = special
        return payload

    def push(self, *, mirror, payload) -> None:
        listing = self.remote_product
        previous = previous_specials(listing_ids=[listing.pk] if listing is not None else [])
        failures = save_prices(client=self.client, items=[payload], previous=previous)
        if failures:
            raise VendorValidationError(list(failures.values()))


class Magento2StockSection(StockSection):
    """The available quantity on the channel's MSI source."""

    def build_payload(self, *, quantity) -> dict:
        return payloads.source_item(sku=self.data.sku, source_code=self.channel.source_code, quantity=quantity)

    def push(self, *, mirror, payload) -> None:
        save_stock(client=self.client, channel=self.channel, items=[payload])
