"""Prices (`/V1/products/base-prices`, per-item failures) and stock (MSI source items, else the stock item)."""

from typing import Any

from sales_channels.exceptions import VendorValidationError
from sales_channels.factories.products.sections import PricesSection, StockSection
from sales_channels.factories.sections import Item
from sales_channels.integrations.magento2.client import Magento2Client, render
from sales_channels.integrations.magento2.factories.products import payloads


def price_failures(answer: Any) -> dict[str, str]:
    """SKU -> Magento's message for each price the base-prices answer refused (the others were saved)."""
    failures: dict[str, str] = {}
    for failure in answer if isinstance(answer, list) else []:
        parameters = failure.get("parameters") or []
        text = render(failure.get("message", ""), parameters)
        for value in parameters if isinstance(parameters, list) else parameters.values():
            failures.setdefault(str(value), text)
    return failures


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
        return {"currency": currency.iso_code.upper(), **payloads.base_price(sku=self.data.sku, price=price.price)}

    def push(self, *, mirror, payload) -> None:
        item = {key: value for key, value in payload.items() if key != "currency"}
        failures = price_failures(self.client.post("products/base-prices", body={"prices": [item]}))
        if failures:
            raise VendorValidationError(list(failures.values()))


class Magento2StockSection(StockSection):
    """The available quantity on the channel's MSI source."""

    def build_payload(self, *, quantity) -> dict:
        return payloads.source_item(sku=self.data.sku, source_code=self.channel.source_code, quantity=quantity)

    def push(self, *, mirror, payload) -> None:
        save_stock(client=self.client, channel=self.channel, items=[payload])
