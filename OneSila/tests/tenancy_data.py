"""One row of every tenant model for a company: the data the schema-wide tenancy tests attack."""

from decimal import Decimal

from django.core.management import call_command

from core.models import TenantModel
from currencies.models import Currency
from media.models import MediaProductThrough
from orders.models import Order, OrderItem
from products.models import Product
from properties.models import ProductProperty, PropertySelectValue
from sales_channels import models as sc
from sales_channels.integrations.amazon.tests.tests_schemas.tenancy_data import populate_amazon
from sales_channels.integrations.ebay.tests.tests_schemas.tenancy_data import populate_ebay
from sales_channels.integrations.magento2.tests.tests_schemas.tenancy_data import populate_magento2
from sales_channels.integrations.shopify.tests.tests_schemas.tenancy_data import populate_shopify
from sales_channels.integrations.woocommerce.tests.tests_schemas.tenancy_data import populate_woocommerce
from sales_channels.tests.marketplace_catalog import populate_marketplaces
from sales_prices.models import SalesPriceList, SalesPriceListItem


def populate_company(*, company) -> None:
    """Seed a small demo catalog into `company`, plus the rows the seeder does not create."""
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


def populate_sales_channels(*, company) -> None:
    """One row of every sales_channels model: a channel, view, assign, every mirror, a task, a call log, an import."""

    def of(model):
        return model.objects.filter(multi_tenant_company=company).order_by("pk").first()

    own = {"multi_tenant_company": company}
    product = of(Product)
    channel = sc.SalesChannel.objects.create(**own, name="Tenancy shop", integration="tenancy")
    on_channel = {**own, "sales_channel": channel}
    view = sc.SalesChannelView.objects.create(**on_channel, remote_id="default", name="Default")
    sc.SalesChannelViewAssign.objects.create(**on_channel, view=view, product=product)
    sc.RemoteLanguage.objects.create(**on_channel, remote_code="en_US", local_instance="en")
    sc.RemoteCurrency.objects.create(**on_channel, remote_code="EUR")
    listing = sc.RemoteProduct.objects.create(**on_channel, local_instance=product, remote_id="p-1", remote_sku="S")
    sc.RemoteProductContent.objects.create(**on_channel, remote_product=listing, language="en")
    sc.RemotePrice.objects.create(**on_channel, remote_product=listing, currency=of(Currency))
    sc.RemoteInventory.objects.create(**on_channel, remote_product=listing)
    link = of(MediaProductThrough)
    image = sc.RemoteImage.objects.create(**on_channel, local_instance=link.media if link else None, remote_id="i-1")
    sc.RemoteImageProductAssociation.objects.create(
        **on_channel, remote_product=listing, remote_image=image, local_instance=link, remote_id="a-1"
    )
    value = of(ProductProperty)
    remote_property = sc.RemoteProperty.objects.create(
        **on_channel, local_instance=value.property if value else None, remote_id="attr-1", remote_name="Colour"
    )
    sc.RemotePropertySelectValue.objects.create(
        **on_channel, remote_property=remote_property, local_instance=of(PropertySelectValue), remote_id="opt-1"
    )
    sc.RemoteProductProperty.objects.create(
        **on_channel, remote_product=listing, remote_property=remote_property, local_instance=value
    )
    sc.RemoteCategory.objects.create(**on_channel, remote_id="cat-1", name="Shoes")
    sc.RemoteOrder.objects.create(**on_channel, local_instance=of(Order), remote_id="o-1")
    task = sc.SyncTask.objects.create(**on_channel, usage="product.sync", object_id=product.pk, status="failed")
    sc.RemoteCallLog.objects.create(**on_channel, sync_task_id=task.pk, method="GET", url="http://127.0.0.1/p")
    process = sc.ImportProcess.objects.create(**on_channel, kind="products")
    sc.ImportItemError.objects.create(**own, import_process=process, identifier="SKU-1", message="No price.")
    sc.RemoteJob.objects.create(**on_channel, kind="products_bulk", remote_id="job-1", import_process=process)
    sc.WebhookDelivery.objects.create(**on_channel, integration="tenancy", topic="orders/create", event_id="evt-1")
    populate_marketplaces(company=company, view=view, listing=listing)


# Apps whose tenant rows the demo seeder does not create append a `populate(company=...)` here.
EXTRA_POPULATORS: list = [
    populate_sales_channels,
    populate_shopify,
    populate_ebay,
    populate_amazon,
    populate_woocommerce,
    populate_magento2,
]


def first_row(*, model: type[TenantModel], company):
    """The first row of `model` in `company`, or None."""
    return model._default_manager.filter(multi_tenant_company=company).order_by("pk").first()
