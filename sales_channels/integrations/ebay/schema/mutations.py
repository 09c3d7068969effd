"""eBay channel mutations: create/update (tenant helpers), then the consent flow.

Every action takes the company from the request and looks the channel up inside it, so another
company's channel id is "not found". A refused consent is a GraphQL error with the reason (the
channel's `lastConnectionError` keeps it too) and never changes a connected channel's state.
"""

from urllib.parse import parse_qsl

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company
from core.schema.mutations import tenant_create, tenant_update
from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.ebay.factories.sales_channels.connect import finish_oauth
from sales_channels.integrations.ebay.factories.sales_channels.oauth import GetEbayRedirectUrlFactory
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.integrations.ebay.schema.inputs import EbaySalesChannelCreateInput, EbaySalesChannelPartialInput
from sales_channels.integrations.ebay.schema.types import EbayRedirectUrl, EbaySalesChannelType
from sales_channels.schema.mutations import refusals_as_errors


def _channel(info: Info, channel_id: strawberry.ID) -> EbaySalesChannel:
    with refusals_as_errors():
        return services.scoped_row(model=EbaySalesChannel, pk=channel_id, company=get_multi_tenant_company(info))


def _connect(run):
    try:
        return run()
    except SalesChannelError as error:
        raise GraphQLError(error.message) from error


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
    """Create and change eBay channels; connect them through eBay's consent (authorization code)."""

    create_ebay_sales_channel: EbaySalesChannelType = tenant_create(
        model=EbaySalesChannel,
        input_type=EbaySalesChannelCreateInput,
        output_type=EbaySalesChannelType,
        description="Create an eBay channel with its keyset; connect it next with getEbayRedirectUrl.",
    )
    update_ebay_sales_channel: EbaySalesChannelType = tenant_update(
        model=EbaySalesChannel,
        input_type=EbaySalesChannelPartialInput,
        output_type=EbaySalesChannelType,
        description="Change an eBay channel's name, keyset, marketplaces or ship-from address.",
    )

    @strawberry.mutation(description="Start the consent: a fresh single-use state and eBay's consent URL.")
    def get_ebay_redirect_url(self, info: Info, channel_id: strawberry.ID) -> EbayRedirectUrl:
        channel = _channel(info, channel_id)
        return EbayRedirectUrl(redirect_url=_connect(lambda: GetEbayRedirectUrlFactory(channel=channel).run()))

    @strawberry.mutation(
        description="Finish the consent with the callback's query (queryString, or params as an object): checks "
        "its state, exchanges the code and pulls the marketplaces, policies and locations."
    )
    def validate_ebay_auth(
        self, info: Info, channel_id: strawberry.ID, query_string: str | None = None, params: JSON | None = None
    ) -> EbaySalesChannelType:
        channel = _channel(info, channel_id)
        found = _callback_params(query_string=query_string, params=params)
        return _connect(lambda: finish_oauth(channel=channel, query_params=found))
