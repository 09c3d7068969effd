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


def previous_specials(*, price_mirror_ids: list[int], listing_ids: list[int]) -> dict[str, dict[str, Any] | None]:
    """SKU -> the special price last sent for it, by a price push or a product push (two queries).

    Either may be the newer one; a special price either sent is taken (deleting one Magento no longer
    holds is harmless, leaving one behind is not)."""
    found: dict[str, dict[str, Any] | None] = {}
    rows = [
        *RemotePrice.objects.filter(pk__in=[pk for pk in price_mirror_ids if pk]).values_list(
            "last_payload", flat=True
        ),
        *RemoteProduct.objects.filter(pk__in=[pk for pk in listing_ids if pk]).values_list("last_payload", flat=True),
    ]
    for payload in rows:
        special = (payload or {}).get("special")
        if special and not found.get(special["sku"]):
            found[special["sku"]] = special
    return found


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
        previous = previous_specials(
            price_mirror_ids=[mirror.pk], listing_ids=[listing.pk if listing is not None else None]
        )
        failures = save_prices(client=self.client, items=[payload], previous=previous)
        if failures:
            raise VendorValidationError(list(failures.values()))


class Magento2StockSection(StockSection):
    """The available quantity on the channel's MSI source."""

    def build_payload(self, *, quantity) -> dict:
        return payloads.source_item(sku=self.data.sku, source_code=self.channel.source_code, quantity=quantity)

    def push(self, *, mirror, payload) -> None:
        save_stock(client=self.client, channel=self.channel, items=[payload])
