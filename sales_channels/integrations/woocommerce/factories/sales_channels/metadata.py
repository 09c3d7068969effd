"""The metadata pull right after a key is accepted: versions, currency, units, tax classes, the one view.

A WooCommerce store is one view (core WooCommerce is single-language; WPML or Polylang add
languages through plugin-specific parameters this integration does not read). The store currency
becomes the channel's `RemoteCurrency`, mapped to the company currency of the same ISO code.
Versions come from `/system_status`; stores older than `MIN_WC_VERSION` are refused.
"""

from dataclasses import dataclass

from currencies.models import Currency
from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.woocommerce.client import WooCommerceClient
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.models import RemoteCurrency, SalesChannelView

MIN_WC_VERSION = (6, 0)
GTIN_WC_VERSION = (9, 2)  # `global_unique_id` (GTIN, UPC, EAN or ISBN) exists from WooCommerce 9.2
STORE_VIEW_ID = "store"


class UnsupportedStoreVersion(SalesChannelError):
    """The store runs a WooCommerce version this integration does not support."""


def version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in (text or "").split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def supports_gtin(channel: WooCommerceSalesChannel) -> bool:
    return version_tuple(channel.wc_version) >= GTIN_WC_VERSION


@dataclass(frozen=True)
class StoreMetadata:
    """What the pull read from the store."""

    wc_version: str
    wp_version: str
    currency: str
    weight_unit: str
    dimension_unit: str
    tax_classes: list[dict]


def check_version(*, status: dict) -> tuple[str, str]:
    """(WooCommerce version, WordPress version) from /system_status; refuses unsupported stores."""
    environment = status.get("environment") or {}
    wc_version, wp_version = str(environment.get("version") or ""), str(environment.get("wp_version") or "")
    if version_tuple(wc_version) < MIN_WC_VERSION:
        minimum = ".".join(map(str, MIN_WC_VERSION))
        raise UnsupportedStoreVersion(
            f"The store runs WooCommerce {wc_version or 'of an unknown version'}; OneSila needs {minimum} or newer. "
            "Update WooCommerce, then connect again."
        )
    return wc_version, wp_version


def read_metadata(*, client: WooCommerceClient) -> StoreMetadata:
    """Five reads: system status, general and product settings, current currency, tax classes."""
    wc_version, wp_version = check_version(status=client.system_status())
    general = client.settings("general")
    products = client.settings("products")
    currency = client.current_currency().get("code") or general.get("woocommerce_currency") or ""
    return StoreMetadata(
        wc_version=wc_version,
        wp_version=wp_version,
        currency=str(currency),
        weight_unit=str(products.get("woocommerce_weight_unit") or ""),
        dimension_unit=str(products.get("woocommerce_dimension_unit") or ""),
        tax_classes=[{"slug": row.get("slug"), "name": row.get("name")} for row in client.tax_classes()],
    )


def store_metadata(*, channel: WooCommerceSalesChannel, metadata: StoreMetadata) -> None:
    """Write the pull on the channel, its one view and its currency mapping (idempotent)."""
    channel.wc_version = metadata.wc_version
    channel.wp_version = metadata.wp_version
    channel.store_currency = metadata.currency
    channel.weight_unit = metadata.weight_unit
    channel.dimension_unit = metadata.dimension_unit
    channel.tax_classes = metadata.tax_classes
    channel.save(
        update_fields=["wc_version", "wp_version", "store_currency", "weight_unit", "dimension_unit", "tax_classes"]
    )
    company_id = channel.multi_tenant_company_id
    SalesChannelView.objects.update_or_create(
        multi_tenant_company_id=company_id,
        sales_channel=channel,
        remote_id=STORE_VIEW_ID,
        defaults={"name": channel.name, "url": channel.store_url, "is_default": True, "active": True},
    )
    local = Currency.objects.filter(multi_tenant_company_id=company_id, iso_code=metadata.currency).first()
    RemoteCurrency.objects.update_or_create(
        multi_tenant_company_id=company_id,
        sales_channel=channel,
        view=None,
        remote_code=metadata.currency,
        defaults={"local_instance": local},
    )


def pull_metadata(*, channel: WooCommerceSalesChannel, client: WooCommerceClient) -> StoreMetadata:
    metadata = read_metadata(client=client)
    store_metadata(channel=channel, metadata=metadata)
    return metadata
