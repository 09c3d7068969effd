"""The WooCommerce app registers its integration spec with the framework."""

from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.registry import get_spec


def test_spec_is_registered_for_the_channel_model():
    spec = get_spec("woocommerce")
    assert spec.channel_model is WooCommerceSalesChannel
    assert spec.capabilities.kind == "storefront"
