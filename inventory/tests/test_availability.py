"""available_quantities: simple = internal stock, configurable = sum of variations,
bundle = complete sets; a constant number of queries for any number of products."""

import pytest

from inventory.availability import available_quantities, available_quantity
from inventory.tests.factories import InventoryFactory, InventoryLocationFactory
from products.models import BundleItem, ConfigurableVariation, Product
from sales_prices.tests.factories import ProductFactory


@pytest.fixture
def warehouse(company):
    return InventoryLocationFactory(multi_tenant_company=company, name="Warehouse")


@pytest.fixture
def shop(company):
    return InventoryLocationFactory(multi_tenant_company=company, name="Shop")


@pytest.fixture
def returns(company):
    return InventoryLocationFactory(multi_tenant_company=company, name="Returns", is_internal=False)


def simple(company, *stock):
    product = ProductFactory(multi_tenant_company=company)
    for location, quantity in stock:
        InventoryFactory(multi_tenant_company=company, product=product, location=location, quantity=quantity)
    return product


def configurable(company, *variations):
    parent = ProductFactory(multi_tenant_company=company, type=Product.CONFIGURABLE)
    for variation in variations:
        ConfigurableVariation.objects.create(multi_tenant_company=company, parent=parent, variation=variation)
    return parent


def bundle(company, *items):
    parent = ProductFactory(multi_tenant_company=company, type=Product.BUNDLE)
    for product, quantity in items:
        BundleItem.objects.create(multi_tenant_company=company, parent=parent, product=product, quantity=quantity)
    return parent


def test_simple_sums_internal_locations_only(company, warehouse, shop, returns):
    product = simple(company, (warehouse, 5), (shop, 3), (returns, 100))
    assert available_quantity(product=product) == 8


def test_simple_without_stock_is_zero(company):
    assert available_quantity(product=simple(company)) == 0


def test_configurable_sums_its_variations(company, warehouse, shop):
    red = simple(company, (warehouse, 4))
    blue = simple(company, (warehouse, 1), (shop, 2))
    empty = simple(company)
    assert available_quantity(product=configurable(company, red, blue, empty)) == 7


def test_configurable_without_variations_is_zero(company):
    assert available_quantity(product=configurable(company)) == 0


def test_bundle_counts_complete_sets(company, warehouse):
    chair = simple(company, (warehouse, 9))
    table = simple(company, (warehouse, 2))
    assert available_quantity(product=bundle(company, (chair, 4), (table, 1))) == 2


def test_bundle_with_a_missing_item_is_zero(company, warehouse):
    chair = simple(company, (warehouse, 9))
    assert available_quantity(product=bundle(company, (chair, 1), (simple(company), 1))) == 0


def test_empty_bundle_is_zero(company):
    assert available_quantity(product=bundle(company)) == 0


def build_catalog(company, location, size: int) -> list[int]:
    ids = []
    for _ in range(size):
        variations = [simple(company, (location, 2)), simple(company, (location, 3))]
        ids.append(configurable(company, *variations).pk)
        ids.append(bundle(company, (variations[0], 1), (variations[1], 2)).pk)
        ids.extend(variation.pk for variation in variations)
    return ids


def test_query_count_is_constant(company, warehouse, django_assert_max_num_queries):
    few = build_catalog(company, warehouse, 1)
    many = few + build_catalog(company, warehouse, 10)
    with django_assert_max_num_queries(4):
        small = available_quantities(product_ids=few)
    with django_assert_max_num_queries(4):
        large = available_quantities(product_ids=many)
    assert small == {few[0]: 5, few[1]: 1, few[2]: 2, few[3]: 3}
    assert len(large) == len(many)
