"""GraphQL object types of the sales-channel framework: channels, views, assigns, mirrors, tasks, logs, imports.

Every type mixes in `TenantScopedType`, so lists, lookups and nested relations only see the request
user's company, and lists every field explicitly. Credentials are write-only: no type has a field
for a vendor credential (vendor channel subclasses add theirs to their own input types only), and
call-log excerpts are passed through the redactor once more on the way out.
"""

import datetime
from typing import ClassVar

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.scalars import JSON
from strawberry.types import Info

from core.schema.types import TenantScopedType
from currencies.schema.types import CurrencyType
from media.schema.types import MediaType
from orders.schema.types import OrderType
from products.schema.types import ProductType
from properties.schema.types import PropertyType
from sales_channels.explain import public_error
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
from sales_channels.redaction import Redactor
from sales_channels.schema import filters


def redacted(field_name: str, *, description: str | None = None):
    """A text field shown through the redactor: `name=value` credentials in it come back as [REDACTED]."""

    def resolve(root) -> str:
        value = getattr(root, field_name)
        return Redactor().text(value) if value else ""

    return strawberry_django.field(resolver=resolve, only=[field_name], description=description)


def public(field_name: str, *, kind_field: str | None = None, description: str | None = None):
    """A stored error as a person may see it: redacted, and never a traceback or an exception repr."""

    def resolve(root) -> str:
        kind = getattr(root, kind_field) if kind_field else ""
        return public_error(text=getattr(root, field_name) or "", kind=kind or "")

    only = [field_name, kind_field] if kind_field else [field_name]
    return strawberry_django.field(resolver=resolve, only=only, description=description)


def redacted_json(field_name: str, *, description: str | None = None):
    """A JSON field shown with every credential-named key's value replaced by [REDACTED]."""

    def resolve(root) -> JSON | None:
        value = getattr(root, field_name)
        return None if value is None else Redactor().json(value)

    return strawberry_django.field(resolver=resolve, only=[field_name], description=description)


class OrderedTenantType(TenantScopedType):
    """Tenant-scoped, with a stable order so offset pagination pages through every row exactly once."""

    ordering: ClassVar[tuple[str, ...]] = ("pk",)

    @classmethod
    def get_queryset(cls, queryset: QuerySet, info: Info, **kwargs) -> QuerySet:
        return super().get_queryset(queryset, info, **kwargs).order_by(*cls.ordering)


@strawberry_django.type(SalesChannel, filters=filters.SalesChannelFilter, pagination=True)
class SalesChannelType(OrderedTenantType):
    """A connected shop or marketplace account: its settings, sync switches and connection state."""

    ordering = ("name", "pk")

    id: strawberry.ID
    name: str
    active: bool
    integration: str
    connection_status: str
    last_connection_error: str = public("last_connection_error")
    sync_contents: bool
    sync_prices: bool
    sync_images: bool
    sync_stock: bool
    sync_ean_codes: bool
    import_orders: bool
    use_starting_stock: bool
    requests_per_second: float
    burst: int
    master_of_data: JSON
    created_at: datetime.datetime
    updated_at: datetime.datetime
    views: list["SalesChannelViewType"] = strawberry_django.field()

    @strawberry_django.field(only=["base_url"], description="The vendor API base URL.")
    def base_url(self, root: SalesChannel) -> str:
        return Redactor().url(root.base_url) if root.base_url else ""


@strawberry_django.type(SalesChannelView, filters=filters.SalesChannelViewFilter, pagination=True)
class SalesChannelViewType(OrderedTenantType):
    """A store view, website, publication or marketplace of a channel."""

    ordering = ("sales_channel_id", "name", "pk")

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    sales_channel: SalesChannelType
    remote_id: str
    name: str
    url: str
    is_default: bool
    active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.type(SalesChannelViewAssign, filters=filters.SalesChannelViewAssignFilter, pagination=True)
class SalesChannelViewAssignType(OrderedTenantType):
    """A product sold in a view."""

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    sales_channel: SalesChannelType
    view_id: strawberry.ID
    view: SalesChannelViewType
    product_id: strawberry.ID
    product: ProductType
    created_at: datetime.datetime


@strawberry_django.type(RemoteLanguage, filters=filters.RemoteLanguageFilter, pagination=True)
class RemoteLanguageType(OrderedTenantType):
    """A vendor language of a channel (or view) and the company language it maps to."""

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    view_id: strawberry.ID | None
    remote_code: str
    local_instance: str = strawberry_django.field(description="The mapped company language code (empty: unmapped).")


@strawberry_django.type(RemoteCurrency, filters=filters.RemoteCurrencyFilter, pagination=True)
class RemoteCurrencyType(OrderedTenantType):
    """A vendor currency of a channel (or view) and the company currency it maps to."""

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    view_id: strawberry.ID | None
    remote_code: str
    local_instance_id: strawberry.ID | None
    local_instance: CurrencyType | None


# -- mirrors: remote id, status, last error and last sync time, plus each mirror's own links ------


