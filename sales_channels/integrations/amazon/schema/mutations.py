"""Amazon channel mutations: create, connect (consent or a pasted authorization), product types, notifications.

Every action takes the company from the request and looks the channel (and view) up inside it, so
another company's id is "not found". A refused connection is a GraphQL error with the reason; the
channel's `lastConnectionError` keeps it too.
"""

from urllib.parse import parse_qsl

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import apply_input, save_validated
from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.amazon.factories.auth import (
    connect_with_refresh_token,
    consent_url,
    finish_authorization,
)
from sales_channels.integrations.amazon.factories.metadata import import_product_type
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.schema.inputs import AmazonSalesChannelCreateInput
from sales_channels.integrations.amazon.schema.notifications import SubscriptionRefused, run_subscription
from sales_channels.integrations.amazon.schema.types import (
    AmazonConsentUrl,
    AmazonNotificationSetup,
    AmazonNotificationSubscription,
    AmazonProductTypeImport,
    AmazonSalesChannelType,
)
from sales_channels.marketplaces.mapping import map_product_type
from sales_channels.models import SalesChannelView
from sales_channels.schema.mutations import local_product_type, refusals_as_errors


def _channel(info: Info, channel_id: strawberry.ID) -> AmazonSalesChannel:
    with refusals_as_errors():
        return services.scoped_row(model=AmazonSalesChannel, pk=channel_id, company=get_multi_tenant_company(info))


def _view(info: Info, channel: AmazonSalesChannel, view_id: strawberry.ID) -> SalesChannelView:
    with refusals_as_errors():
        view = services.scoped_row(model=SalesChannelView, pk=view_id, company=get_multi_tenant_company(info))
    if view.sales_channel_id != channel.pk:
        raise GraphQLError(f"Sales channel view with id {view_id} was not found.")
    return view


def _run(action):
    try:
        return action()
    except SalesChannelError as error:
        raise GraphQLError(error.message) from error


def create_amazon_sales_channel(info: Info, data: AmazonSalesChannelCreateInput) -> AmazonSalesChannelType:
    """Create the channel in the request user's company; connect it next."""
    company = get_multi_tenant_company(info)
    user = get_request_user(info)
    channel = AmazonSalesChannel(
        multi_tenant_company=company, created_by_multi_tenant_user=user, last_update_by_multi_tenant_user=user
    )
    apply_input(instance=channel, data=data, company=company)
    save_validated(instance=channel)
    return channel


def _create_field():
    field = strawberry.mutation(
        resolver=create_amazon_sales_channel,
        description="Create an Amazon channel; connect it next with getAmazonConsentUrl or connectAmazonAuthorization.",
    )
    field.tenant_model = AmazonSalesChannel  # the tags core.schema.mutations.tenant_create sets
    field.tenant_kind = "create"
    return field


def subscribe_amazon_notifications(info: Info, channel_id: strawberry.ID, sqs_arn: str) -> AmazonNotificationSetup:
    """Set up the SQS destination and the seller's subscriptions (idempotent: only what is missing is added)."""
    channel = _channel(info, channel_id)
    try:
        outcome = run_subscription(channel=channel, sqs_arn=sqs_arn, field="sqsArn")
    except SubscriptionRefused as error:
        extensions = {"field": error.field} if error.field else None
        raise GraphQLError(error.message, extensions=extensions) from error
    setup = outcome.setup
    return AmazonNotificationSetup(
        destination_id=setup.destination_id,
        destination_created=setup.destination_created,
        subscriptions=[
            AmazonNotificationSubscription(notification_type=kind, subscription_id=subscription_id)
            for kind, subscription_id in setup.subscriptions.items()
        ],
        created=list(setup.created),
        inbox_path=outcome.inbox_path,
        summary=outcome.summary(),
    )


@strawberry.type
class Mutation:
    """Create Amazon channels, connect them, import and map product types."""

    create_amazon_sales_channel: AmazonSalesChannelType = _create_field()
    subscribe_amazon_notifications: AmazonNotificationSetup = strawberry.mutation(
        resolver=subscribe_amazon_notifications,
        description="Subscribe the seller to listing and order notifications delivered to an SQS queue "
        "(sqsArn: arn:aws:sqs:<region>:<account id>:<queue>); run again at any time, it only adds what is missing.",
    )

    @strawberry.mutation(description="Start the website authorization: a fresh single-use state and the consent URL.")
    def get_amazon_consent_url(self, info: Info, channel_id: strawberry.ID, redirect_uri: str) -> AmazonConsentUrl:
        channel = _channel(info, channel_id)
        return AmazonConsentUrl(consent_url=_run(lambda: consent_url(channel=channel, redirect_uri=redirect_uri)))

    @strawberry.mutation(
        description="Finish the website authorization with the callback's query (queryString or params): checks "
        "the state, exchanges spapi_oauth_code and pulls the marketplaces."
    )
    def finish_amazon_authorization(
        self,
        info: Info,
        channel_id: strawberry.ID,
        redirect_uri: str,
        query_string: str | None = None,
        params: JSON | None = None,
    ) -> AmazonSalesChannelType:
        channel = _channel(info, channel_id)
        found = dict(parse_qsl((query_string or "").lstrip("?"), keep_blank_values=True))
        found.update(
            {str(key): str(value) for key, value in (params or {}).items()} if isinstance(params, dict) else {}
        )
        return _run(lambda: finish_authorization(channel=channel, query_params=found, redirect_uri=redirect_uri))

    @strawberry.mutation(
        description="Connect with an authorization from Seller Central's self-authorization (checked, then "
        "stored encrypted) and the seller id."
    )
    def connect_amazon_authorization(
        self, info: Info, channel_id: strawberry.ID, authorization: str, selling_partner_id: str
    ) -> AmazonSalesChannelType:
        channel = _channel(info, channel_id)
        return _run(
            lambda: connect_with_refresh_token(
                channel=channel, refresh_token=authorization, seller_id=selling_partner_id
            )
        )

    @strawberry.mutation(
        description="Import an Amazon product type's schema into one marketplace (downloaded only when changed), "
        "auto-map properties, and optionally list a local product type under it."
    )
    def import_amazon_product_type(
        self,
        info: Info,
        channel_id: strawberry.ID,
        view_id: strawberry.ID,
        product_type: str,
        local_product_type_id: strawberry.ID | None = None,
    ) -> AmazonProductTypeImport:
        channel = _channel(info, channel_id)
        view = _view(info, channel, view_id)
        local = local_product_type(company_id=channel.multi_tenant_company_id, value_id=local_product_type_id)
        result = _run(lambda: import_product_type(channel=channel, view=view, product_type=product_type))
        if local is not None:
            map_product_type(view=view, local_product_type=local, schema=result.schema)
        return AmazonProductTypeImport(
            product_type=product_type,
            downloaded=result.downloaded,
            mapped_attributes=sorted(result.automap.mapped),
            unmapped_required=result.missing,
        )
