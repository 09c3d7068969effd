"""The Magento2 app registers its integration spec with the framework."""

from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.registry import get_spec


def test_spec_is_registered_for_the_channel_model():
    spec = get_spec("magento2")
    assert spec.channel_model is Magento2SalesChannel
    assert spec.capabilities.kind == "storefront"
