"""Shopify channel mutations: create/update (tenant helpers), then the connect actions.

Every action takes the company from the request and looks the channel up inside it, so another
company's channel id is "not found". A refused connection (bad callback, rejected token) is a
GraphQL error with the reason; the channel's `lastConnectionError` keeps it too. A refused
`createShopifySalesChannel` (its admin credential rejected) leaves no channel behind, and a refused
`validateShopifyAuth` never changes the state of a channel that is connected.
"""

from urllib.parse import parse_qsl

import strawberry
from django.db import transaction
from graphql import GraphQLError
from strawberry.scalars import JSON
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import apply_input, save_validated, tenant_update
from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.shopify.factories.sales_channels.client_credentials import (
    ConnectShopifyClientCredentialsFactory,
)
from sales_channels.integrations.shopify.factories.sales_channels.connect import finish_oauth
from sales_channels.integrations.shopify.factories.sales_channels.custom_app import ConnectShopifyCustomAppFactory
from sales_channels.integrations.shopify.factories.sales_channels.oauth import GetShopifyRedirectUrlFactory
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.schema.inputs import (
    ShopifySalesChannelCreateInput,
    ShopifySalesChannelPartialInput,
)
from sales_channels.integrations.shopify.schema.types import ShopifyRedirectUrl, ShopifySalesChannelType
from sales_channels.schema.mutations import refusals_as_errors


def _channel(info: Info, channel_id: strawberry.ID) -> ShopifySalesChannel:
    with refusals_as_errors():
        return services.scoped_row(model=ShopifySalesChannel, pk=channel_id, company=get_multi_tenant_company(info))


def _connect(run) -> ShopifySalesChannel:
    try:
        return run()
    except SalesChannelError as error:
        raise GraphQLError(error.message) from error


def create_shopify_sales_channel(info: Info, data: ShopifySalesChannelCreateInput) -> ShopifySalesChannelType:
    """Create the channel in the request user's company; with an admin credential, check and store it."""
    company = get_multi_tenant_company(info)
    user = get_request_user(info)
    admin_credential = data.access_token or ""
    data.access_token = strawberry.UNSET
    channel = ShopifySalesChannel(
        multi_tenant_company=company, created_by_multi_tenant_user=user, last_update_by_multi_tenant_user=user
    )
    apply_input(instance=channel, data=data, company=company)
    with transaction.atomic():  # a refused credential rolls the new channel back: a failed connect creates nothing
        save_validated(instance=channel)
        if admin_credential:
            _connect(lambda: ConnectShopifyCustomAppFactory(channel=channel, access_token=admin_credential).run())
    return channel


def _create_field():
    field = strawberry.mutation(
        resolver=create_shopify_sales_channel,
        description="Create a Shopify channel; connect it next with getShopifyRedirectUrl (OAuth) or "
        "adminApiCredential (custom app).",
    )
    # The same tags core.schema.mutations.tenant_create sets, so the schema-wide tenancy test checks it.
    field.tenant_model = ShopifySalesChannel
    field.tenant_kind = "create"
    return field


def _callback_params(*, query_string: str | None, params: JSON | None) -> dict[str, str]:
    if params is not None and not isinstance(params, dict):
        raise GraphQLError("params must be an object of the callback's query parameters.")
    found = dict(parse_qsl((query_string or "").lstrip("?"), keep_blank_values=True))
    found.update({str(key): str(value) for key, value in (params or {}).items()})
    if not found:
        raise GraphQLError("Give the callback's queryString or params.")
    return found


@strawberry.type
class Mutation:
    """Create and change Shopify channels; connect them through OAuth, client credentials or a legacy custom app."""

    create_shopify_sales_channel: ShopifySalesChannelType = _create_field()
    update_shopify_sales_channel: ShopifySalesChannelType = tenant_update(
        model=ShopifySalesChannel,
        input_type=ShopifySalesChannelPartialInput,
        output_type=ShopifySalesChannelType,
        description="Change a Shopify channel's name, shop domain, app id or credential.",
    )

    @strawberry.mutation(description="Start OAuth: a fresh single-use state and the shop's authorize URL.")
    def get_shopify_redirect_url(
        self, info: Info, channel_id: strawberry.ID, redirect_uri: str | None = None
    ) -> ShopifyRedirectUrl:
        channel = _channel(info, channel_id)
        url = _connect(lambda: GetShopifyRedirectUrlFactory(channel=channel, redirect_uri=redirect_uri).run())
        return ShopifyRedirectUrl(redirect_url=url)

    @strawberry.mutation(
        description="Finish OAuth with the callback's query (queryString, or params as an object): checks its "
        "signature, state and shop, exchanges the code and pulls the shop's metadata."
    )
    def validate_shopify_auth(
        self, info: Info, channel_id: strawberry.ID, query_string: str | None = None, params: JSON | None = None
    ) -> ShopifySalesChannelType:
        channel = _channel(info, channel_id)
        found = _callback_params(query_string=query_string, params=params)
        return _connect(lambda: finish_oauth(channel=channel, query_params=found))

    @strawberry.mutation(
        description="Connect a Dev-Dashboard custom app with the client-credentials grant (its client id and "
        "credential on the channel): a 24 h token, renewed before it expires."
    )
    def connect_shopify_client_credentials(self, info: Info, channel_id: strawberry.ID) -> ShopifySalesChannelType:
        channel = _channel(info, channel_id)
        return _connect(lambda: ConnectShopifyClientCredentialsFactory(channel=channel).run())

    @strawberry.mutation(
        description="Connect an existing legacy custom app (created in the shop admin before 2026-01-01) with its "
        "static Admin API credential (checked, then stored)."
    )
    def connect_shopify_custom_app(
        self, info: Info, channel_id: strawberry.ID, admin_api_credential: str
    ) -> ShopifySalesChannelType:
        channel = _channel(info, channel_id)
        return _connect(
            lambda: ConnectShopifyCustomAppFactory(channel=channel, access_token=admin_api_credential).run()
        )
