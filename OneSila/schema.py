"""The root GraphQL schema: every app's `Query` and `Mutation` merged into one."""

from importlib import import_module

import strawberry
from strawberry.tools import merge_types
from strawberry_django.optimizer import DjangoOptimizerExtension

from core.schema.extensions import PaginationLimitExtension

SCHEMA_MODULES = (
    "core.schema.queries",
    "currencies.schema",
    "products.schema",
    "properties.schema",
    "sales_prices.schema",
    "inventory.schema",
    "media.schema",
    "orders.schema",
    "sales_channels.schema",
    "sales_channels.integrations.shopify.schema",
    "sales_channels.integrations.ebay.schema",
    "sales_channels.integrations.amazon.schema",
    "sales_channels.integrations.magento2.schema",
    "sales_channels.integrations.woocommerce.schema",
)


def _collect(attribute: str) -> tuple[type, ...]:
    found = []
    for module_name in SCHEMA_MODULES:
        module = import_module(module_name)
        if hasattr(module, attribute):
            found.append(getattr(module, attribute))
    return tuple(found)


Query = merge_types("Query", _collect("Query"))
Mutation = merge_types("Mutation", _collect("Mutation"))

schema = strawberry.Schema(
    query=Query, mutation=Mutation, extensions=[DjangoOptimizerExtension, PaginationLimitExtension]
)
