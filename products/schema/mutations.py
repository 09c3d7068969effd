"""Product mutations: create, update and delete for every product model, scoped to the user's company."""

import strawberry

from core.schema.mutations import tenant_create, tenant_delete, tenant_update
from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation
from products.schema.inputs import (
    BundleItemInput,
    BundleItemPartialInput,
    ConfigurableVariationInput,
    ConfigurableVariationPartialInput,
    EanCodeInput,
    EanCodePartialInput,
    ProductInput,
    ProductPartialInput,
    ProductTranslationInput,
    ProductTranslationPartialInput,
)
from products.schema.types import (
    BundleItemType,
    ConfigurableVariationType,
    EanCodeType,
    ProductTranslationType,
    ProductType,
)


@strawberry.type
class Mutation:
    """Create, update and delete products and their parts."""

    create_product: ProductType = tenant_create(model=Product, input_type=ProductInput, output_type=ProductType)
    update_product: ProductType = tenant_update(model=Product, input_type=ProductPartialInput, output_type=ProductType)
    delete_product = tenant_delete(model=Product)

    create_configurable_variation: ConfigurableVariationType = tenant_create(
        model=ConfigurableVariation,
        input_type=ConfigurableVariationInput,
        output_type=ConfigurableVariationType,
    )
    update_configurable_variation: ConfigurableVariationType = tenant_update(
        model=ConfigurableVariation,
        input_type=ConfigurableVariationPartialInput,
        output_type=ConfigurableVariationType,
    )
    delete_configurable_variation = tenant_delete(model=ConfigurableVariation)

    create_bundle_item: BundleItemType = tenant_create(
        model=BundleItem, input_type=BundleItemInput, output_type=BundleItemType
    )
    update_bundle_item: BundleItemType = tenant_update(
        model=BundleItem, input_type=BundleItemPartialInput, output_type=BundleItemType
    )
    delete_bundle_item = tenant_delete(model=BundleItem)

    create_product_translation: ProductTranslationType = tenant_create(
        model=ProductTranslation, input_type=ProductTranslationInput, output_type=ProductTranslationType
    )
    update_product_translation: ProductTranslationType = tenant_update(
        model=ProductTranslation, input_type=ProductTranslationPartialInput, output_type=ProductTranslationType
    )
    delete_product_translation = tenant_delete(model=ProductTranslation)

    create_ean_code: EanCodeType = tenant_create(model=EanCode, input_type=EanCodeInput, output_type=EanCodeType)
    update_ean_code: EanCodeType = tenant_update(model=EanCode, input_type=EanCodePartialInput, output_type=EanCodeType)
    delete_ean_code = tenant_delete(model=EanCode)
