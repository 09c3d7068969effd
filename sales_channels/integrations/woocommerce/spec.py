"""The WooCommerce IntegrationSpec: channel model, client, steps, batch steps, import, connect flow."""

from dataclasses import replace

from sales_channels.connection import mark_disconnected
from sales_channels.exceptions import AuthExpired
from sales_channels.integrations.woocommerce.client import KEY_REFUSED, WooCommerceClient
from sales_channels.integrations.woocommerce.demo import run_woocommerce_demo
from sales_channels.integrations.woocommerce.demo_sandbox import SANDBOX_SPEC
from sales_channels.integrations.woocommerce.factories.imports.products import WooCommerceProductsImport
from sales_channels.integrations.woocommerce.factories.orders.imports import WooCommerceOrdersImport
from sales_channels.integrations.woocommerce.factories.products.steps import BATCH_STEPS, STEPS
from sales_channels.integrations.woocommerce.factories.sales_channels.connect import CONNECT_SPEC
from sales_channels.integrations.woocommerce.factories.sales_channels.webhooks import WOOCOMMERCE_WEBHOOKS
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.integrations.woocommerce.soak import connect_to_sandbox, start_sandbox
from sales_channels.registry import Capabilities, IntegrationSpec


def build_client(*, channel: WooCommerceSalesChannel, session) -> WooCommerceClient:
    """The client of one store on the channel's shared session."""
    channel = channel.specific
    return WooCommerceClient(
        store_url=channel.home_url,
        consumer_key=channel.consumer_key,
        consumer_secret=channel.consumer_secret,
        session=session,
    )


def refresh_credentials(*, channel: WooCommerceSalesChannel) -> None:
    """WooCommerce keys never expire: a 401 means the key is gone. Mark the channel disconnected and say why."""
    mark_disconnected(channel=channel, reason=KEY_REFUSED)
    raise AuthExpired(KEY_REFUSED)


WOOCOMMERCE_SPEC = IntegrationSpec(
    integration=WooCommerceSalesChannel.INTEGRATION,
    label="WooCommerce",
    channel_model=WooCommerceSalesChannel,
    build_client=build_client,
    steps=STEPS,
    batch_steps=BATCH_STEPS,
    import_processors={"products": WooCommerceProductsImport, "orders": WooCommerceOrdersImport},
    capabilities=Capabilities(kind="storefront", supports_bulk=True, max_batch_size=100),
    refresh_credentials=refresh_credentials,
    connect=CONNECT_SPEC,
    webhooks=WOOCOMMERCE_WEBHOOKS,
    demo=run_woocommerce_demo,
    sandbox=replace(SANDBOX_SPEC, soak_start=start_sandbox, soak_connect=connect_to_sandbox),
)
