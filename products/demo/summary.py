"""Counts that describe a company's catalog, printed by `seed_demo_catalog` and `make demo`."""

from django.db.models import Count

from core.models import MultiTenantCompany
from currencies.models import Currency
from inventory.models import Inventory, InventoryLocation
from media.models import Media, MediaProductThrough
from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    ProductPropertyTextTranslation,
    Property,
    PropertySelectValue,
)
from sales_prices.models import SalesPrice, SalesPriceListItem


def catalog_summary(*, company: MultiTenantCompany | int) -> dict[str, int]:
    """Row counts of the company's catalog, keyed by a short label, in a stable order."""
    by_type = dict(Product.objects.filter(multi_tenant_company=company).values_list("type").annotate(count=Count("id")))
    counts = {
        "products": sum(by_type.values()),
        "simple products": by_type.get(Product.SIMPLE, 0),
        "configurable products": by_type.get(Product.CONFIGURABLE, 0),
        "bundle products": by_type.get(Product.BUNDLE, 0),
    }
    scoped = {
        "variations": ConfigurableVariation,
        "bundle items": BundleItem,
        "product translations": ProductTranslation,
        "ean codes": EanCode,
        "properties": Property,
        "select values": PropertySelectValue,
        "property rules": ProductPropertiesRule,
        "property rule items": ProductPropertiesRuleItem,
        "product property values": ProductProperty,
        "property text translations": ProductPropertyTextTranslation,
        "currencies": Currency,
        "sales prices": SalesPrice,
        "price list items": SalesPriceListItem,
        "inventory locations": InventoryLocation,
        "stock rows": Inventory,
        "images": Media,
        "image links": MediaProductThrough,
    }
    for label, model in scoped.items():
        counts[label] = model.objects.filter(multi_tenant_company=company).count()
    counts["product types"] = PropertySelectValue.objects.filter(
        multi_tenant_company=company, property__is_product_type=True
    ).count()
    counts["translation languages"] = (
        ProductTranslation.objects.filter(multi_tenant_company=company).values("language").distinct().count()
    )
    counts["main images"] = MediaProductThrough.objects.filter(
        multi_tenant_company=company, is_main_image=True, sales_channel__isnull=True
    ).count()
    return counts
