"""Property mutations: create, update and delete for every property model, plus one bulk assignment."""

import strawberry
from django.core.exceptions import ValidationError
from graphql import GraphQLError
from strawberry.types import Info
from strawberry_django.optimizer import optimize

from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import tenant_create, tenant_delete, tenant_update, validation_message
from properties.bulk import VALUE_FIELDS, bulk_assign_product_property
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
from properties.schema import inputs
from properties.schema.types import (
    ProductPropertiesRuleItemType,
    ProductPropertiesRuleType,
    ProductPropertyTextTranslationType,
    ProductPropertyType,
    PropertySelectValueTranslationType,
    PropertySelectValueType,
    PropertyTranslationType,
    PropertyType,
)


@strawberry.type
class Mutation:
    """Create, update and delete properties, their values and product-type rules."""

    create_property: PropertyType = tenant_create(
        model=Property, input_type=inputs.PropertyInput, output_type=PropertyType
    )
    update_property: PropertyType = tenant_update(
        model=Property, input_type=inputs.PropertyPartialInput, output_type=PropertyType
    )
    delete_property = tenant_delete(model=Property)

    create_property_translation: PropertyTranslationType = tenant_create(
        model=PropertyTranslation,
        input_type=inputs.PropertyTranslationInput,
        output_type=PropertyTranslationType,
    )
    update_property_translation: PropertyTranslationType = tenant_update(
        model=PropertyTranslation,
        input_type=inputs.PropertyTranslationPartialInput,
        output_type=PropertyTranslationType,
    )
    delete_property_translation = tenant_delete(model=PropertyTranslation)

    create_property_select_value: PropertySelectValueType = tenant_create(
        model=PropertySelectValue,
        input_type=inputs.PropertySelectValueInput,
        output_type=PropertySelectValueType,
    )
    update_property_select_value: PropertySelectValueType = tenant_update(
        model=PropertySelectValue,
        input_type=inputs.PropertySelectValuePartialInput,
        output_type=PropertySelectValueType,
    )
    delete_property_select_value = tenant_delete(model=PropertySelectValue)

    create_property_select_value_translation: PropertySelectValueTranslationType = tenant_create(
        model=PropertySelectValueTranslation,
        input_type=inputs.PropertySelectValueTranslationInput,
        output_type=PropertySelectValueTranslationType,
    )
    update_property_select_value_translation: PropertySelectValueTranslationType = tenant_update(
        model=PropertySelectValueTranslation,
        input_type=inputs.PropertySelectValueTranslationPartialInput,
        output_type=PropertySelectValueTranslationType,
    )
    delete_property_select_value_translation = tenant_delete(model=PropertySelectValueTranslation)

    create_product_property: ProductPropertyType = tenant_create(
        model=ProductProperty, input_type=inputs.ProductPropertyInput, output_type=ProductPropertyType
    )
    update_product_property: ProductPropertyType = tenant_update(
        model=ProductProperty, input_type=inputs.ProductPropertyPartialInput, output_type=ProductPropertyType
    )
    delete_product_property = tenant_delete(model=ProductProperty)

    create_product_property_text_translation: ProductPropertyTextTranslationType = tenant_create(
        model=ProductPropertyTextTranslation,
        input_type=inputs.ProductPropertyTextTranslationInput,
        output_type=ProductPropertyTextTranslationType,
    )
    update_product_property_text_translation: ProductPropertyTextTranslationType = tenant_update(
        model=ProductPropertyTextTranslation,
        input_type=inputs.ProductPropertyTextTranslationPartialInput,
        output_type=ProductPropertyTextTranslationType,
    )
    delete_product_property_text_translation = tenant_delete(model=ProductPropertyTextTranslation)

    create_product_properties_rule: ProductPropertiesRuleType = tenant_create(
        model=ProductPropertiesRule,
        input_type=inputs.ProductPropertiesRuleInput,
        output_type=ProductPropertiesRuleType,
    )
    update_product_properties_rule: ProductPropertiesRuleType = tenant_update(
        model=ProductPropertiesRule,
        input_type=inputs.ProductPropertiesRulePartialInput,
        output_type=ProductPropertiesRuleType,
    )
    delete_product_properties_rule = tenant_delete(model=ProductPropertiesRule)

    create_product_properties_rule_item: ProductPropertiesRuleItemType = tenant_create(
        model=ProductPropertiesRuleItem,
        input_type=inputs.ProductPropertiesRuleItemInput,
        output_type=ProductPropertiesRuleItemType,
    )
    update_product_properties_rule_item: ProductPropertiesRuleItemType = tenant_update(
        model=ProductPropertiesRuleItem,
        input_type=inputs.ProductPropertiesRuleItemPartialInput,
        output_type=ProductPropertiesRuleItemType,
    )
    delete_product_properties_rule_item = tenant_delete(model=ProductPropertiesRuleItem)

    @strawberry.mutation(
        description="Give every listed product the same value for one property, creating or replacing it. "
        "All or nothing: an unknown product, or a value that does not fit the property's type, changes nothing."
    )
    def bulk_assign_product_property(
        self, info: Info, data: inputs.BulkAssignProductPropertyInput
    ) -> list[ProductPropertyType]:
        values = {name: getattr(data, name) for name in VALUE_FIELDS if getattr(data, name) is not strawberry.UNSET}
        try:
            rows = bulk_assign_product_property(
                company=get_multi_tenant_company(info),
                user=get_request_user(info),
                product_ids=data.product_ids,
                property_id=data.property,
                values=values,
            )
        except ValidationError as exc:
            raise GraphQLError(validation_message(exc)) from exc
        order = {row.pk: index for index, row in enumerate(rows)}
        optimized = optimize(ProductProperty.objects.filter(pk__in=order), info)
        return sorted(optimized, key=lambda row: order[row.pk])
