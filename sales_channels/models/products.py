"""Mirrors of a product listing and of what hangs off it: content, prices, stock and images.

`RemoteProduct` is one listing (a variation has `parent`; a marketplace listing has `view`). The
sub-mirrors each keep their own payload hash, so a price change pushes the price and nothing else.
Local references use `local_ref`: the mirror outlives the local row until the remote delete ran.
"""

from django.db import models

from sales_channels.models.mirrors import RemoteObject, mirror_constraints, view_mirror_constraints


def local_ref(model: str, **kwargs) -> models.ForeignKey:
    """A reference to the local object that survives its deletion (no DB constraint, id kept).

    When the local row is deleted, the mirror must still know its remote id so a delete step can
    remove the remote object; the column keeps the old id and the flow finds the mirror by it.
    """
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        **kwargs,
    )


class RemoteProduct(RemoteObject):
    """A product listing on a channel (per view on marketplaces); variations point at their parent."""

    local_instance = local_ref("products.Product")
    view = models.ForeignKey(
        "sales_channels.SalesChannelView", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="variations")
    remote_sku = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = view_mirror_constraints("remote_product", local=("local_instance",))
        indexes = [models.Index(fields=["sales_channel", "remote_sku"], name="remote_product_sku")]

    @property
    def is_variation(self) -> bool:
        return self.parent_id is not None


class RemoteProductContent(RemoteObject):
    """The content (name, descriptions, url key) of a listing in one language."""

    remote_product = models.ForeignKey(RemoteProduct, on_delete=models.CASCADE, related_name="contents")
    language = models.CharField(max_length=7)

    class Meta:
        constraints = mirror_constraints("remote_content", local=("remote_product", "language"), remote_id=False)


class RemotePrice(RemoteObject):
    """The price of a listing in one currency."""

    remote_product = models.ForeignKey(RemoteProduct, on_delete=models.CASCADE, related_name="prices")
    currency = models.ForeignKey("currencies.Currency", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = mirror_constraints("remote_price", local=("remote_product", "currency"), remote_id=False)


class RemoteInventory(RemoteObject):
    """The stock level of a listing."""

    remote_product = models.ForeignKey(RemoteProduct, on_delete=models.CASCADE, related_name="inventories")

    class Meta:
        verbose_name_plural = "remote inventories"
        constraints = mirror_constraints("remote_inventory", local=("remote_product",), remote_id=False)


class RemoteImage(RemoteObject):
    """An image uploaded to a channel (vendors with a shared media library reuse it across listings)."""

    local_instance = local_ref("media.Media")

    class Meta:
        constraints = mirror_constraints("remote_image", local=("local_instance",))


class RemoteImageProductAssociation(RemoteObject):
    """An image shown on a listing, paired with the local product-image link it came from."""

    remote_product = models.ForeignKey(RemoteProduct, on_delete=models.CASCADE, related_name="image_associations")
    remote_image = models.ForeignKey(
        RemoteImage, null=True, blank=True, on_delete=models.CASCADE, related_name="associations"
    )
    local_instance = local_ref("media.MediaProductThrough")

    class Meta:
        constraints = mirror_constraints("remote_image_assoc", local=("remote_product", "local_instance"))
