"""Stock rules: never negative, one row per product and location, only on simple products."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError

from inventory.tests.factories import InventoryFactory, InventoryLocationFactory
from products.models import Product
from sales_prices.tests.factories import ProductFactory


def test_negative_stock_refused_by_the_database(company):
    with pytest.raises(IntegrityError):
        InventoryFactory(multi_tenant_company=company, quantity=-1)


def test_negative_stock_refused_by_full_clean(company):
    row = InventoryFactory(multi_tenant_company=company)
    row.quantity = -5
    with pytest.raises(ValidationError, match="inventory_quantity_not_negative"):
        row.full_clean()


def test_zero_stock_is_valid(company):
    InventoryFactory(multi_tenant_company=company, quantity=0).full_clean()


def test_one_row_per_product_and_location(company):
    row = InventoryFactory(multi_tenant_company=company)
    with pytest.raises(IntegrityError):
        InventoryFactory(multi_tenant_company=company, product=row.product, location=row.location)


@pytest.mark.parametrize("kind", [Product.CONFIGURABLE, Product.BUNDLE])
def test_stock_on_configurable_or_bundle_refused(company, kind):
    product = ProductFactory(multi_tenant_company=company, type=kind)
    row = InventoryFactory.build(
        multi_tenant_company=company, product=product, location=InventoryLocationFactory(multi_tenant_company=company)
    )
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert excinfo.value.message_dict["product"] == [
        "Stock is kept on simple products; configurables and bundles derive it."
    ]


def test_location_name_unique_per_company(company, other_company):
    InventoryLocationFactory(multi_tenant_company=company, name="Main")
    InventoryLocationFactory(multi_tenant_company=other_company, name="Main")
    with pytest.raises(IntegrityError):
        InventoryLocationFactory(multi_tenant_company=company, name="Main")


def test_location_with_stock_cannot_be_deleted(company):
    row = InventoryFactory(multi_tenant_company=company)
    with pytest.raises(ProtectedError):
        row.location.delete()


def test_factory_keeps_product_and_location_in_the_company(company):
    row = InventoryFactory(multi_tenant_company=company)
    assert row.product.multi_tenant_company == row.location.multi_tenant_company == company
