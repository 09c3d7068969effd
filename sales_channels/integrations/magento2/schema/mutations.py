"""Magento 2 channel mutations: create-and-connect (the credentials checked at once), update, reconnect.

A refused connect is a GraphQL error naming the refused credential, and creates nothing (the new
channel is rolled back). Another company's channel id is "not found".
"""

import strawberry
from django.db import transaction
from graphql import GraphQLError
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import apply_input, save_validated, tenant_update
from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2AttributeSet, Magento2SalesChannel
from sales_channels.integrations.magento2.schema.inputs import (
    Magento2AttributeSetPartialInput,
    Magento2SalesChannelCreateInput,
    Magento2SalesChannelPartialInput,
)
from sales_channels.integrations.magento2.schema.types import Magento2AttributeSetType, Magento2SalesChannelType
from sales_channels.schema.mutations import refusals_as_errors


def _connect(channel: Magento2SalesChannel) -> Magento2SalesChannel:
    try:
        connect_with_credentials(channel=channel)
    except SalesChannelError as error:
        raise GraphQLError(error.message) from error
    return channel


def create_magento2_sales_channel(info: Info, data: Magento2SalesChannelCreateInput) -> Magento2SalesChannelType:
    """Create the channel in the request user's company, check its credentials and pull its metadata."""
    company = get_multi_tenant_company(info)
    user = get_request_user(info)
    channel = Magento2SalesChannel(
        multi_tenant_company=company, created_by_multi_tenant_user=user, last_update_by_multi_tenant_user=user
    )
    apply_input(instance=channel, data=data, company=company)
    with transaction.atomic():  # a refused connect rolls the new channel back
        save_validated(instance=channel)
        if channel.consumer_key or channel.access_token:  # else it waits for the activation handshake
            _connect(channel)
    return channel


def _create_field():
    field = strawberry.mutation(
        resolver=create_magento2_sales_channel,
        description="Create a Magento 2 channel; given an integration's credentials they are checked at once, "
        "else it waits for the activation handshake (see activationPath).",
    )
    field.tenant_model = Magento2SalesChannel
    field.tenant_kind = "create"
    return field


@strawberry.type
class Mutation:
    """Create, change and reconnect Magento 2 channels; map their attribute sets to product types."""

    create_magento2_sales_channel: Magento2SalesChannelType = _create_field()
    update_magento2_sales_channel: Magento2SalesChannelType = tenant_update(
        model=Magento2SalesChannel,
        input_type=Magento2SalesChannelPartialInput,
        output_type=Magento2SalesChannelType,
    )

    update_magento2_attribute_set: Magento2AttributeSetType = tenant_update(
        model=Magento2AttributeSet,
        input_type=Magento2AttributeSetPartialInput,
        output_type=Magento2AttributeSetType,
        description="Map an attribute set to a product type: that type's products are created in it.",
    )

    @strawberry.mutation(description="Check a Magento 2 channel's credentials again and pull its metadata.")
    def connect_magento2_sales_channel(self, info: Info, channel_id: strawberry.ID) -> Magento2SalesChannelType:
        with refusals_as_errors():
            channel = services.scoped_row(
                model=Magento2SalesChannel, pk=channel_id, company=get_multi_tenant_company(info)
            )
        return _connect(channel)
