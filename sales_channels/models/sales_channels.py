"""Where a company sells: the polymorphic channel, its views, and which products each view sells.

`SalesChannel` is the base of every vendor's channel model (multi-table inheritance). A vendor
subclass sets `INTEGRATION`; the base row stores it in `integration`, so base code can find the
registered `IntegrationSpec` and the subclass row (`channel.specific`) without naming a vendor.
"""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.fields import EncryptedTextField
from core.models import TenantModel
from sales_channels.registry import find_spec

MASTER_ONESILA = "onesila"
MASTER_REMOTE = "remote"
MASTER_CHOICES = (MASTER_ONESILA, MASTER_REMOTE)
# Field groups a merchant can give to either side; integrations may add their own keys.
FIELD_GROUPS = ("content", "prices", "images", "stock", "properties", "ean")


class SalesChannel(TenantModel):
    """A connected shop or marketplace account of a company (base of every vendor's channel model)."""

    INTEGRATION: ClassVar[str] = ""

    class ConnectionStatus(models.TextChoices):
        """Whether the last connection test or vendor call authenticated."""

        PENDING = "pending", "Pending"
        CONNECTED = "connected", "Connected"
        DISCONNECTED = "disconnected", "Disconnected"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=255)
    active = models.BooleanField(default=True)
    base_url = models.URLField(max_length=512, blank=True, help_text="The vendor (or sandbox) API base URL.")
    integration = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="Set by the vendor subclass; keys the integration registry."
    )
    connection_status = models.CharField(
        max_length=16, choices=ConnectionStatus.choices, default=ConnectionStatus.PENDING
    )
    last_connection_error = models.TextField(blank=True)
    connected_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the current installation began (webhooks older than it are ignored).",
    )
    webhook_forged_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Deliveries refused: bad signature."
    )
    webhook_stale_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Deliveries refused: no timestamp, or older than the vendor's retry window.",
    )
    webhook_duplicate_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Deliveries not processed again: an event id already received (a retry or a replay).",
    )

    sync_contents = models.BooleanField(default=True)
    sync_prices = models.BooleanField(default=True)
    sync_images = models.BooleanField(default=True)
    sync_stock = models.BooleanField(default=True)
    sync_ean_codes = models.BooleanField(default=True)
    import_orders = models.BooleanField(default=False)
    use_starting_stock = models.BooleanField(default=False, help_text="Push the first stock level only once.")

    requests_per_second = models.FloatField(default=2.0, help_text="Sustained vendor request rate (throttle refill).")
    burst = models.PositiveIntegerField(default=10, help_text="Requests allowed at once (throttle capacity).")
    master_of_data = models.JSONField(
        default=dict, blank=True, help_text="Field group -> 'onesila' or 'remote'; missing groups default to onesila."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["multi_tenant_company", "name"], name="sales_channel_name_unique"),
            models.CheckConstraint(condition=Q(requests_per_second__gt=0), name="sales_channel_rate_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.INTEGRATION:
            self.integration = self.INTEGRATION
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not isinstance(self.master_of_data, dict):
            raise ValidationError({"master_of_data": "Use an object: field group -> 'onesila' or 'remote'."})
        wrong = sorted(group for group, side in self.master_of_data.items() if side not in MASTER_CHOICES)
        if wrong:
            raise ValidationError({"master_of_data": f"Choose 'onesila' or 'remote' for: {', '.join(wrong)}."})

    @property
    def specific(self) -> "SalesChannel":
        """This channel as its vendor subclass (the registered channel model), or itself."""
        spec = find_spec(self.integration)
        model = spec.channel_model if spec is not None else None
        if model is None or isinstance(self, model):
            return self._child_instance() if model is None else self
        return model.objects.get(pk=self.pk)

    def _child_instance(self) -> "SalesChannel":
        for relation in self._meta.related_objects:
            if relation.one_to_one and relation.parent_link and issubclass(relation.related_model, type(self)):
                accessor = relation.get_accessor_name()
                child = getattr(self, accessor, None) if accessor else None
                if child is not None:
                    return child._child_instance()
        return self

    def master_of(self, group: str) -> str:
        """Who owns a field group on this channel: 'onesila' (we push it) or 'remote' (we never overwrite it)."""
        return (self.master_of_data or {}).get(group, MASTER_ONESILA)

    def connection_warning(self) -> str:
        """What the merchant must do soon although the channel works (a vendor subclass says; none here: "")."""
        return ""

    def secret_values(self) -> list[str]:
        """Plaintext secrets of this channel (its encrypted fields), for redaction before anything is logged."""
        channel = self.specific
        return [
            value
            for field in channel._meta.concrete_fields
            if isinstance(field, EncryptedTextField) and (value := getattr(channel, field.attname))
        ]

    @property
    def throttle_key(self) -> str:
        """Key of the shared throttle bucket every worker uses for this channel."""
        return f"sales_channel:{self.pk}"


class SalesChannelView(TenantModel):
    """A store view, website, publication or marketplace of a channel; vendors subclass it."""

    sales_channel = models.ForeignKey(SalesChannel, on_delete=models.CASCADE, related_name="views")
    # CharField because 0 is a valid id for some vendors (Magento's admin store view).
    remote_id = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    url = models.URLField(max_length=512, blank=True)
    is_default = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("sales_channel_id", "name")
        constraints = [
            models.UniqueConstraint(fields=["sales_channel", "remote_id"], name="sales_channel_view_remote_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SalesChannelViewAssign(TenantModel):
    """This product is sold in that view (assign and unassign queue remote create and delete)."""

    product = models.ForeignKey("products.Product", on_delete=models.CASCADE, related_name="sales_channel_assigns")
    view = models.ForeignKey(SalesChannelView, on_delete=models.CASCADE, related_name="assigns")
    sales_channel = models.ForeignKey(SalesChannel, on_delete=models.CASCADE, related_name="assigns")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "view"], name="sales_channel_assign_unique"),
        ]
        indexes = [models.Index(fields=["sales_channel", "product"], name="sc_assign_channel_product")]

    def __str__(self) -> str:
        return f"{self.product_id} @ {self.view_id}"

    def save(self, *args, **kwargs):
        if self.view_id and not self.sales_channel_id:
            self.sales_channel_id = self.view.sales_channel_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.view_id and self.sales_channel_id and self.view.sales_channel_id != self.sales_channel_id:
            raise ValidationError({"view": "The view belongs to another sales channel."})
        company_id = self.multi_tenant_company_id
        if self.product_id and company_id and self.product.multi_tenant_company_id != company_id:
            raise ValidationError({"product": "The product belongs to another company."})


