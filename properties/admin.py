"""Admin for properties: every model scoped to the user's company, translations and values as inlines."""

from django.contrib import admin

from core.admin_helpers import TenantAdmin, TenantInline
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    ProductPropertyTextTranslation,
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)


class PropertyTranslationInline(TenantInline):
    """A property's name per language."""

    model = PropertyTranslation


class PropertySelectValueTranslationInline(TenantInline):
    """A select value's label per language."""

    model = PropertySelectValueTranslation


class ProductPropertyTextTranslationInline(TenantInline):
    """A TEXT/DESCRIPTION value per language."""

    model = ProductPropertyTextTranslation


class ProductPropertiesRuleItemInline(TenantInline):
    """The properties of a product-type rule."""

    model = ProductPropertiesRuleItem
    fields = ("property", "type", "sort_order")


@admin.register(Property)
class PropertyAdmin(TenantAdmin):
    """Properties, searchable by internal name and translated name."""

    list_display = ("internal_name", "type", "is_product_type", "is_public_information", "add_to_filters")
    list_filter = ("type", "is_product_type", "is_public_information", "add_to_filters")
    search_fields = ("internal_name", "translations__name")
    readonly_fields = ("is_product_type", "created_at", "updated_at")
    inlines = (PropertyTranslationInline,)


@admin.register(PropertyTranslation)
class PropertyTranslationAdmin(TenantAdmin):
    """Property names per language."""

    list_display = ("name", "property", "language")
    list_filter = ("language",)
    search_fields = ("name", "property__internal_name")
    list_select_related = ("multi_tenant_company", "property")


@admin.register(PropertySelectValue)
class PropertySelectValueAdmin(TenantAdmin):
    """Options of select properties, searchable by label."""

    list_display = ("__str__", "property")
    list_filter = ("property__type",)
    search_fields = ("translations__value", "property__internal_name")
    list_select_related = ("multi_tenant_company", "property")
    inlines = (PropertySelectValueTranslationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")


@admin.register(PropertySelectValueTranslation)
class PropertySelectValueTranslationAdmin(TenantAdmin):
    """Select value labels per language."""

    list_display = ("value", "select_value", "language")
    list_filter = ("language",)
    search_fields = ("value",)
    list_select_related = ("multi_tenant_company", "select_value")


@admin.register(ProductProperty)
class ProductPropertyAdmin(TenantAdmin):
    """Products' property values, searchable by SKU and property."""

    list_display = ("product", "property", "value_int", "value_float", "value_boolean", "value_select")
    list_filter = ("property__type",)
    search_fields = ("product__sku", "property__internal_name")
    list_select_related = ("multi_tenant_company", "product", "property", "value_select")
    raw_id_fields = ("product",)
    filter_horizontal = ("value_multi_select",)
    inlines = (ProductPropertyTextTranslationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("value_select__translations")


@admin.register(ProductPropertyTextTranslation)
class ProductPropertyTextTranslationAdmin(TenantAdmin):
    """TEXT/DESCRIPTION values per language."""

    list_display = ("__str__", "product_property", "language")
    list_filter = ("language",)
    search_fields = ("value_text", "product_property__product__sku")
    list_select_related = ("multi_tenant_company", "product_property")


@admin.register(ProductPropertiesRule)
class ProductPropertiesRuleAdmin(TenantAdmin):
    """Product-type rules with their properties inline."""

    list_display = ("__str__", "product_type", "sales_channel", "require_ean_code")
    list_filter = ("require_ean_code",)
    list_select_related = ("multi_tenant_company", "product_type", "sales_channel")
    inlines = (ProductPropertiesRuleItemInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("product_type__translations")


@admin.register(ProductPropertiesRuleItem)
class ProductPropertiesRuleItemAdmin(TenantAdmin):
    """Properties of product-type rules and their roles."""

    list_display = ("rule", "property", "type", "sort_order")
    list_filter = ("type",)
    search_fields = ("property__internal_name",)
    list_select_related = ("multi_tenant_company", "rule", "property")
