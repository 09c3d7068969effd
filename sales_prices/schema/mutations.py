"""Price mutations: create/update/delete per model, and an all-or-nothing bulk assignment."""

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import tenant_create, tenant_delete, tenant_update
from sales_prices.assign import PriceAssignment, PriceAssignmentError, assign_sales_prices
from sales_prices.models import SalesPrice, SalesPriceList, SalesPriceListItem
from sales_prices.schema.inputs import (
    BulkSalesPriceInput,
    SalesPriceInput,
    SalesPriceListInput,
    SalesPriceListItemInput,
    SalesPriceListItemPartialInput,
    SalesPriceListPartialInput,
    SalesPricePartialInput,
)
from sales_prices.schema.types import SalesPriceListItemType, SalesPriceListType, SalesPriceType


@strawberry.type
class Mutation:
    """Price changes inside the user's company; invalid input is a GraphQL error and changes nothing."""

    create_sales_price: SalesPriceType = tenant_create(
        model=SalesPrice, input_type=SalesPriceInput, output_type=SalesPriceType
    )
    update_sales_price: SalesPriceType = tenant_update(
        model=SalesPrice, input_type=SalesPricePartialInput, output_type=SalesPriceType
    )
    delete_sales_price = tenant_delete(model=SalesPrice)

    create_sales_price_list: SalesPriceListType = tenant_create(
        model=SalesPriceList, input_type=SalesPriceListInput, output_type=SalesPriceListType
    )
    update_sales_price_list: SalesPriceListType = tenant_update(
        model=SalesPriceList, input_type=SalesPriceListPartialInput, output_type=SalesPriceListType
    )
    delete_sales_price_list = tenant_delete(model=SalesPriceList)

    create_sales_price_list_item: SalesPriceListItemType = tenant_create(
        model=SalesPriceListItem, input_type=SalesPriceListItemInput, output_type=SalesPriceListItemType
    )
    update_sales_price_list_item: SalesPriceListItemType = tenant_update(
        model=SalesPriceListItem, input_type=SalesPriceListItemPartialInput, output_type=SalesPriceListItemType
    )
    delete_sales_price_list_item = tenant_delete(model=SalesPriceListItem)

    @strawberry.mutation(
        description=(
            "Set the price and RRP of many (product, currency) pairs in one transaction. An invalid item "
            "is an error naming its index (items[i]) and reason, and then nothing is changed."
        )
    )
    def bulk_assign_sales_prices(self, info: Info, items: list[BulkSalesPriceInput]) -> list[SalesPriceType]:
        company = get_multi_tenant_company(info)
        assignments = [
            PriceAssignment(product_id=item.product_id, currency_id=item.currency_id, price=item.price, rrp=item.rrp)
            for item in items
        ]
        try:
            return assign_sales_prices(company=company, items=assignments, user=get_request_user(info))
        except PriceAssignmentError as exc:
            raise GraphQLError(str(exc)) from exc
