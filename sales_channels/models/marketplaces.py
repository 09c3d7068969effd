"""Marketplace listing schemas (a product type or category per marketplace view), their mappings, listing issues.

Marketplaces (Amazon, eBay) publish per marketplace what a listing of one product type or category
must carry. The framework stores it once, generically: `MarketplaceSchema` (the vendor's JSON Schema
or aspect list, its version and checksum), `MarketplaceSchemaAttribute` (each attribute, required or
not, its allowed values, and the local property it is mapped to), `MarketplaceEnumValueMap` (a local
select value -> an allowed value), `MarketplaceProductTypeMap` (a local product type -> the schema to
list it under in a view) and `ListingIssue` (what is wrong with one listing: found by validating it
against the schema before sending, or reported by the vendor). See `sales_channels/marketplaces/`.
"""

from django.db import models

from core.models import TenantModel


class MarketplaceSchema(TenantModel):
    """The vendor's listing schema of one product type (or category) in one marketplace view."""

    sales_channel = models.ForeignKey(
        "sales_channels.SalesChannel", on_delete=models.CASCADE, related_name="marketplace_schemas"
    )
    view = models.ForeignKey("sales_channels.SalesChannelView", on_delete=models.CASCADE, related_name="schemas")
    remote_type = models.CharField(max_length=255, help_text="The vendor's product type or category id.")
    name = models.CharField(max_length=255, blank=True)
    version = models.CharField(max_length=255, blank=True)
    checksum = models.CharField(max_length=255, blank=True, help_text="The vendor's checksum of the schema document.")
    schema = models.JSONField(default=dict, blank=True, help_text="The schema document (JSON Schema or aspect list).")
    required_attributes = models.JSONField(default=list, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["view", "remote_type"], name="marketplace_schema_per_view_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.remote_type} @ {self.view_id}"


class MarketplaceSchemaAttribute(TenantModel):
    """One attribute of a schema: required or not, its allowed values, and the local property mapped to it."""

    schema = models.ForeignKey(MarketplaceSchema, on_delete=models.CASCADE, related_name="attributes")
    code = models.CharField(max_length=255)
    name = models.CharField(max_length=255, blank=True)
    required = models.BooleanField(default=False)
    value_kind = models.CharField(
        max_length=16, default="text", help_text="text, number, integer, boolean, enum, object."
    )
    allowed_values = models.JSONField(default=list, blank=True, help_text='[{"value": ..., "name": ...}]')
    selectors = models.JSONField(default=list, blank=True, help_text="Keys one value is identified by.")
    local_property = models.ForeignKey(
        "properties.Property", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("schema_id", "code")
        constraints = [models.UniqueConstraint(fields=["schema", "code"], name="marketplace_attribute_unique")]

    def __str__(self) -> str:
        return self.code


class MarketplaceEnumValueMap(TenantModel):
    """A local select value sent as one of an attribute's allowed values."""

    attribute = models.ForeignKey(MarketplaceSchemaAttribute, on_delete=models.CASCADE, related_name="value_maps")
    local_select_value = models.ForeignKey("properties.PropertySelectValue", on_delete=models.CASCADE, related_name="+")
    remote_value = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attribute", "local_select_value"], name="marketplace_enum_map_unique")
        ]


class MarketplaceProductTypeMap(TenantModel):
    """A local product type (a product-type select value) listed under a vendor schema in one view."""

    sales_channel = models.ForeignKey("sales_channels.SalesChannel", on_delete=models.CASCADE, related_name="+")
    view = models.ForeignKey("sales_channels.SalesChannelView", on_delete=models.CASCADE, related_name="+")
    local_product_type = models.ForeignKey("properties.PropertySelectValue", on_delete=models.CASCADE, related_name="+")
    schema = models.ForeignKey(MarketplaceSchema, on_delete=models.CASCADE, related_name="product_type_maps")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["view", "local_product_type"], name="marketplace_product_type_map_unique")
        ]


class ListingIssue(TenantModel):
    """One problem with one listing, in the merchant's terms: from the schema check before sending, or the vendor."""

    class Source(models.TextChoices):
        SCHEMA = "schema", "Checked before sending"
        VENDOR = "vendor", "Reported by the marketplace"

    class Severity(models.TextChoices):
        ERROR = "error", "Error"
        WARNING = "warning", "Warning"
        INFO = "info", "Info"

    sales_channel = models.ForeignKey("sales_channels.SalesChannel", on_delete=models.CASCADE, related_name="+")
    remote_product = models.ForeignKey("sales_channels.RemoteProduct", on_delete=models.CASCADE, related_name="issues")
    source = models.CharField(max_length=8, choices=Source.choices)
    severity = models.CharField(max_length=8, choices=Severity.choices, default=Severity.ERROR)
    code = models.CharField(max_length=64, blank=True)
    message = models.TextField()
    attribute_names = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("remote_product_id", "id")
        indexes = [models.Index(fields=["remote_product", "source"], name="listing_issue_product_source")]

    def __str__(self) -> str:
        return f"{self.severity}: {self.message[:60]}"
