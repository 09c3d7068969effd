"""The sandbox's dynamic productSet cost follows Shopify's changelog term by term (2025-10 onwards)."""

from sales_channels.integrations.shopify.sandbox.cost import dynamic_mutation_cost


def test_product_files_cost_1_9_and_variant_files_0_6():
    image = {"originalSource": "https://img.example.com/a.jpg", "contentType": "IMAGE"}
    variants = [{"file": image, "metafields": [{}]}, {"file": image}, {}]
    arguments = {"input": {"files": [image] * 2, "metafields": [{}] * 3, "variants": variants}}

    # 3 variants x 0.2 + 2 product files x 1.9 + 2 variant files x 0.6 + 4 metafields x 0.4 = 7.2 -> 8
    assert dynamic_mutation_cost("productSet", arguments) == 8


def test_only_the_dynamic_mutations_add_to_their_base():
    assert dynamic_mutation_cost("translationsRegister", {"translations": [{}] * 50}) == 0
    assert dynamic_mutation_cost("productVariantsBulkUpdate", {"variants": [{}] * 10}) == 2
