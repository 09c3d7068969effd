"""Media against the sandbox: processed asynchronously, matched by id and recorded source, FAILED is visible."""

import pytest

from media.models import MediaProductThrough
from sales_channels.flows import default as flows
from sales_channels.models import RemoteImageProductAssociation, RemoteLanguage, RemoteProduct, SalesChannelView
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all

pytestmark = pytest.mark.django_db(transaction=True)

SEEDED_MEDIA = 2  # the sandbox shop's own products have two images


@pytest.fixture
def shop(company, shopify_channel, shopify_sandbox):
    state = shopify_sandbox.state
    catalog.currency(company)
    shopify_channel.primary_location_id = next(iter(state.locations.values())).gid
    shopify_channel.shop_currency = "EUR"
    shopify_channel.save()
    RemoteLanguage.objects.update_or_create(
        sales_channel=shopify_channel,
        remote_code="en",
        view=None,
        defaults={"multi_tenant_company": company, "local_instance": "en"},
    )
    online = next(p for p in state.publications.values() if p.title == "Online Store")
    view, _ = SalesChannelView.objects.get_or_create(
        sales_channel=shopify_channel, remote_id=online.gid, defaults={"multi_tenant_company": company}
    )
    return shopify_channel, view


@pytest.fixture
def bag(company):
    bag = catalog.product(company, "BAG-1", name="Bag", price="30.00", stock=2)
    catalog.image(company, bag, url="https://images.example.com/bag-front.jpg", main=True)
    catalog.image(company, bag, url="https://images.example.com/bag-side.jpg", order=1)
    return bag


def _calls(sandbox) -> list[str]:
    return [entry["operation"] for entry in sandbox.request_log if entry["path"].endswith("graphql.json")]


def test_processing_media_are_checked_once_then_a_resync_neither_calls_nor_reuploads(shop, bag, shopify_sandbox):
    channel, view = shop
    shopify_sandbox.set_media_processing(60.0)  # still processing when the next sync comes
    flows.assign_products(view=view, product_ids=[bag.pk])
    assert {t.status for t in run_all(since=0)} == {"succeeded"}
    remote = shopify_sandbox.state.product_by_gid(RemoteProduct.objects.get(local_instance_id=bag.pk).remote_id)
    media_ids = [m.gid for m in remote.media]
    rows = RemoteImageProductAssociation.objects.order_by("pk")
    assert [(row.remote_id, row.status) for row in rows] == [(media_ids[0], "pending"), (media_ids[1], "pending")]
    assert [row.last_payload["originalSource"] for row in rows] == [
        "https://images.example.com/bag-front.jpg",
        "https://images.example.com/bag-side.jpg",
    ]

    for image in remote.media:
        image.ready_at = 0.0  # processing done: served from Shopify's CDN, not from the URL we sent
    shopify_sandbox.request_log.clear()
    since = last_task_id()
    flows.resync_products(channel=channel)
    assert {t.status for t in run_all(since=since)} == {"succeeded"}
    assert _calls(shopify_sandbox) == ["MediaStatus"]
    assert set(RemoteImageProductAssociation.objects.values_list("status", flat=True)) == {"synced"}

    shopify_sandbox.request_log.clear()
    since = last_task_id()
    flows.resync_products(channel=channel)
    run_all(since=since)
    assert _calls(shopify_sandbox) == []
    assert [m.gid for m in remote.media] == media_ids


def test_a_changed_listing_sends_known_media_by_id_and_uploads_only_a_new_image(company, shop, bag, shopify_sandbox):
    _channel, view = shop
    shopify_sandbox.set_media_processing(0.0)
    flows.assign_products(view=view, product_ids=[bag.pk])
    run_all(since=0)
    remote = shopify_sandbox.state.product_by_gid(RemoteProduct.objects.get(local_instance_id=bag.pk).remote_id)
    front, side = (m.gid for m in remote.media)

    side_link = MediaProductThrough.objects.get(product=bag, sort_order=1)
    side_link.media.source_url = "https://images.example.com/bag-side-v2.jpg"
    side_link.media.save()
    since = last_task_id()
    flows.resync_products(channel=_channel)
    assert {t.status for t in run_all(since=since)} == {"succeeded"}

    assert [m.gid for m in remote.media][0] == front  # kept by id: never re-uploaded
    assert [m.original_source for m in remote.media] == [
        "https://images.example.com/bag-front.jpg",
        "https://images.example.com/bag-side-v2.jpg",
    ]
    assert remote.media[1].gid != side
    row = RemoteImageProductAssociation.objects.get(local_instance_id=side_link.pk)
    assert (row.remote_id, row.last_payload["originalSource"]) == (remote.media[1].gid, side_link.media.source_url)


def test_a_media_failing_later_is_a_visible_error_with_shopifys_reason(company, shop, bag, shopify_sandbox):
    channel, view = shop
    shopify_sandbox.set_media_processing(60.0)
    catalog.image(company, bag, url="https://cdn.unreachable.invalid/bag-back.jpg", order=2)
    flows.assign_products(view=view, product_ids=[bag.pk])
    assert {t.status for t in run_all(since=0)} == {"succeeded"}  # processing: not known to fail yet
    remote = shopify_sandbox.state.product_by_gid(RemoteProduct.objects.get(local_instance_id=bag.pk).remote_id)
    for image in remote.media:
        image.ready_at = 0.0

    since = last_task_id()
    flows.resync_products(channel=channel)
    [task] = run_all(since=since)

    assert (task.status, task.error_kind) == ("failed", "validation")
    assert "Image could not be downloaded from https://cdn.unreachable.invalid/bag-back.jpg" in task.error
    assert RemoteProduct.objects.get(local_instance_id=bag.pk).status == "failed"
    assert shopify_sandbox.counts()["media"] == SEEDED_MEDIA + 3  # nothing re-uploaded


def test_a_failed_media_is_a_visible_error_on_the_listing(company, shop, bag, shopify_sandbox):
    channel, view = shop
    shopify_sandbox.set_media_processing(0.0)
    catalog.image(company, bag, url="https://cdn.unreachable.invalid/bag-back.jpg", order=2)
    flows.assign_products(view=view, product_ids=[bag.pk])
    [task] = run_all(since=0)

    assert (task.status, task.error_kind) == ("failed", "validation")
    assert "Shopify could not process the image https://cdn.unreachable.invalid/bag-back.jpg" in task.error
    mirror = RemoteProduct.objects.get(local_instance_id=bag.pk)
    assert mirror.status == "failed"
    assert "https://cdn.unreachable.invalid/bag-back.jpg: media status FAILED" in mirror.last_error
    failed = RemoteImageProductAssociation.objects.get(status="failed")
    assert failed.last_payload["originalSource"] == "https://cdn.unreachable.invalid/bag-back.jpg"
    assert shopify_sandbox.counts()["media"] == SEEDED_MEDIA + 3  # the shop's own and our three: no duplicate
