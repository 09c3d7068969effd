"""The integration registry."""

import pytest

from sales_channels.models import SalesChannel
from sales_channels.registry import (
    Capabilities,
    IntegrationSpec,
    UnknownIntegration,
    find_spec,
    get_spec,
    register,
    spec_for_channel,
    unregister,
)
from sales_channels.services import vendor_label


def make_spec(name="dummy", **kwargs):
    return IntegrationSpec(integration=name, channel_model=SalesChannel, build_client=lambda **kw: None, **kwargs)


def test_register_and_look_up_by_name_and_channel():
    spec = register(make_spec(steps={"product.sync": object}))
    try:
        assert get_spec("dummy") is spec
        assert find_spec("dummy") is spec
        assert spec_for_channel(SalesChannel(integration="dummy")) is spec
        assert spec.step_for("product.sync") is object
        assert not spec.is_marketplace
    finally:
        unregister("dummy")
    assert find_spec("dummy") is None


def test_unknown_integrations_and_usages_are_named_in_the_error():
    with pytest.raises(UnknownIntegration, match="nobody"):
        get_spec("nobody")
    with pytest.raises(KeyError, match="order.ship"):
        make_spec().step_for("order.ship")
    with pytest.raises(KeyError, match="orders"):
        make_spec().processor_for("orders")


def test_specs_are_immutable_and_validated():
    spec = make_spec(steps={"a": object})
    with pytest.raises(TypeError):
        spec.steps["b"] = object
    with pytest.raises(ValueError, match="kind"):
        Capabilities(kind="shop")
    with pytest.raises(ValueError, match="max_batch_size"):
        Capabilities(max_batch_size=0)
    with pytest.raises(ValueError, match="integration"):
        make_spec(name="")
    assert make_spec(capabilities=Capabilities(kind="marketplace")).is_marketplace


@pytest.mark.parametrize(
    ("integration", "label"),
    [
        ("shopify", "Shopify"),
        ("woocommerce", "WooCommerce"),
        ("magento2", "Magento 2"),
        ("amazon", "Amazon"),
        ("ebay", "eBay"),
    ],
)
def test_messages_name_each_vendor_as_a_person_writes_it(integration, label):
    assert vendor_label(spec=get_spec(integration)) == label
