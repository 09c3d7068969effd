"""Admin for the sales-channel framework: every model scoped to the user's company.

- `channels`: add a channel by integration and connect it; test, pull, import, resync, verify remote;
- `catalog`: views, assigns, mappings, and a product's sync state on every channel (product page);
- `records`: mirrors, the sync queue, vendor call logs and imports (read-only records);
- `marketplaces`: imported schemas, attribute and product type mappings, listing issues.

Actions call `sales_channels.services` (the same functions GraphQL and the commands call) on rows the
changelist already scoped to the user's company; a refusal or failure is reported in red with what
failed, why and what to do, never raised and never as an exception repr.
"""

from core.admin_helpers import TenantAdmin
from sales_channels.admin import catalog, channels, jobs, marketplaces, records
from sales_channels.admin.channels import SalesChannelAdmin
from sales_channels.admin.common import ReadOnlyTenantAdmin, secret_field_names

__all__ = [
    "ReadOnlyTenantAdmin",
    "SalesChannelAdmin",
    "TenantAdmin",
    "catalog",
    "channels",
    "jobs",
    "marketplaces",
    "records",
    "secret_field_names",
]
