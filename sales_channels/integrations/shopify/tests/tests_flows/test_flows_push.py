"""Live signals on a Shopify channel: which task each catalog change queues, deduplicated (no HTTP: queue stubbed)."""

from decimal import Decimal

import pytest

from inventory.models import Inventory
from products.models import ProductTranslation
from properties.models import ProductProperty, Property
from sales_channels.flows import default as flows
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import RemoteProduct, SalesChannelView, SyncTask
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tests import catalog
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued(monkeypatch):
    """Record the task ids flows hand to the queue instead of running them."""
    ids: list[int] = []
    monkeypatch.setattr(
        "sales_channels.tasks.enqueue_sync_tasks", lambda *, sync_task_ids, delay=0: ids.extend(sync_task_ids)
    )
    return ids


@pytest.fixture
def shop(company):
    catalog.currency(company)
    channel = ShopifySalesChannel.objects.create(
        multi_tenant_company=company, name="Shop", shop_domain="flows.myshopify.com", connection_status="connected"
    )
    online = SalesChannelView.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_id="gid://shopify/Publication/1", name="Online"
    )
    pos = SalesChannelView.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_id="gid://shopify/Publication/2", name="POS"
    )
    return channel, online, pos


@pytest.fixture
def mug(company, shop, enqueued):
    channel, online, _pos = shop
    item = catalog.product(company, "MUG-1", price="12.50", stock=7)
    flows.assign_products(view=online, product_ids=[item.pk])
    SyncTask.objects.filter(object_id=item.pk).update(status="succeeded")
    RemoteProduct.objects.create(
        multi_tenant_company=company, sales_channel=channel, local_instance=item, remote_id="gid://shopify/Product/1"
    )
    return item


def pending():
    return sorted((t.view_id, t.usage, t.object_id) for t in SyncTask.objects.filter(status__in=PENDING_STATUSES))


def test_assign_queues_one_create_per_product_without_a_view(company, shop, enqueued):
    _channel, online, pos = shop
    item = catalog.product(company, "TEE-1", price="9.00")

    flows.assign_products(view=online, product_ids=[item.pk])
    flows.assign_products(view=pos, product_ids=[item.pk])

    assert pending() == [(None, "product.create", item.pk)]  # a storefront lists once, whatever its publications


def test_ten_saves_of_the_content_give_one_sync(mug, enqueued, django_capture_on_commit_callbacks):
    translation = ProductTranslation.objects.get(product=mug)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            translation.name = f"Mug v{n}"
            translation.save()

    assert pending() == [(None, "product.sync", mug.pk)]


@pytest.mark.parametrize(
    ("change", "usage"),
    [
        ("price", "price.update"),
        ("stock", "stock.update"),
        ("image", "product.sync"),
        ("property", "product.sync"),
        ("translation", "product.sync"),
    ],
)
def test_each_change_kind_queues_its_usage(company, mug, enqueued, django_capture_on_commit_callbacks, change, usage):
    with django_capture_on_commit_callbacks(execute=True):
        if change == "price":
            price = SalesPrice.objects.get(product=mug)
            price.price = Decimal("14.00")
            price.save()
        elif change == "stock":
            stock = Inventory.objects.get(product=mug)
            stock.quantity = 3
            stock.save()
        elif change == "image":
            catalog.image(company, mug, url="https://img.example.com/mug.jpg", main=True)
        elif change == "property":
            flag = Property.objects.create(
                multi_tenant_company=company, type=Property.Type.BOOLEAN, internal_name="gift"
            )
            ProductProperty.objects.create(multi_tenant_company=company, product=mug, property=flag, value_boolean=True)
        else:
            ProductTranslation.objects.create(multi_tenant_company=company, product=mug, language="nl", name="Mok")

    assert pending() == [(None, usage, mug.pk)]


def test_unassign_from_the_last_publication_deletes_with_the_remote_id(shop, mug, enqueued):
    _channel, online, _pos = shop

    flows.unassign_products(view=online, product_ids=[mug.pk])

    [task] = SyncTask.objects.filter(status__in=PENDING_STATUSES)
    assert (task.usage, task.payload) == ("product.delete", {"remote_id": "gid://shopify/Product/1"})


def test_unassign_from_one_of_two_publications_syncs(shop, mug, enqueued):
    _channel, online, pos = shop
    flows.assign_products(view=pos, product_ids=[mug.pk])
    SyncTask.objects.update(status="succeeded")

    flows.unassign_products(view=pos, product_ids=[mug.pk])

    assert pending() == [(None, "product.sync", mug.pk)]


def test_deleting_the_product_deletes_the_listing(mug, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mug.delete()

    [task] = SyncTask.objects.filter(status__in=PENDING_STATUSES)
    assert (task.usage, task.payload) == ("product.delete", {"remote_id": "gid://shopify/Product/1"})
