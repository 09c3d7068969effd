"""Sales-channel queries: a filtered, offset-paginated list and a lookup by id (`pk`) per type.

A lookup returns null for an unknown id or another company's row (the type's `get_queryset`
scopes it), exactly as a list leaves such rows out.
"""

import strawberry
import strawberry_django

from sales_channels.schema.types import (
    ImportItemErrorType,
    ImportProcessType,
    RemoteCallLogType,
    RemoteCurrencyType,
    RemoteImageType,
    RemoteInventoryType,
    RemoteLanguageType,
    RemoteOrderType,
    RemotePriceType,
    RemoteProductType,
    RemotePropertyType,
    SalesChannelType,
    SalesChannelViewAssignType,
    SalesChannelViewType,
    SyncTaskType,
)


@strawberry.type
class Query:
    """Channels, their views, assigns and mirrors, the sync queue, vendor calls and imports."""

    sales_channels: list[SalesChannelType] = strawberry_django.field(description="Channels, by name.")
    sales_channel: SalesChannelType | None = strawberry_django.field(description="One channel by id.")
    sales_channel_views: list[SalesChannelViewType] = strawberry_django.field(description="Views of channels.")
    sales_channel_view: SalesChannelViewType | None = strawberry_django.field(description="One view by id.")
    sales_channel_view_assigns: list[SalesChannelViewAssignType] = strawberry_django.field(
        description="Which products are sold in which views."
    )
    sales_channel_view_assign: SalesChannelViewAssignType | None = strawberry_django.field(
        description="One assign by id."
    )
    remote_languages: list[RemoteLanguageType] = strawberry_django.field(description="Vendor languages.")
    remote_language: RemoteLanguageType | None = strawberry_django.field(description="One vendor language by id.")
    remote_currencies: list[RemoteCurrencyType] = strawberry_django.field(description="Vendor currencies.")
    remote_currency: RemoteCurrencyType | None = strawberry_django.field(description="One vendor currency by id.")

    remote_products: list[RemoteProductType] = strawberry_django.field(description="Listings with status and error.")
    remote_product: RemoteProductType | None = strawberry_django.field(description="One listing by id.")
    remote_properties: list[RemotePropertyType] = strawberry_django.field(description="Vendor attributes.")
    remote_property: RemotePropertyType | None = strawberry_django.field(description="One vendor attribute by id.")
    remote_images: list[RemoteImageType] = strawberry_django.field(description="Images uploaded to channels.")
    remote_image: RemoteImageType | None = strawberry_django.field(description="One remote image by id.")
    remote_prices: list[RemotePriceType] = strawberry_django.field(description="Listing prices per currency.")
    remote_price: RemotePriceType | None = strawberry_django.field(description="One remote price by id.")
    remote_inventories: list[RemoteInventoryType] = strawberry_django.field(description="Listing stock levels.")
    remote_inventory: RemoteInventoryType | None = strawberry_django.field(description="One remote stock level.")
    remote_orders: list[RemoteOrderType] = strawberry_django.field(description="Vendor orders.")
    remote_order: RemoteOrderType | None = strawberry_django.field(description="One vendor order by id.")

    sync_tasks: list[SyncTaskType] = strawberry_django.field(description="The sync queue, newest first.")
    sync_task: SyncTaskType | None = strawberry_django.field(description="One sync task by id.")
    remote_call_logs: list[RemoteCallLogType] = strawberry_django.field(description="Vendor calls, newest first.")
    remote_call_log: RemoteCallLogType | None = strawberry_django.field(description="One vendor call by id.")
    import_processes: list[ImportProcessType] = strawberry_django.field(description="Imports, newest first.")
    import_process: ImportProcessType | None = strawberry_django.field(description="One import by id.")
    import_item_errors: list[ImportItemErrorType] = strawberry_django.field(description="Records imports refused.")
    import_item_error: ImportItemErrorType | None = strawberry_django.field(description="One import item error.")
