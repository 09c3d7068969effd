"""Removed images leave the gallery (through a small synchronous change and through the bulk's second
stage), and a small live change goes through the synchronous routes without a bulk job."""

import pytest
from django.core.files.base import ContentFile

from media.models import Media, MediaProductThrough
from sales_channels.flows import default as flows
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2StoreView
from sales_channels.integrations.magento2.tests import swagger
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.integrations.magento2.tests.tests_e2e.shop import PNG, last_task_id, mug, run_all
from sales_channels.models import RemoteJob
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def store(company, magento_sandbox):
    catalog.currency(company, iso="EUR")
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    return channel, Magento2StoreView.objects.get(sales_channel=channel, code="default")


def add_image(company, product, *, title: str) -> MediaProductThrough:
    media = Media(multi_tenant_company=company, title=title)
    media.image.save(
        f"{product.sku.lower()}-{title.lower()}.png", ContentFile(PNG + f"{product.sku}-{title}".encode()), save=False
    )
    media.save()
    return MediaProductThrough.objects.create(multi_tenant_company=company, media=media, product=product, sort_order=5)


def gallery(sandbox, sku: str) -> list[str]:
    return [entry["label"] for entry in sandbox.state.products[sku]["media_gallery_entries"]]


def test_a_small_change_is_synchronous_and_a_removed_image_leaves_the_gallery(company, magento_sandbox, store):
    channel, view = store
    item = mug(company)
    flows.assign_products(view=view, product_ids=[item.pk])
    run_all(sandbox=magento_sandbox, since=0)
    assert RemoteJob.objects.count() == 0  # one product: synchronous routes, no bulk
    paths = [r["path"] for r in magento_sandbox.requests]
    assert "/rest/all/V1/products" in paths
    assert not any("/async/bulk/" in path for path in paths)

    since = last_task_id()
    add_image(company, item, title="Back")
    run_all(sandbox=magento_sandbox, since=since)
    assert gallery(magento_sandbox, "MUG-NEW") == ["Mug front", "Back"]

    since = last_task_id()
    MediaProductThrough.objects.filter(product=item, media__title="Mug front").delete()
    tasks = run_all(sandbox=magento_sandbox, since=since)
    assert {t.status for t in tasks} == {"succeeded"}, [t.error for t in tasks]
    assert gallery(magento_sandbox, "MUG-NEW") == ["Back"]
    assert RemoteJob.objects.count() == 0
    assert swagger.sent_request_errors(magento_sandbox) == {}


def test_the_bulk_second_stage_removes_removed_images(company, magento_sandbox, store):
    channel, view = store
    items = [mug(company, sku=f"MUG-{index}") for index in range(4)]
    for item in items:
        add_image(company, item, title="Side")
    flows.assign_products(view=view, product_ids=[item.pk for item in items])
    run_all(sandbox=magento_sandbox, since=0)
    assert all(gallery(magento_sandbox, item.sku) == ["Mug front", "Side"] for item in items)

    since = last_task_id()
    with flows.channel_muted(channel.pk):
        MediaProductThrough.objects.filter(product__in=items, media__title="Side").delete()
    flows.resync_products(channel=channel)  # the four changes in one batch
    tasks = run_all(sandbox=magento_sandbox, since=since)
    assert {t.status for t in tasks} == {"succeeded"}, [t.error for t in tasks]
    assert all(gallery(magento_sandbox, item.sku) == ["Mug front"] for item in items)
    assert RemoteJob.objects.filter(kind="products_bulk").count() == 2  # four changed products: a bulk each time
    assert magento_sandbox.state.products["MUG-0"]["media_gallery_entries"][0]["file"].startswith("/m/u/mug-0-front")
