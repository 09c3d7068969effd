"""Every company gets its product-type property as soon as it exists."""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from core.models import MultiTenantCompany
from properties.models import ProductProperty, Property, PropertySelectValue
from properties.product_types import ensure_product_type_property


@receiver(post_save, sender=MultiTenantCompany, dispatch_uid="properties.company_product_type")
def create_product_type_property(sender, instance: MultiTenantCompany, created: bool, **kwargs) -> None:
    if created:
        ensure_product_type_property(company=instance)


@receiver(m2m_changed, sender=ProductProperty.value_multi_select.through, dispatch_uid="properties.multiselect_check")
def check_multi_select_values(sender, instance, action: str, pk_set, **kwargs) -> None:
    """Multi-select values are set after clean(): refuse values that are not options of the property."""
    if action != "pre_add" or not pk_set:
        return
    if instance.property.type != Property.Type.MULTISELECT:
        raise ValidationError({"value_multi_select": "Only a MULTISELECT property holds several select values."})
    foreign = PropertySelectValue.objects.filter(pk__in=pk_set).exclude(property_id=instance.property_id)
    if foreign.exists():
        ids = ", ".join(str(pk) for pk in foreign.values_list("pk", flat=True))
        raise ValidationError({"value_multi_select": f"Select values {ids} belong to another property."})
