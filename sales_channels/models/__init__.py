"""Sales-channel framework models."""

from sales_channels.models.calls import RemoteCallLog, ThrottleBucket
from sales_channels.models.imports import ImportItemError, ImportProcess, ImportStatus, ItemSeverity
from sales_channels.models.jobs import RemoteJob, RemoteJobStatus
from sales_channels.models.marketplaces import (
    ListingIssue,
    MarketplaceEnumValueMap,
    MarketplaceProductTypeMap,
    MarketplaceSchema,
    MarketplaceSchemaAttribute,
)
from sales_channels.models.mirrors import MirrorStatus, RemoteObject
from sales_channels.models.orders import RemoteOrder
from sales_channels.models.products import (
    RemoteImage,
    RemoteImageProductAssociation,
    RemoteInventory,
    RemotePrice,
    RemoteProduct,
    RemoteProductContent,
)
from sales_channels.models.properties import (
    RemoteCategory,
    RemoteProductProperty,
    RemoteProperty,
    RemotePropertySelectValue,
)
from sales_channels.models.sales_channels import (
    RemoteCurrency,
    RemoteLanguage,
    SalesChannel,
    SalesChannelView,
    SalesChannelViewAssign,
)
from sales_channels.models.tasks import Outcome, SyncTask, SyncTaskStatus
from sales_channels.models.webhooks import WebhookDelivery, WebhookStatus

__all__ = [
    "ImportItemError",
    "ImportProcess",
    "ImportStatus",
    "ItemSeverity",
    "MirrorStatus",
    "Outcome",
    "RemoteCallLog",
    "RemoteCategory",
    "RemoteCurrency",
    "RemoteImage",
    "RemoteImageProductAssociation",
    "RemoteInventory",
    "RemoteJob",
    "RemoteJobStatus",
    "RemoteLanguage",
    "RemoteObject",
    "RemoteOrder",
    "RemotePrice",
    "RemoteProduct",
    "RemoteProductContent",
    "RemoteProductProperty",
    "RemoteProperty",
    "RemotePropertySelectValue",
    "SalesChannel",
    "SalesChannelView",
    "SalesChannelViewAssign",
    "SyncTask",
    "SyncTaskStatus",
    "ThrottleBucket",
    "WebhookDelivery",
    "WebhookStatus",
    "ListingIssue",
    "MarketplaceEnumValueMap",
    "MarketplaceProductTypeMap",
    "MarketplaceSchema",
    "MarketplaceSchemaAttribute",
]