@strawberry_django.type(RemoteProduct, filters=filters.RemoteProductFilter, pagination=True)
class RemoteProductType(OrderedTenantType):
    """A product listing on a channel (per view on marketplaces); variations have a parent listing."""

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    sales_channel: SalesChannelType
    view_id: strawberry.ID | None
    view: SalesChannelViewType | None
    remote_id: str
    remote_sku: str
    status: str
    last_error: str = public("last_error")
    last_synced_at: datetime.datetime | None
    product_id: strawberry.ID | None = strawberry_django.field(
        field_name="local_instance_id", description="The local product (kept after it was deleted locally)."
    )
    product: ProductType | None = strawberry_django.field(
        field_name="local_instance", description="The local product; null once deleted locally."
    )
    parent_id: strawberry.ID | None
    parent: "RemoteProductType | None"
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.type(RemoteProperty, filters=filters.RemotePropertyFilter, pagination=True)
class RemotePropertyType(OrderedTenantType):
    """A vendor attribute mapped to a local property."""

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    remote_id: str
    remote_name: str
    status: str
    last_error: str = public("last_error")
    last_synced_at: datetime.datetime | None
    property_id: strawberry.ID | None = strawberry_django.field(field_name="local_instance_id")
    property: PropertyType | None = strawberry_django.field(field_name="local_instance")


@strawberry_django.type(RemoteImage, filters=filters.RemoteImageFilter, pagination=True)
class RemoteImageType(OrderedTenantType):
    """An image uploaded to a channel."""

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    remote_id: str
    status: str
    last_error: str = public("last_error")
    last_synced_at: datetime.datetime | None
    media_id: strawberry.ID | None = strawberry_django.field(field_name="local_instance_id")
    media: MediaType | None = strawberry_django.field(field_name="local_instance")


@strawberry_django.type(RemotePrice, filters=filters.RemotePriceFilter, pagination=True)
class RemotePriceType(OrderedTenantType):
    """The price of a listing in one currency."""

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    remote_product_id: strawberry.ID
    currency_id: strawberry.ID
    currency: CurrencyType
    status: str
    last_error: str = public("last_error")
    last_synced_at: datetime.datetime | None


@strawberry_django.type(RemoteInventory, filters=filters.RemoteInventoryFilter, pagination=True)
class RemoteInventoryType(OrderedTenantType):
    """The stock level of a listing."""

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    remote_product_id: strawberry.ID
    status: str
    last_error: str = public("last_error")
    last_synced_at: datetime.datetime | None


@strawberry_django.type(RemoteOrder, filters=filters.RemoteOrderFilter, pagination=True)
class RemoteOrderType(OrderedTenantType):
    """A vendor order and the local order it was imported into."""

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    remote_id: str
    status: str
    last_error: str = public("last_error")
    last_synced_at: datetime.datetime | None
    order_id: strawberry.ID | None = strawberry_django.field(field_name="local_instance_id")
    order: OrderType | None = strawberry_django.field(field_name="local_instance")


# -- the queue, vendor calls and imports ----------------------------------------------------------


@strawberry_django.type(SyncTask, filters=filters.SyncTaskFilter, pagination=True)
class SyncTaskType(OrderedTenantType):
    """One unit of work against a vendor (`usage` for local object `objectId`) and how it went."""

    ordering = ("-pk",)

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    sales_channel: SalesChannelType
    view_id: strawberry.ID | None
    view: SalesChannelViewType | None
    usage: str
    object_id: strawberry.ID
    status: str
    attempts: int
    max_attempts: int
    next_run_at: datetime.datetime | None
    outcome: str
    error: str = public("error", kind_field="error_kind", description="Why the task failed (no developer detail).")
    error_kind: str
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry_django.type(RemoteCallLog, filters=filters.RemoteCallLogFilter, pagination=True)
class RemoteCallLogType(OrderedTenantType):
    """One HTTP call to a vendor: method, URL, status, duration and redacted excerpts."""

    ordering = ("-pk",)

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    sync_task_id: strawberry.ID | None
    method: str
    status_code: int | None
    duration_ms: int
    request_id: str
    vendor_request_id: str
    attempt: int
    created_at: datetime.datetime
    request_excerpt: str = redacted("request_excerpt", description="Redacted request headers and body, truncated.")
    response_excerpt: str = redacted("response_excerpt", description="Redacted response headers and body, truncated.")
    error: str = public("error", description="Why the call failed, if it did.")

    @strawberry_django.field(only=["url"], description="The called URL (redacted).")
    def url(self, root: RemoteCallLog) -> str:
        return Redactor().url(root.url) if root.url else ""


@strawberry_django.type(ImportItemError, filters=filters.ImportItemErrorFilter, pagination=True)
class ImportItemErrorType(OrderedTenantType):
    """A vendor record an import could not take in, with the raw record and why."""

    id: strawberry.ID
    import_process_id: strawberry.ID
    identifier: str
    message: str = public("message")
    raw_record: JSON | None = redacted_json("raw_record", description="The vendor record as received.")
    created_at: datetime.datetime


@strawberry_django.type(ImportProcess, filters=filters.ImportProcessFilter, pagination=True)
class ImportProcessType(OrderedTenantType):
    """An import from a channel: status, progress, counts and the records it could not take in."""

    ordering = ("-pk",)

    id: strawberry.ID
    sales_channel_id: strawberry.ID
    sales_channel: SalesChannelType
    kind: str
    status: str
    percentage: int
    total: int | None
    processed: int
    created_count: int
    linked_count: int
    updated_count: int
    skipped_count: int
    failed_count: int
    update_only: bool
    dry_run: bool
    error: str = public("error", description="Why the import failed (no developer detail).")
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    created_at: datetime.datetime
    item_errors: list[ImportItemErrorType] = strawberry_django.field()
