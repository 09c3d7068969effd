"""Every company gets its product-type property as soon as it exists."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from core.models import MultiTenantCompany
from properties.product_types import ensure_product_type_property


@receiver(post_save, sender=MultiTenantCompany, dispatch_uid="properties.company_product_type")
def create_product_type_property(sender, instance: MultiTenantCompany, created: bool, **kwargs) -> None:
    if created:
        ensure_product_type_property(company=instance)
