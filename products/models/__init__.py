"""Product models."""

from products.models.products import BundleItem, ConfigurableVariation, EanCode, Product, ean13_checksum_ok
from products.models.translations import ProductTranslation

__all__ = ["BundleItem", "ConfigurableVariation", "EanCode", "Product", "ProductTranslation", "ean13_checksum_ok"]
