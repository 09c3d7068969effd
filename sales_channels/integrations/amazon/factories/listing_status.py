"""Reading listings back after Amazon accepted them: `ACCEPTED` only means the submission was taken.

`refresh_listing_issues(channel=, view=)` reads each synced listing of a marketplace with
`getListingsItem` (summaries and issues) and replaces the marketplace's issues stored on its mirror;
a listing Amazon no longer holds is reported as missing. Amazon would push these changes as
LISTINGS_ITEM_STATUS_CHANGE / LISTINGS_ITEM_ISSUES_CHANGE notifications through SQS or
EventBridge, which a local install cannot receive: this is the polling replacement.
"""

from dataclasses import dataclass, field

from sales_channels.integrations.amazon.client import AmazonClient
from sales_channels.integrations.amazon.factories.listings import vendor_issues
from sales_channels.integrations.amazon.factories.metadata import client_for
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.marketplaces.issues import VENDOR, store_issues
from sales_channels.models import RemoteProduct, SalesChannelView


@dataclass
class ListingStatusRefresh:
    """What a read-back found: listings read, listings with errors, listings Amazon no longer holds."""

    read: int = 0
    with_errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def refresh_listing_issues(
    *, channel: AmazonSalesChannel, view: SalesChannelView, client: AmazonClient | None = None
) -> ListingStatusRefresh:
    """Read back every synced listing of the marketplace and store Amazon's current issues on its mirror."""
    client = client or client_for(channel)
    found = ListingStatusRefresh()
    mirrors = RemoteProduct.objects.filter(sales_channel=channel, view=view).exclude(remote_id="").order_by("pk")
    for mirror in mirrors.iterator():
        item = client.get_listing(sku=mirror.remote_id, marketplace_id=view.remote_id, included="summaries,issues")
        found.read += 1
        if item is None:
            found.missing.append(mirror.remote_id)
            continue
        issues = vendor_issues(item)
        store_issues(remote_product=mirror, source=VENDOR, issues=issues)
        if any(issue.severity == "error" for issue in issues):
            found.with_errors.append(mirror.remote_id)
    return found
