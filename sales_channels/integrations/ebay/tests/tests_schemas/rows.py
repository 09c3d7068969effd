"""eBay rows built directly in the database (no sandbox): a seller with two marketplaces, policies and locations."""

from dataclasses import dataclass

from sales_channels.integrations.ebay.models import (
    EbayBusinessPolicy,
    EbayInventoryLocation,
    EbayMarketplaceView,
    EbaySalesChannel,
)

KINDS = ("fulfillment", "payment", "return")


@dataclass
class Seller:
    """A channel, its EBAY_US and EBAY_GB marketplaces."""

    channel: EbaySalesChannel
    us: EbayMarketplaceView
    gb: EbayMarketplaceView


def seller(company, *, name: str = "My eBay", base: int = 100) -> Seller:
    """Policies: US fulfillment {base}1 and {base}2, payment {base}3, return {base}4; GB one of each ({base}5-7).
    Locations: WH-{base}-A and WH-{base}-B. EBAY_US starts with the first of each, NEW, no category."""
    channel = EbaySalesChannel.objects.create(
        multi_tenant_company=company,
        name=name,
        client_id=f"app-{base}",
        client_secret=f"cert-{base}-secret",
        runame=f"runame-{base}",
        access_token=f"v^token-{base}",
        refresh_token=f"v^refresh-{base}",
    )
    own = {"multi_tenant_company": company, "sales_channel": channel}
    us = EbayMarketplaceView.objects.create(
        **own,
        remote_id="EBAY_US",
        name="eBay United States",
        currency="USD",
        content_language="en-US",
        is_default=True,
        fulfillment_policy_id=f"{base}1",
        payment_policy_id=f"{base}3",
        return_policy_id=f"{base}4",
        merchant_location_key=f"WH-{base}-A",
    )
    gb = EbayMarketplaceView.objects.create(
        **own, remote_id="EBAY_GB", name="eBay United Kingdom", currency="GBP", content_language="en-GB"
    )
    for view, kind, remote_id, label in (
        (us, "fulfillment", f"{base}1", "US standard"),
        (us, "fulfillment", f"{base}2", "US express"),
        (us, "payment", f"{base}3", "US payment"),
        (us, "return", f"{base}4", "US 30 days"),
        (gb, "fulfillment", f"{base}5", "GB standard"),
        (gb, "payment", f"{base}6", "GB payment"),
        (gb, "return", f"{base}7", "GB returns"),
    ):
        EbayBusinessPolicy.objects.create(**own, view=view, kind=kind, remote_id=remote_id, name=label)
    for suffix, country in (("A", "US"), ("B", "GB")):
        EbayInventoryLocation.objects.create(
            **own, key=f"WH-{base}-{suffix}", name=f"Warehouse {suffix}", country=country
        )
    return Seller(channel=channel, us=us, gb=gb)
