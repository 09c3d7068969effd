"""Sales-channel mutations: channel settings and mappings (generic), and the actions people take on channels.

The actions (assign, unassign, resync, retry, cancel, import, test connection, pull metadata) take
the company from the request, look every id up inside it (another company's id is "not found"),
call `sales_channels.services` (the same functions the admin and commands call) and turn a refusal
into a GraphQL error with its message; a refused action changes nothing.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company
from core.schema.mutations import tenant_delete, tenant_update
from properties.models import PropertySelectValue
from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.explain import explain_failure
from sales_channels.models import (
    ImportProcess,
    RemoteCurrency,
    RemoteLanguage,
    SalesChannel,
    SalesChannelView,
    SyncTask,
)
from sales_channels.schema.inputs import (
    RemoteCurrencyPartialInput,
    RemoteLanguagePartialInput,
    SalesChannelPartialInput,
)
from sales_channels.schema.types import (
    ImportProcessType,
    RemoteCurrencyType,
    RemoteLanguageType,
    SalesChannelType,
    SalesChannelViewType,
    SyncTaskType,
)
from sales_channels.verify import verify_remote


@contextmanager
def refusals_as_errors() -> Iterator[None]:
    """Turn a service's refusal into a GraphQL error carrying its message."""
    try:
        yield
    except services.ChannelActionError as error:
        raise GraphQLError(str(error)) from error


def local_product_type(*, company_id: int, value_id: strawberry.ID | None) -> PropertySelectValue | None:
    """The company's product type (a select value of its product-type property) named by a mutation, or None
    when none was named; an id of another company's, or of no product type, is a field error."""
    if value_id is None:
        return None
    found = PropertySelectValue.objects.filter(
        pk=value_id, multi_tenant_company_id=company_id, property__is_product_type=True
    ).first()
    if found is None:
        raise GraphQLError(f"Product type with id {value_id} was not found.")
    return found


def _channel(info: Info, channel_id: strawberry.ID) -> SalesChannel:
    return services.scoped_row(model=SalesChannel, pk=channel_id, company=get_multi_tenant_company(info))


def _view(info: Info, view_id: strawberry.ID) -> SalesChannelView:
    return services.scoped_row(model=SalesChannelView, pk=view_id, company=get_multi_tenant_company(info))


def _tasks(info: Info, ids: list[strawberry.ID]) -> list[SyncTask]:
    return services.scoped_rows(model=SyncTask, ids=ids, company=get_multi_tenant_company(info))


@strawberry.type(description="What an assign or unassign did in one view.")
class ViewAssignResult:
    """The view, how many of the products changed, and how many already were as asked."""

    view: SalesChannelView = strawberry.field(graphql_type=SalesChannelViewType)
    changed: int = strawberry.field(description="Products newly assigned (or unassigned).")
    unchanged: int = strawberry.field(description="Products that already were assigned (or were not assigned).")


@strawberry.type(description="The sync tasks a resync queued.")
class ResyncResult:
    """The channel and the tasks newly queued (products with a pending task already are covered by it)."""

    sales_channel: SalesChannel = strawberry.field(graphql_type=SalesChannelType)
    queued: int
    tasks: list[SyncTask] = strawberry.field(graphql_type=list[SyncTaskType])


@strawberry.type(description="What a verify-remote found: listings the vendor lost or changed, now outdated.")
class VerifyRemoteResult:
    """The channel, how many listings were read back, the remote ids missing or changed, resyncs queued."""

    sales_channel: SalesChannel = strawberry.field(graphql_type=SalesChannelType)
    checked: int
    missing: list[str]
    changed: list[str]
    queued: int


@strawberry.type(description="How many metadata pulls a channel's integration ran.")
class PullMetadataResult:
    """The channel and the number of pulls its integration ran (or queued)."""

    sales_channel: SalesChannel = strawberry.field(graphql_type=SalesChannelType)
    pulls: int