class RemoteLanguage(TenantModel):
    """A vendor language (or locale) of a channel or view, mapped to a company language code."""

    sales_channel = models.ForeignKey(SalesChannel, on_delete=models.CASCADE, related_name="remote_languages")
    view = models.ForeignKey(
        SalesChannelView, null=True, blank=True, on_delete=models.CASCADE, related_name="remote_languages"
    )
    remote_code = models.CharField(max_length=32)
    local_instance = models.CharField(max_length=7, blank=True, help_text="The mapped company language code.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sales_channel", "remote_code"], condition=Q(view__isnull=True), name="remote_language_unique"
            ),
            models.UniqueConstraint(
                fields=["sales_channel", "view", "remote_code"],
                condition=Q(view__isnull=False),
                name="remote_language_unique_per_view",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.remote_code} -> {self.local_instance or '?'}"


class RemoteCurrency(TenantModel):
    """A vendor currency of a channel or view, mapped to a company currency."""

    sales_channel = models.ForeignKey(SalesChannel, on_delete=models.CASCADE, related_name="remote_currencies")
    view = models.ForeignKey(
        SalesChannelView, null=True, blank=True, on_delete=models.CASCADE, related_name="remote_currencies"
    )
    remote_code = models.CharField(max_length=16)
    local_instance = models.ForeignKey(
        "currencies.Currency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "remote currencies"
        constraints = [
            models.UniqueConstraint(
                fields=["sales_channel", "remote_code"], condition=Q(view__isnull=True), name="remote_currency_unique"
            ),
            models.UniqueConstraint(
                fields=["sales_channel", "view", "remote_code"],
                condition=Q(view__isnull=False),
                name="remote_currency_unique_per_view",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.remote_code} -> {self.local_instance_id or '?'}"
