"""Small, explicit builders of catalog rows for the framework tests (plain ORM, one company each)."""

from decimal import Decimal

from currencies.models import Currency
from inventory.models import Inventory, InventoryLocation
from media.models import Media, MediaProductThrough
from products.models import ConfigurableVariation, Product, ProductTranslation
from sales_prices.models import SalesPrice


def currency(company, *, iso: str = "EUR", default: bool = True, **kwargs) -> Currency:
    return Currency.objects.create(
        multi_tenant_company=company, iso_code=iso, name=iso, symbol=iso, is_default_currency=default, **kwargs
    )


def location(company, *, name: str = "Main") -> InventoryLocation:
    found, _ = InventoryLocation.objects.get_or_create(multi_tenant_company=company, name=name)
    return found


def product(
    company,
    sku: str,
    *,
    name: str | None = None,
    price: str | None = None,
    stock: int | None = None,
    kind: str = Product.SIMPLE,
    price_currency: Currency | None = None,
) -> Product:
    item = Product.objects.create(multi_tenant_company=company, sku=sku, type=kind)
    ProductTranslation.objects.create(
        multi_tenant_company=company, product=item, language="en", name=name or f"Name of {sku}"
    )
    if price is not None:
        currency_row = price_currency or Currency.objects.get(multi_tenant_company=company, is_default_currency=True)
        SalesPrice.objects.create(
            multi_tenant_company=company, product=item, currency=currency_row, price=Decimal(price)
        )
    if stock is not None:
        Inventory.objects.create(multi_tenant_company=company, product=item, location=location(company), quantity=stock)
    return item


def configurable(company, sku: str, *, variations: list[str], price: str = "10.00", stock: int = 3) -> Product:
    parent = product(company, sku, kind=Product.CONFIGURABLE)
    for variation_sku in variations:
        child = product(company, variation_sku, price=price, stock=stock)
        ConfigurableVariation.objects.create(multi_tenant_company=company, parent=parent, variation=child)
    return parent


def image(company, item: Product, *, url: str, main: bool = False, order: int = 0, channel=None) -> MediaProductThrough:
    media = Media.objects.create(multi_tenant_company=company, source_url=url, title=url.rsplit("/", 1)[-1])
    return MediaProductThrough.objects.create(
        multi_tenant_company=company,
        media=media,
        product=item,
        is_main_image=main,
        sort_order=order,
        sales_channel=channel,
    )
