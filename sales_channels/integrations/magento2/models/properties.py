"""Magento's side of properties: EAV attributes (options: `RemotePropertySelectValue` rows), attribute sets."""

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
    """An attribute set of the store; a local product type (a select value) may map to it."""

    local_instance = local_ref("properties.PropertySelectValue")
    name = models.CharField(max_length=255)

    class Meta:
        constraints = mirror_constraints("magento2_attribute_set", local=("local_instance",))