@strawberry.type
class Mutation:
    """Change channels and their mappings; assign products; run, retry and cancel sync work; import."""

    update_sales_channel: SalesChannelType = tenant_update(
        model=SalesChannel,
        input_type=SalesChannelPartialInput,
        output_type=SalesChannelType,
        description="Change a channel's name, active flag, sync switches, rate limits or master-of-data choices.",
    )
    delete_sales_channel = tenant_delete(model=SalesChannel, description="Delete a channel and all its mirrors.")
    update_remote_language: RemoteLanguageType = tenant_update(
        model=RemoteLanguage, input_type=RemoteLanguagePartialInput, output_type=RemoteLanguageType
    )
    update_remote_currency: RemoteCurrencyType = tenant_update(
        model=RemoteCurrency, input_type=RemoteCurrencyPartialInput, output_type=RemoteCurrencyType
    )

    @strawberry.mutation(
        description="Sell these products in a view and queue their creation. All or nothing: an unknown "
        "product or view changes nothing."
    )
    def assign_products_to_view(
        self, info: Info, view_id: strawberry.ID, product_ids: list[strawberry.ID]
    ) -> ViewAssignResult:
        with refusals_as_errors():
            view = _view(info, view_id)
            result = services.assign_products(view=view, product_ids=product_ids)
        return ViewAssignResult(view=view, changed=result.changed, unchanged=result.unchanged)

    @strawberry.mutation(
        description="Stop selling these products in a view and queue the remote delete. All or nothing."
    )
    def unassign_products_from_view(
        self, info: Info, view_id: strawberry.ID, product_ids: list[strawberry.ID]
    ) -> ViewAssignResult:
        with refusals_as_errors():
            view = _view(info, view_id)
            result = services.unassign_products(view=view, product_ids=product_ids)
        return ViewAssignResult(view=view, changed=result.changed, unchanged=result.unchanged)

    @strawberry.mutation(
        description="Queue failed or cancelled tasks again and run deferred ones now. Any other status refuses all.",
        graphql_type=list[SyncTaskType],
    )
    def retry_sync_tasks(self, info: Info, ids: list[strawberry.ID]) -> list[SyncTask]:
        with refusals_as_errors():
            return services.retry_sync_tasks(tasks=_tasks(info, ids))

    @strawberry.mutation(
        description="Cancel queued or deferred tasks. Any other status refuses all.", graphql_type=list[SyncTaskType]
    )
    def cancel_sync_tasks(self, info: Info, ids: list[strawberry.ID]) -> list[SyncTask]:
        with refusals_as_errors():
            return services.cancel_sync_tasks(tasks=_tasks(info, ids))

    @strawberry.mutation(
        description="Queue a full sync of these products on a channel (every assigned product when omitted)."
    )
    def resync_products(
        self, info: Info, channel_id: strawberry.ID, product_ids: list[strawberry.ID] | None = None
    ) -> ResyncResult:
        with refusals_as_errors():
            channel = _channel(info, channel_id)
            tasks = services.resync_products(channel=channel, product_ids=product_ids)
        return ResyncResult(sales_channel=channel, queued=len(tasks), tasks=tasks)

    @strawberry.mutation(
        description="Start importing a kind of record (products, ...) from a channel.", graphql_type=ImportProcessType
    )
    def start_sales_channel_import(
        self,
        info: Info,
        channel_id: strawberry.ID,
        kind: str = "products",
        update_only: bool = False,
        dry_run: bool = False,
    ) -> ImportProcess:
        with refusals_as_errors():
            channel = _channel(info, channel_id)
            return services.start_import(channel=channel, kind=kind, update_only=update_only, dry_run=dry_run)

    @strawberry.mutation(
        description="Resume a failed or stopped import from its saved cursor (one still running is refused).",
        graphql_type=ImportProcessType,
    )
    def resume_import(self, info: Info, id: strawberry.ID) -> ImportProcess:
        with refusals_as_errors():
            process = services.scoped_row(model=ImportProcess, pk=id, company=get_multi_tenant_company(info))
            return services.resume_import(process=process)

    @strawberry.mutation(
        description="Make one authenticated call to the vendor now; the channel's connection status and last "
        "connection error show the result.",
        graphql_type=SalesChannelType,
    )
    def test_sales_channel_connection(self, info: Info, channel_id: strawberry.ID) -> SalesChannel:
        with refusals_as_errors():
            return services.check_connection(channel=_channel(info, channel_id))

    @strawberry.mutation(
        description="Read back what the vendor holds for every listing; mark the missing or changed ones outdated "
        "and queue their resync."
    )
    def verify_sales_channel_remote(self, info: Info, channel_id: strawberry.ID) -> VerifyRemoteResult:
        with refusals_as_errors():
            channel = _channel(info, channel_id)
            try:
                report = verify_remote(channel=channel)
            except SalesChannelError as error:
                spec = services.require_spec(channel=channel)
                raise GraphQLError(explain_failure(error=error, vendor=services.vendor_label(spec=spec))) from error
        return VerifyRemoteResult(
            sales_channel=channel,
            checked=report.checked,
            missing=report.missing,
            changed=report.changed,
            queued=report.queued,
        )

    @strawberry.mutation(description="Pull a channel's views, languages and currencies from the vendor.")
    def pull_sales_channel_metadata(self, info: Info, channel_id: strawberry.ID) -> PullMetadataResult:
        with refusals_as_errors():
            channel = _channel(info, channel_id)
            pulls = services.pull_metadata(channel=channel)
        return PullMetadataResult(sales_channel=channel, pulls=pulls)
