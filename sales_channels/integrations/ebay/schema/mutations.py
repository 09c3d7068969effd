"""eBay channel mutations: create/update (tenant helpers), the consent flow, a marketplace's choices, categories.

Every action takes the company from the request and looks the channel up inside it, so another
company's channel id is "not found". A refused consent is a GraphQL error with the reason (the
channel's `lastConnectionError` keeps it too) and never changes a connected channel's state.
"""

from typing import Any, cast
from urllib.parse import parse_qsl

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import tenant_create, tenant_update
from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.ebay.factories.sales_channels import categories
from sales_channels.integrations.ebay.factories.sales_channels.connect import finish_oauth
from sales_channels.integrations.ebay.factories.sales_channels.oauth import GetEbayRedirectUrlFactory
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbaySalesChannel
from sales_channels.integrations.ebay.schema.inputs import (
    EbayMarketplacePartialInput,
    EbaySalesChannelCreateInput,
    EbaySalesChannelPartialInput,
)
from sales_channels.integrations.ebay.schema.marketplace import CHOICE_FIELDS, ChoicesRefused, update_choices
from sales_channels.integrations.ebay.schema.types import (
    EbayCategoryImport,
    EbayCategoryNode,
    EbayMarketplaceType,
    EbayMarketplaceUpdate,
    EbayRedirectUrl,
    EbaySalesChannelType,
)
from sales_channels.marketplaces.mapping import map_product_type
from sales_channels.schema.mutations import local_product_type, refusals_as_errors


def _channel(info: Info, channel_id: strawberry.ID) -> EbaySalesChannel:
    with refusals_as_errors():
        return services.scoped_row(model=EbaySalesChannel, pk=channel_id, company=get_multi_tenant_company(info))


def _view(channel: EbaySalesChannel, view_id: strawberry.ID) -> EbayMarketplaceView:
    view = EbayMarketplaceView.objects.filter(pk=view_id, sales_channel=channel).first()
    if view is None:
        raise GraphQLError(f"eBay marketplace with id {view_id} was not found.")
    return view


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


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def update_ebay_marketplace(info: Info, data: EbayMarketplacePartialInput) -> EbayMarketplaceUpdate:
    """Check and save the given choices of one marketplace of the company, then resync its listings."""
    company = get_multi_tenant_company(info)
    found = EbayMarketplaceView.objects.filter(multi_tenant_company=company)
    view = found.filter(pk=int(data.id)).first() if str(data.id).isdigit() else None
    if view is None:
        raise GraphQLError(f"eBay marketplace with id {data.id} was not found.")
    changes = {name: getattr(data, name) for name in CHOICE_FIELDS if getattr(data, name) is not strawberry.UNSET}
    try:
        saved = update_choices(view=view, changes=changes, user=get_request_user(info))
    except ChoicesRefused as refused:
        fields = {_camel(name): text for name, text in refused.problems.items()}
        message = "; ".join(f"{name}: {text}" for name, text in fields.items())
        raise GraphQLError(message, extensions={"field": next(iter(fields)), "fields": fields}) from refused
    return EbayMarketplaceUpdate(
        marketplace=cast(EbayMarketplaceType, view),
        changed=[_camel(name) for name in saved.changed],
        queued=saved.queued,
        notes=saved.notes,
    )


def _update_marketplace_field() -> Any:
    field: Any = strawberry.mutation(
        resolver=update_ebay_marketplace,
        description="Choose a marketplace's fulfillment, payment and return policies, inventory location, default "
        "leaf category and item condition (each checked against that marketplace; a refusal names the field and "
        "saves nothing); a change queues a sync of the marketplace's listings.",
    )
    field.tenant_model = EbayMarketplaceView  # the tags core.schema.mutations.tenant_update sets
    field.tenant_kind = "update"
    return field


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
    update_ebay_marketplace: EbayMarketplaceUpdate = _update_marketplace_field()

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

    @strawberry.mutation(
        description="Import an eBay leaf category's aspects into one marketplace (read again only when eBay's tree "
        "version changed), auto-map properties and values, and optionally list a local product type under it."
    )
    def import_ebay_category(
        self,
        info: Info,
        channel_id: strawberry.ID,
        view_id: strawberry.ID,
        category_id: str,
        local_product_type_id: strawberry.ID | None = None,
    ) -> EbayCategoryImport:
        channel = _channel(info, channel_id)
        view = _view(channel, view_id)
        local = local_product_type(company_id=channel.multi_tenant_company_id, value_id=local_product_type_id)
        result = _connect(
            lambda: categories.with_client(
                channel=channel,
                action=lambda client: categories.import_category(client=client, view=view, category_id=category_id),
            )
        )
        if local is not None:
            map_product_type(view=view, local_product_type=local, schema=result.schema)
        return EbayCategoryImport(
            category_id=category_id,
            downloaded=result.downloaded,
            mapped_aspects=sorted(result.automap.mapped),
            unmapped_required=result.missing,
        )

    @strawberry.mutation(
        description="The children of a category (the root's without parentId) in a marketplace's default tree, "
        "read from eBay's Taxonomy API: pick a leaf for importEbayCategory."
    )
    def browse_ebay_categories(
        self, info: Info, channel_id: strawberry.ID, view_id: strawberry.ID, parent_id: str = ""
    ) -> list[EbayCategoryNode]:
        channel = _channel(info, channel_id)
        view = _view(channel, view_id)
        nodes = _connect(
            lambda: categories.with_client(
                channel=channel,
                action=lambda client: categories.browse_categories(client=client, view=view, parent_id=parent_id),
            )
        )
        return [EbayCategoryNode(category_id=n.category_id, name=n.name, leaf=n.leaf, level=n.level) for n in nodes]
