"""GraphQL types of the Magento2 integration: explicit fields, never credentials."""

import strawberry
import strawberry_django

from core.schema.types import TenantScopedType
from sales_channels.integrations.magento2.models import Magento2SalesChannel


@strawberry_django.type(Magento2SalesChannel, pagination=True)
class Magento2SalesChannelType(TenantScopedType):
    """A Magento2 channel (settings only; credentials are write-only and never listed here)."""

    id: strawberry.ID
    name: str
    active: bool
    connection_status: str
    last_connection_error: str
