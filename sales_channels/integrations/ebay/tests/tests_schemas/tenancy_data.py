"""eBay rows for the schema-wide tenancy tests (OneSila/tests/tenancy_data.EXTRA_POPULATORS)."""

from products.models import Product
from sales_channels.integrations.ebay.models import (
    EbayBusinessPolicy,
    EbayInventoryLocation,
    EbayMarketplaceView,
    EbayOffer,
    EbaySalesChannel,
)
from sales_channels.models import RemoteProduct


def populate_ebay(*, company) -> None:
    """An eBay channel of `company` holding credentials (which no query may return), its EBAY_US marketplace
    with a policy of each kind, an inventory location, and one listing with its offer."""
    channel = EbaySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Tenancy eBay seller",
        client_id="tenancy-app-id",
        client_secret="tenancy-cert-id",
        runame="tenancy-runame",
        access_token="v^tenancy",
    )
    own = {"multi_tenant_company": company, "sales_channel": channel}
    view = EbayMarketplaceView.objects.create(
        **own,
        remote_id="EBAY_US",
        name="eBay United States",
        currency="USD",
        content_language="en-US",
        fulfillment_policy_id="6200000000",
        payment_policy_id="6200000001",
        return_policy_id="6200000002",
        merchant_location_key="TENANCY-1",
    )
    for offset, kind in enumerate(("fulfillment", "payment", "return")):
        EbayBusinessPolicy.objects.create(
            **own, view=view, kind=kind, remote_id=str(6_200_000_000 + offset), name=f"Tenancy {kind}"
        )
    EbayInventoryLocation.objects.create(**own, key="TENANCY-1", name="Tenancy warehouse", country="US")
    product = Product.objects.filter(multi_tenant_company=company).order_by("pk").first()
    listing = RemoteProduct.objects.create(
        **own, view=view, local_instance=product, remote_id="TENANCY-SKU", remote_sku="TENANCY-SKU"
    )
    EbayOffer.objects.create(multi_tenant_company=company, remote_product=listing, offer_id="tenancy-offer-1")
