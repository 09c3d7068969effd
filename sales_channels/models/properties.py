"""Mirrors of properties, their select values, product property values and vendor categories."""

from django.db import models
from django.db.models import Q

from sales_channels.models.mirrors import RemoteObject, mirror_constraints
from sales_channels.models.products import RemoteProduct, local_ref


class RemoteProperty(RemoteObject):
    """A vendor attribute mapped to a local property."""

    local_instance = local_ref("properties.Property")
    remote_name = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name_plural = "remote properties"
        constraints = mirror_constraints("remote_property", local=("local_instance",))


class RemotePropertySelectValue(RemoteObject):
    """A vendor option of a remote property mapped to a local select value."""

    local_instance = local_ref("properties.PropertySelectValue")
    remote_property = models.ForeignKey(RemoteProperty, on_delete=models.CASCADE, related_name="select_values")
    remote_name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = mirror_constraints("remote_select_value", local=("local_instance",))


class RemoteProductProperty(RemoteObject):
    """A product's value for one property on a listing."""

    remote_product = models.ForeignKey(RemoteProduct, on_delete=models.CASCADE, related_name="product_properties")
    local_instance = local_ref("properties.ProductProperty")
    remote_property = models.ForeignKey(
        RemoteProperty, null=True, blank=True, on_delete=models.CASCADE, related_name="product_values"
    )

    class Meta:
        verbose_name_plural = "remote product properties"
        constraints = mirror_constraints(
            "remote_product_property", local=("remote_product", "local_instance"), remote_id=False
        )


class RemoteCategory(RemoteObject):
    """A vendor category (or marketplace product type) as pulled from the vendor, optionally per view."""

    view = models.ForeignKey(
        "sales_channels.SalesChannelView", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=512)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")

    class Meta:
        verbose_name_plural = "remote categories"
        constraints = [
            models.UniqueConstraint(
                fields=["sales_channel", "remote_id"], condition=Q(view__isnull=True), name="remote_category_unique"
            ),
            models.UniqueConstraint(
                fields=["sales_channel", "view", "remote_id"],
                condition=Q(view__isnull=False),
                name="remote_category_unique_per_view",
            ),
        ]

    def __str__(self) -> str:
        return self.name
