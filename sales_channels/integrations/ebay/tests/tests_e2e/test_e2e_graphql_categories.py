"""Phase 5 through GraphQL against the sandbox: browse the tree, import a category and map a product type; tenancy."""

import pytest

from sales_channels.integrations.ebay.models import EbayMarketplaceView
from sales_channels.models import MarketplaceProductTypeMap
from sales_channels.tests.marketplace_catalog import product_type_property, select_value

pytestmark = pytest.mark.django_db(transaction=True)

BROWSE = """
mutation ($channel: ID!, $view: ID!, $parent: String!) {
  browseEbayCategories(channelId: $channel, viewId: $view, parentId: $parent) { categoryId name leaf }
}"""
IMPORT = """
mutation ($channel: ID!, $view: ID!, $category: String!, $type: ID) {
  importEbayCategory(channelId: $channel, viewId: $view, categoryId: $category, localProductTypeId: $type) {
    categoryId downloaded mappedAspects unmappedRequired
  }
}"""


def test_browse_then_import_and_map_a_category(gql, other_gql, company, ebay_channel):
    view = EbayMarketplaceView.objects.get(sales_channel=ebay_channel, remote_id="EBAY_US")
    tshirt = select_value(company, product_type_property(company), "T-Shirt")
    ids = {"channel": str(ebay_channel.pk), "view": str(view.pk)}

    browsed = gql.execute(BROWSE, {**ids, "parent": "1059"})
    assert "errors" not in browsed, browsed
    assert browsed["data"]["browseEbayCategories"] == [
        {"categoryId": "15687", "name": "T-Shirts", "leaf": True},
        {"categoryId": "11483", "name": "Jeans", "leaf": True},
        {"categoryId": "155183", "name": "Hoodies & Sweatshirts", "leaf": True},
    ]
    imported = gql.execute(IMPORT, {**ids, "category": "15687", "type": str(tshirt.pk)})
    assert "errors" not in imported, imported
    assert imported["data"]["importEbayCategory"] == {
        "categoryId": "15687",
        "downloaded": True,
        "mappedAspects": [],
        "unmappedRequired": ["Brand", "Size"],
    }
    [mapped] = MarketplaceProductTypeMap.objects.filter(view=view)
    assert (mapped.local_product_type_id, mapped.schema.remote_type) == (tshirt.pk, "15687")

    assert other_gql.execute(BROWSE, {**ids, "parent": "1059"})["errors"]
    refused = other_gql.execute(IMPORT, {**ids, "category": "11483"})
    assert refused["errors"]
    assert not MarketplaceProductTypeMap.objects.filter(schema__remote_type="11483").exists()
    leaf_refused = gql.execute(IMPORT, {**ids, "category": "1059"})
    assert "not a leaf" in leaf_refused["errors"][0]["message"]
