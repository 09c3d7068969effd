"""WooCommerce channel mutations: create/update (tenant helpers), connect by keys, start key provisioning.

Every action looks the channel up inside the request user's company, so another company's channel
id is "not found". A refused key is a GraphQL error with the reason; a refused
`createWooCommerceSalesChannel` (its key rejected) leaves no channel behind.
"""

from typing import Annotated

import strawberry
from django.db import transaction
from graphql import GraphQLError
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import apply_input, save_validated, tenant_update
from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.woocommerce.factories.sales_channels.connect import (
    CALLBACK_URL_NAME,
    RETURN_URL_NAME,
    authorize_url,
    connect_with_keys,
    public_url,
)
from sales_channels.integrations.woocommerce.models import WooCommerceSalesChannel
from sales_channels.integrations.woocommerce.schema.inputs import (
    SIGNING_KEY_HELP,
    WooCommerceSalesChannelCreateInput,
    WooCommerceSalesChannelPartialInput,
)
from sales_channels.integrations.woocommerce.schema.types import WooCommerceAuthorizeUrl, WooCommerceSalesChannelType
from sales_channels.schema.mutations import refusals_as_errors


def _channel(info: Info, channel_id: strawberry.ID) -> WooCommerceSalesChannel:
    with refusals_as_errors():
        return services.scoped_row(model=WooCommerceSalesChannel, pk=channel_id, company=get_multi_tenant_company(info))


def _connect(run) -> None:
    try:
        run()
    except SalesChannelError as error:
        raise GraphQLError(error.message) from error


def create_woocommerce_sales_channel(
    info: Info, data: WooCommerceSalesChannelCreateInput
) -> WooCommerceSalesChannelType:
    """Create the channel in the request user's company; with a key pair, check and store it."""
    company = get_multi_tenant_company(info)
    user = get_request_user(info)
    key, secret = data.consumer_key or "", data.consumer_secret or ""
    data.consumer_key = data.consumer_secret = strawberry.UNSET
    channel = WooCommerceSalesChannel(
        multi_tenant_company=company, created_by_multi_tenant_user=user, last_update_by_multi_tenant_user=user
    )
    apply_input(instance=channel, data=data, company=company)
    with transaction.atomic():  # a refused key rolls the new channel back: a failed connect creates nothing
        save_validated(instance=channel)
        if key or secret:
            _connect(lambda: connect_with_keys(channel=channel, consumer_key=key, consumer_secret=secret))
    return channel


def _create_field():
    field = strawberry.mutation(
        resolver=create_woocommerce_sales_channel,
        description="Create a WooCommerce channel; with consumerKey and consumerSigningKey it connects at once, "
        "else connect it with startWooCommerceKeyProvisioning.",
    )
    field.tenant_model = WooCommerceSalesChannel  # the tags tenant_create sets: the tenancy test checks it
    field.tenant_kind = "create"
    return field


@strawberry.type
class Mutation:
    """Create and change WooCommerce channels; connect them with a key pair or the store's key provisioning."""

    create_woocommerce_sales_channel: WooCommerceSalesChannelType = _create_field()
    update_woocommerce_sales_channel: WooCommerceSalesChannelType = tenant_update(
        model=WooCommerceSalesChannel,
        input_type=WooCommerceSalesChannelPartialInput,
        output_type=WooCommerceSalesChannelType,
        description="Change a WooCommerce channel's name, active flag or store URL.",
    )

    @strawberry.mutation(description="Check a REST API key pair with one read call, store it and pull the metadata.")
    def connect_woocommerce_keys(
        self,
        info: Info,
        channel_id: strawberry.ID,
        consumer_key: str,
        consumer_signing_key: Annotated[str, strawberry.argument(description=SIGNING_KEY_HELP)],
    ) -> WooCommerceSalesChannelType:
        channel = _channel(info, channel_id)
        _connect(
            lambda: connect_with_keys(channel=channel, consumer_key=consumer_key, consumer_secret=consumer_signing_key)
        )
        return channel

    @strawberry.mutation(
        description="Start the store's key provisioning: the /wc-auth/v1/authorize URL to send the merchant to; "
        "the store then POSTs the keys to this server's callback."
    )
    def start_woocommerce_key_provisioning(self, info: Info, channel_id: strawberry.ID) -> WooCommerceAuthorizeUrl:
        channel = _channel(info, channel_id)
        request = info.context.request
        url = authorize_url(
            channel=channel,
            return_url=public_url(request=request, name=RETURN_URL_NAME) + f"?channel={channel.pk}",
            callback_url=public_url(request=request, name=CALLBACK_URL_NAME),
        )
        return WooCommerceAuthorizeUrl(authorize_url=url)
