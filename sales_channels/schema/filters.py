"""GraphQL filters of the sales-channel types: by channel, view, status, remote id and local object."""

import strawberry
import strawberry_django
from strawberry import auto

from sales_channels.models import (
    ImportItemError,
    ImportProcess,
    RemoteCallLog,
    RemoteCurrency,
    RemoteImage,
    RemoteInventory,
    RemoteLanguage,
    RemoteOrder,
    RemotePrice,
    RemoteProduct,
    RemoteProperty,
    SalesChannel,
    SalesChannelView,
    SalesChannelViewAssign,
    SyncTask,
)

IdLookup = strawberry_django.BaseFilterLookup[strawberry.ID]


def id_filter(name: str | None = None):
    """A filter on a foreign key's id (exact, inList, ...), optionally under another GraphQL name."""
    return strawberry_django.filter_field(name=name)


@strawberry_django.filters.filter_type(SalesChannel, lookups=True)
class SalesChannelFilter:
    """Filter channels by name, integration, active flag or connection status."""

    id: auto
    name: auto
    integration: auto
    active: auto
    connection_status: auto


@strawberry_django.filters.filter_type(SalesChannelView, lookups=True)
class SalesChannelViewFilter:
    """Filter views by channel, remote id, name or active flag."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    remote_id: auto
    name: auto
    active: auto


@strawberry_django.filters.filter_type(SalesChannelViewAssign, lookups=True)
class SalesChannelViewAssignFilter:
    """Filter assigns by channel, view or product."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    view_id: IdLookup | None = id_filter()
    product_id: IdLookup | None = id_filter()


@strawberry_django.filters.filter_type(RemoteLanguage, lookups=True)
class RemoteLanguageFilter:
    """Filter remote languages by channel, view or code."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    view_id: IdLookup | None = id_filter()
    remote_code: auto
    local_instance: auto


@strawberry_django.filters.filter_type(RemoteCurrency, lookups=True)
class RemoteCurrencyFilter:
    """Filter remote currencies by channel, view or code."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    view_id: IdLookup | None = id_filter()
    remote_code: auto


@strawberry_django.filters.filter_type(RemoteProduct, lookups=True)
class RemoteProductFilter:
    """Filter listings by channel, view, status, remote id or SKU, local product or parent listing."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    view_id: IdLookup | None = id_filter()
    parent_id: IdLookup | None = id_filter()
    local_instance_id: IdLookup | None = id_filter("productId")
    status: auto
    remote_id: auto
    remote_sku: auto


@strawberry_django.filters.filter_type(RemoteProperty, lookups=True)
class RemotePropertyFilter:
    """Filter remote properties by channel, status, remote id or name, or local property."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    local_instance_id: IdLookup | None = id_filter("propertyId")
    status: auto
    remote_id: auto
    remote_name: auto


@strawberry_django.filters.filter_type(RemoteImage, lookups=True)
class RemoteImageFilter:
    """Filter remote images by channel, status, remote id or local media."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    local_instance_id: IdLookup | None = id_filter("mediaId")
    status: auto
    remote_id: auto


@strawberry_django.filters.filter_type(RemotePrice, lookups=True)
class RemotePriceFilter:
    """Filter remote prices by channel, listing, currency or status."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    remote_product_id: IdLookup | None = id_filter()
    currency_id: IdLookup | None = id_filter()
    status: auto


@strawberry_django.filters.filter_type(RemoteInventory, lookups=True)
class RemoteInventoryFilter:
    """Filter remote stock levels by channel, listing or status."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    remote_product_id: IdLookup | None = id_filter()
    status: auto


@strawberry_django.filters.filter_type(RemoteOrder, lookups=True)
class RemoteOrderFilter:
    """Filter remote orders by channel, status, remote id or local order."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    local_instance_id: IdLookup | None = id_filter("orderId")
    status: auto
    remote_id: auto


@strawberry_django.filters.filter_type(SyncTask, lookups=True)
class SyncTaskFilter:
    """Filter sync tasks by channel, view, usage, status, error kind or local object id."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    view_id: IdLookup | None = id_filter()
    usage: auto
    status: auto
    error_kind: auto
    object_id: auto


@strawberry_django.filters.filter_type(RemoteCallLog, lookups=True)
class RemoteCallLogFilter:
    """Filter vendor call records by channel, sync task, method or HTTP status code."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    sync_task_id: auto
    method: auto
    status_code: auto


@strawberry_django.filters.filter_type(ImportProcess, lookups=True)
class ImportProcessFilter:
    """Filter imports by channel, kind or status."""

    id: auto
    sales_channel_id: IdLookup | None = id_filter()
    kind: auto
    status: auto


@strawberry_django.filters.filter_type(ImportItemError, lookups=True)
class ImportItemErrorFilter:
    """Filter import item errors by import or identifier."""

    id: auto
    import_process_id: IdLookup | None = id_filter()
    identifier: auto
