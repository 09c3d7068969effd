"""GraphQL for the Magento2 integration (add this module to SCHEMA_MODULES in OneSila/schema.py)."""

from sales_channels.integrations.magento2.schema.mutations import Mutation
from sales_channels.integrations.magento2.schema.queries import Query

__all__ = ["Mutation", "Query"]
