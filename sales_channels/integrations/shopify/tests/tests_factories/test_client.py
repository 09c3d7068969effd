"""ShopifyClient: mutations are recognised (never retried as idempotent), queries are."""

from sales_channels.integrations.shopify.client import is_mutation
from sales_channels.integrations.shopify.documents import document_names


def test_every_mutation_document_is_recognised_despite_leading_comments():
    mutations = {name for name in document_names() if is_mutation(name)}
    assert {"product_set", "product_delete", "metafields_set", "inventory_set_quantities"} <= mutations
    assert "products_page" not in mutations
    assert "shop_metadata" not in mutations
