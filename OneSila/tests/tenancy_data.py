"""One row of every tenant model for a company: the data the schema-wide tenancy tests attack."""

from decimal import Decimal

from django.core.management import call_command

from core.models import TenantModel


def populate_company(*, company) -> None:
    """Seed a small demo catalog into `company`, plus the rows the seeder does not create."""
    from currencies.models import Currency
    from orders.models import Order, OrderItem
    from products.models import Product
    from sales_prices.models import SalesPriceList, SalesPriceListItem

    call_command("seed_demo_catalog", company=company.name, products=40, seed=7, verbosity=0)
    currency = Currency.objects.filter(multi_tenant_company=company).first()
    product = Product.objects.filter(multi_tenant_company=company, type=Product.SIMPLE).first()
    price_list = SalesPriceList.objects.create(multi_tenant_company=company, name="Winter sale", currency=currency)
    SalesPriceListItem.objects.create(
        multi_tenant_company=company, price_list=price_list, product=product, price=Decimal("9.99")
    )
    order = Order.objects.create(multi_tenant_company=company, reference="T-1", currency=currency)
    OrderItem.objects.create(
        multi_tenant_company=company, order=order, product=product, sku=product.sku, quantity=1, price=Decimal("5")
    )
    for extra in EXTRA_POPULATORS:
        extra(company=company)


# Apps whose tenant rows the demo seeder does not create append a `populate(company=...)` here.
EXTRA_POPULATORS: list = []


def first_row(*, model: type[TenantModel], company):
    """The first row of `model` in `company`, or None."""
    return model._default_manager.filter(multi_tenant_company=company).order_by("pk").first()
