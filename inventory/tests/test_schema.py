"""Stock GraphQL: locations and stock rows, refusals with clear errors, availableQuantity, tenancy."""

import pytest

from inventory.models import Inventory, InventoryLocation
from inventory.tests.factories import InventoryFactory, InventoryLocationFactory
from products.models import ConfigurableVariation, Product
from sales_prices.tests.factories import ProductFactory

CREATE_LOCATION = """
mutation($data: InventoryLocationInput!) { createInventoryLocation(data: $data) { id name isInternal } }
"""
UPDATE_LOCATION = """
mutation($data: InventoryLocationPartialInput!) { updateInventoryLocation(data: $data) { id name isInternal } }
"""
DELETE_LOCATION = "mutation($id: ID!) { deleteInventoryLocation(id: $id) { id } }"
CREATE_STOCK = """
mutation($data: InventoryInput!) { createInventory(data: $data) { id productId quantity location { name } } }
"""
UPDATE_STOCK = "mutation($data: InventoryPartialInput!) { updateInventory(data: $data) { id quantity } }"
DELETE_STOCK = "mutation($id: ID!) { deleteInventory(id: $id) { id } }"
LIST_STOCK = """
query($filters: InventoryFilter) { inventories(filters: $filters) { id quantity productId location { name } } }
"""
AVAILABLE = "query($ids: [ID!]!) { availableQuantity(productIds: $ids) { productId quantity } }"


def error_message(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["message"]


@pytest.fixture
def location(company):
    return InventoryLocationFactory(multi_tenant_company=company, name="Main")


def test_location_lifecycle(gql, company):
    created = gql.execute(CREATE_LOCATION, {"data": {"name": "Back room", "isInternal": False}})
    location = created["data"]["createInventoryLocation"]
    assert (location["name"], location["isInternal"]) == ("Back room", False)
    result = gql.execute(UPDATE_LOCATION, {"data": {"id": location["id"], "isInternal": True}})
    assert result["data"]["updateInventoryLocation"]["isInternal"] is True
    assert (
        gql.execute(DELETE_LOCATION, {"id": location["id"]})["data"]["deleteInventoryLocation"]["id"] == location["id"]
    )
    assert not InventoryLocation.objects.exists()


def test_stock_lifecycle(gql, company, location):
    product = ProductFactory(multi_tenant_company=company)
    data = {"product": str(product.pk), "location": str(location.pk), "quantity": 7}
    row = gql.execute(CREATE_STOCK, {"data": data})["data"]["createInventory"]
    assert (row["productId"], row["quantity"], row["location"]) == (str(product.pk), 7, {"name": "Main"})
    assert (
        gql.execute(UPDATE_STOCK, {"data": {"id": row["id"], "quantity": 0}})["data"]["updateInventory"]["quantity"]
        == 0
    )
    assert gql.execute(DELETE_STOCK, {"id": row["id"]})["data"]["deleteInventory"]["id"] == row["id"]
    assert not Inventory.objects.exists()


def test_negative_stock_is_refused_and_nothing_changes(gql, company):
    row = InventoryFactory(multi_tenant_company=company, quantity=3)
    result = gql.execute(UPDATE_STOCK, {"data": {"id": str(row.pk), "quantity": -1}})
    assert "inventory_quantity_not_negative" in error_message(result)
    row.refresh_from_db()
    assert row.quantity == 3


def test_stock_on_a_configurable_is_refused(gql, company, location):
    parent = ProductFactory(multi_tenant_company=company, type=Product.CONFIGURABLE)
    data = {"product": str(parent.pk), "location": str(location.pk), "quantity": 1}
    result = gql.execute(CREATE_STOCK, {"data": data})
    assert error_message(result) == "product: Stock is kept on simple products; configurables and bundles derive it."
    assert not Inventory.objects.exists()


def test_deleting_a_location_with_stock_is_refused(gql, company):
    row = InventoryFactory(multi_tenant_company=company)
    result = gql.execute(DELETE_LOCATION, {"id": str(row.location_id)})
    assert error_message(result).startswith(f"Cannot delete inventory location {row.location_id}")
    assert InventoryLocation.objects.filter(pk=row.location_id).exists()


def test_filter_stock_by_location(gql, company, location):
    kept = InventoryFactory(multi_tenant_company=company, location=location)
    InventoryFactory(multi_tenant_company=company)
    rows = gql.execute(LIST_STOCK, {"filters": {"locationId": {"exact": str(location.pk)}}})["data"]["inventories"]
    assert [row["id"] for row in rows] == [str(kept.pk)]


def test_available_quantity_for_simple_and_configurable(gql, company, location):
    red = InventoryFactory(multi_tenant_company=company, location=location, quantity=4).product
    blue = InventoryFactory(multi_tenant_company=company, location=location, quantity=6).product
    parent = ProductFactory(multi_tenant_company=company, type=Product.CONFIGURABLE)
    for variation in (red, blue):
        ConfigurableVariation.objects.create(multi_tenant_company=company, parent=parent, variation=variation)
    result = gql.execute(AVAILABLE, {"ids": [str(parent.pk), str(red.pk), str(red.pk)]})
    assert result["data"]["availableQuantity"] == [
        {"productId": str(parent.pk), "quantity": 10},
        {"productId": str(red.pk), "quantity": 4},
    ]


def test_available_quantity_leaves_out_other_companies_and_unknown_ids(gql, other_gql, company, location):
    mine = InventoryFactory(multi_tenant_company=company, location=location, quantity=4).product
    result = other_gql.execute(AVAILABLE, {"ids": [str(mine.pk), "999999", "not-a-number"]})
    assert result == {"data": {"availableQuantity": []}}
    assert gql.execute(AVAILABLE, {"ids": [str(mine.pk)]})["data"]["availableQuantity"][0]["quantity"] == 4


def test_other_company_cannot_see_or_change_stock(gql, other_gql, company, other_company):
    row = InventoryFactory(multi_tenant_company=company, quantity=5)
    their_location = InventoryLocationFactory(multi_tenant_company=other_company)
    assert other_gql.execute(LIST_STOCK)["data"]["inventories"] == []
    result = other_gql.execute(UPDATE_STOCK, {"data": {"id": str(row.pk), "quantity": 0}})
    assert error_message(result) == f"Inventory with id {row.pk} was not found."
    data = {"product": str(row.product_id), "location": str(their_location.pk), "quantity": 1}
    assert (
        error_message(other_gql.execute(CREATE_STOCK, {"data": data}))
        == f"Product with id {row.product_id} was not found."
    )
    row.refresh_from_db()
    assert row.quantity == 5
    assert Inventory.objects.count() == 1
