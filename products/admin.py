"""Admin for products: every model scoped to the user's company, with a product's parts as inlines."""

from django.contrib import admin

from core.admin_helpers import TenantAdmin, TenantInline
from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation


class ProductTranslationInline(TenantInline):
    """A product's content per language."""

    model = ProductTranslation
    fields = ("language", "sales_channel", "name", "subtitle", "url_key")


class EanCodeInline(TenantInline):
    """The product's EAN code."""

    model = EanCode
    max_num = 1


class VariationInline(TenantInline):
    """A configurable's variations."""

    model = ConfigurableVariation
    fk_name = "parent"
    raw_id_fields = ("variation",)
    verbose_name = "variation"


class BundleItemInline(TenantInline):
    """A bundle's items."""

    model = BundleItem
    fk_name = "parent"
    raw_id_fields = ("product",)


@admin.register(Product)
class ProductAdmin(TenantAdmin):
    """Products, searchable by SKU and translated name."""

    list_display = ("sku", "type", "active", "allow_backorder", "updated_at")
    list_filter = ("type", "active", "allow_backorder")
    search_fields = ("sku", "translations__name")
    inlines = (ProductTranslationInline, EanCodeInline, VariationInline, BundleItemInline)


@admin.register(ProductTranslation)
class ProductTranslationAdmin(TenantAdmin):
    """Product content per language (and sales channel)."""

    list_display = ("name", "product", "language", "sales_channel")
    list_filter = ("language",)
    search_fields = ("name", "product__sku")
    list_select_related = ("multi_tenant_company", "product", "sales_channel")
    raw_id_fields = ("product",)


@admin.register(EanCode)
class EanCodeAdmin(TenantAdmin):
    """EAN/GTIN codes."""

    list_display = ("ean_code", "product")
    search_fields = ("ean_code", "product__sku")
    list_select_related = ("multi_tenant_company", "product")
    raw_id_fields = ("product",)


@admin.register(ConfigurableVariation)
class ConfigurableVariationAdmin(TenantAdmin):
    """Variation links between configurables and simple products."""

    list_display = ("parent", "variation")
    search_fields = ("parent__sku", "variation__sku")
    list_select_related = ("multi_tenant_company", "parent", "variation")
    raw_id_fields = ("parent", "variation")


@admin.register(BundleItem)
class BundleItemAdmin(TenantAdmin):
    """Bundle contents."""

    list_display = ("parent", "product", "quantity")
    search_fields = ("parent__sku", "product__sku")
    list_select_related = ("multi_tenant_company", "parent", "product")
    raw_id_fields = ("parent", "product")
