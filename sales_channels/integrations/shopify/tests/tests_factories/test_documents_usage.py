"""Every document the push and property code sends exists in documents/ (and so is validated against the SDL)."""

import re
from pathlib import Path

import pytest

from sales_channels.integrations.shopify.documents import document_names

FACTORIES = Path(__file__).resolve().parents[2] / "factories"
MODULES = sorted((FACTORIES / "products").glob("*.py")) + sorted((FACTORIES / "properties").glob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_documents_named_in_code_exist(module):
    named = set(re.findall(r'document="(\w+)"', module.read_text()))

    assert named <= set(document_names())


def _named(module) -> set[str]:
    return set(re.findall(r'document[=:]\s*"(\w+)"', module.read_text()))


def test_the_push_uses_the_documents_it_needs():
    bulk_translations = FACTORIES / "products" / "bulk_translations.py"
    named = {name for module in MODULES if module != bulk_translations for name in _named(module)}

    assert named >= {
        "product_set",
        "listing_follow_up",
        "translatable_resources_by_ids",
        "metafield_definition_create",
        "product_delete",
        "inventory_set_quantities",
        "inventory_item",
        "product_variants_bulk_update",
        "metafield_definitions_page",
    }
    # the push makes no lookup by SKU and no call per section any more: productSet carries the listing
    assert named.isdisjoint({"products_by_sku", "metafields_set", "translatable_resource", "translations_register"})
    # translationsRegister on its own only as the bulk operation of many listings' translations
    assert _named(bulk_translations) == {"translations_register"}
