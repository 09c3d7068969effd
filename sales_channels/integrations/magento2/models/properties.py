"""Magento's side of properties: EAV attributes (options: `RemotePropertySelectValue` rows), attribute sets."""

from django.core.exceptions import ValidationError
from django.db import models

from sales_channels.models import RemoteObject, RemoteProperty
from sales_channels.models.mirrors import mirror_constraints
from sales_channels.models.products import local_ref


class Magento2RemoteProperty(RemoteProperty):
    """A local property mapped to a product attribute; `remote_id` is the attribute_id."""

    attribute_code = models.CharField(max_length=64)
    frontend_input = models.CharField(max_length=32, help_text="e.g. select, multiselect, text, textarea, boolean")
    is_user_defined = models.BooleanField(default=True)

    class Meta:
        verbose_name = "Magento 2 attribute mapping"


class Magento2AttributeSet(RemoteObject):
    """An attribute set of the store; a local product type (a select value) maps to it (`local_instance`).

    Products of a mapped type are created in this set; products without a type, or of a type without a
    mapping, go to the channel's set (`Magento2SalesChannel.attribute_set_id`, the store's Default)."""

    local_instance = local_ref("properties.PropertySelectValue")
    name = models.CharField(max_length=255)
    attribute_codes = models.JSONField(
        null=True, blank=True, help_text="The attribute codes known to be in the set (read on first use, then kept)."
    )
    attribute_group_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The set's group attributes are added to (its first group)."
    )

    class Meta:
        constraints = mirror_constraints("magento2_attribute_set", local=("local_instance",))

    def clean(self) -> None:
        super().clean()
        if self.local_instance_id and not self.local_instance.property.is_product_type:
            raise ValidationError(
                {"local_instance": "Choose a product type (a value of the product type property), not another value."}
            )
