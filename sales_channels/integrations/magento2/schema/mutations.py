"""Magento2 mutations: phase 2 adds the credential inputs (write-only) and the auth flow here."""

import strawberry
from strawberry import UNSET

from core.schema.mutations import tenant_update
from sales_channels.integrations.magento2.models import Magento2SalesChannel
from sales_channels.integrations.magento2.schema import types

ChannelType = types.Magento2SalesChannelType


@strawberry.input(description="Changes to one Magento2 channel.")
class Magento2SalesChannelPartialInput:
    """Changes to a Magento2 channel; omitted fields stay as they are."""

    id: strawberry.ID
    name: str | None = UNSET
    active: bool | None = UNSET


@strawberry.type
class Mutation:
    """Change Magento2 channels."""

    update_magento2_sales_channel: ChannelType = tenant_update(
        model=Magento2SalesChannel,
        input_type=Magento2SalesChannelPartialInput,
        output_type=ChannelType,
    )
