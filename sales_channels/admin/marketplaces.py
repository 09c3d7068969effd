"""Admin for marketplace schemas: product types per view, their attributes and mappings, and listing issues.

Schemas are imported from the vendor (read-only here, the document itself is not shown); a merchant
maps attributes to local properties, select values to allowed values, and local product types to a
schema per view. Listing issues are records: what the schema check or the marketplace found.
"""

from django.contrib import admin

from core.admin_helpers import TenantAdmin
from sales_channels import models as sc
from sales_channels.admin.common import ONLY_PRESENT, ReadOnlyTenantAdmin


@admin.register(sc.MarketplaceSchema)
class MarketplaceSchemaAdmin(ReadOnlyTenantAdmin):
    """An imported product type (or category) schema of one marketplace view."""

    list_display = ("remote_type", "name", "view", "sales_channel", "version", "fetched_at")
    list_filter = (("sales_channel", ONLY_PRESENT),)
    search_fields = ("remote_type", "name")
    list_select_related = ("multi_tenant_company", "sales_channel", "view")
    exclude = ("schema",)


@admin.register(sc.MarketplaceSchemaAttribute)
class MarketplaceSchemaAttributeAdmin(TenantAdmin):
    """An attribute of a schema; map a local property to it."""

    list_display = ("code", "name", "schema", "required", "value_kind", "local_property")
    list_filter = ("required", "value_kind")
    search_fields = ("code", "name")
    list_select_related = ("multi_tenant_company", "schema", "local_property")
    readonly_fields = ("schema", "code", "name", "required", "value_kind", "allowed_values", "selectors")


@admin.register(sc.MarketplaceEnumValueMap)
class MarketplaceEnumValueMapAdmin(TenantAdmin):
    """A local select value sent as one of an attribute's allowed values."""

    list_display = ("attribute", "local_select_value", "remote_value")
    list_select_related = ("multi_tenant_company", "attribute", "local_select_value")


@admin.register(sc.MarketplaceProductTypeMap)
class MarketplaceProductTypeMapAdmin(TenantAdmin):
    """Which schema a local product type is listed under in a view."""

    list_display = ("local_product_type", "view", "schema", "sales_channel")
    list_select_related = ("multi_tenant_company", "local_product_type", "view", "schema", "sales_channel")


@admin.register(sc.ListingIssue)
class ListingIssueAdmin(ReadOnlyTenantAdmin):
    """What is wrong with a listing, from the schema check before sending or from the marketplace."""

    list_display = ("remote_product", "source", "severity", "code", "message", "sales_channel")
    list_filter = ("source", "severity", ("sales_channel", ONLY_PRESENT))
    search_fields = ("code", "message", "remote_product__remote_sku")
    list_select_related = ("multi_tenant_company", "remote_product", "sales_channel")
