"""Price queries: lists, single rows by id, and the price that applies to a product on a day."""

import datetime

import strawberry
import strawberry_django
from strawberry.types import Info

from core.schema.context import get_multi_tenant_company
from core.schema.mutations import get_tenant_object
from currencies.models import Currency
from products.models import Product
from sales_prices.pricing import get_price
from sales_prices.schema.types import ResolvedPriceType, SalesPriceListItemType, SalesPriceListType, SalesPriceType


@strawberry.type
class Query:
    """Prices and price lists of the logged-in user's company."""

    sales_prices: list[SalesPriceType] = strawberry_django.field(description="Regular prices and RRPs.")
    sales_price: SalesPriceType | None = strawberry_django.field(description="One price by id.")
    sales_price_lists: list[SalesPriceListType] = strawberry_django.field(description="Price lists.")
    sales_price_list: SalesPriceListType | None = strawberry_django.field(description="One price list by id.")
    sales_price_list_items: list[SalesPriceListItemType] = strawberry_django.field(description="Price list items.")
    sales_price_list_item: SalesPriceListItemType | None = strawberry_django.field(description="One item by id.")

    @strawberry.field(description="The price of a product in a currency on a day (today when omitted); null if none.")
    def resolved_price(
        self, info: Info, product_id: strawberry.ID, currency_id: strawberry.ID, at: datetime.date | None = None
    ) -> ResolvedPriceType | None:
        company = get_multi_tenant_company(info)
        product = get_tenant_object(model=Product, pk=product_id, company=company)
        currency = get_tenant_object(model=Currency, pk=currency_id, company=company)
        resolved = get_price(product=product, currency=currency, at=at)
        if resolved is None:
            return None
        return ResolvedPriceType(price=resolved.price, rrp=resolved.rrp, source=resolved.source.upper())
