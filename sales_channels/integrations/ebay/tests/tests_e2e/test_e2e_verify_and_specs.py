"""Read-back (remote.verify) against the sandbox, and the calls the main spec test does not reach, validated too.

The main spec test (`test_e2e_openapi.py`) covers connect, push, price change, import, orders and
unassign. This one adds: a location created at connect, an offer replaced with `PUT /offer/{id}`,
the read-back calls of `remote.verify` (`bulk_get_inventory_item`, `GET inventory_item_group`), the
Notification API's public key fetched for a signed account-deletion notification, and the group
withdrawn and deleted on unassign.
"""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from sales_channels.flows import default as flows
from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth
from sales_channels.integrations.ebay.models import EbayMarketplaceView
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.integrations.ebay.sandbox.notifications import deletion_payload
from sales_channels.integrations.ebay.tests import openapi_check
from sales_channels.integrations.ebay.tests.conftest import new_channel
from sales_channels.integrations.ebay.tests.tests_e2e.test_e2e_push import sizes
from sales_channels.models import RemoteProduct
from sales_channels.tests import catalog
from sales_channels.tests.e2e import last_task_id, run_all
from sales_channels.verify import verify_remote

pytestmark = pytest.mark.django_db(transaction=True)

OTHER_LEAF = "88433"  # the sandbox's "Everything Else > Other": no required aspects
VERIFICATION_TOKEN = "verification-token-of-at-least-32-characters-0123456789"


def listings(company):
    mug = catalog.product(company, "MUG-1", name="Mug", price="12.50", stock=7)
    catalog.image(company, mug, url="https://images.example.com/mug.jpg", main=True)
    tee = catalog.configurable(company, "TEE", variations=["TEE-S", "TEE-M"], price="19.90", stock=4)
    catalog.image(company, tee, url="https://images.example.com/tee.jpg", main=True)
    sizes(company, tee)
    return mug, tee


def push(view, product_ids: list[int]) -> None:
    since = last_task_id()
    flows.assign_products(view=view, product_ids=product_ids)
    tasks = run_all(since=since)
    assert {t.status for t in tasks} == {"succeeded"}, [t.error for t in tasks if t.status != "succeeded"]


def test_verify_finds_a_listing_deleted_on_ebay_and_the_resync_lists_it_again(
    company, ebay_channel, ebay_view, ebay_sandbox
):
    mug, tee = listings(company)
    push(ebay_view, [mug.pk, tee.pk])
    assert verify_remote(channel=ebay_channel, queue=False).missing == []
    offers = ebay_sandbox.inventory.offers
    del ebay_sandbox.inventory.items["MUG-1"]  # deleted in eBay's UI: its offer goes with it, the group stays
    for offer_id in [key for key, offer in offers.items() if offer["sku"] == "MUG-1"]:
        del offers[offer_id]

    report = verify_remote(channel=ebay_channel, queue=False)

    assert (report.checked, report.missing) == (2, ["MUG-1"])
    mirror = RemoteProduct.objects.get(sales_channel=ebay_channel, local_instance_id=mug.pk)
    assert (mirror.status, mirror.remote_id) == ("outdated", "")
    assert "missing on the vendor" in mirror.last_error
    since = last_task_id()
    flows.resync_products(channel=ebay_channel, product_ids=[mug.pk])
    tasks = run_all(since=since)
    assert {t.status for t in tasks} == {"succeeded"}, [t.error for t in tasks if t.status != "succeeded"]
    assert "MUG-1" in ebay_sandbox.inventory.items
    [offer] = [offer for offer in offers.values() if offer["sku"] == "MUG-1"]
    assert offer["status"] == "PUBLISHED"
    assert verify_remote(channel=ebay_channel, queue=False).missing == []


def test_location_offer_replace_read_back_notification_and_withdraw_match_ebays_specs(company, client, settings):
    openapi_check.specs_or_skip()
    settings.EBAY_VERIFICATION_TOKEN = VERIFICATION_TOKEN
    cache.clear()
    catalog.currency(company, iso="USD")
    mug, tee = listings(company)
    with EbaySandbox(record_exchanges=True) as sandbox:
        sandbox.inventory.locations.clear()  # connect creates one
        channel = connect_via_oauth(
            channel=new_channel(company=company, sandbox=sandbox, location_country="US", location_postal_code="95125")
        )
        view = EbayMarketplaceView.objects.get(sales_channel=channel, remote_id="EBAY_US")
        view.category_id = "9355"
        view.save()
        push(view, [mug.pk, tee.pk])
        view.category_id = OTHER_LEAF  # the offers change: each is replaced with PUT /offer/{id}
        view.save()
        since = last_task_id()
        flows.resync_products(channel=channel)
        assert {t.status for t in run_all(since=since)} == {"succeeded"}
        assert {offer["categoryId"] for offer in sandbox.inventory.offers.values()} >= {OTHER_LEAF}
        assert verify_remote(channel=channel, queue=False).missing == []
        since = last_task_id()
        flows.unassign_products(view=view, product_ids=[mug.pk, tee.pk])
        assert {t.status for t in run_all(since=since)} == {"succeeded"}
        body = json.dumps(deletion_payload(username=sandbox.username, user_id=sandbox.user_id)).encode()
        answer = client.post(
            reverse("ebay-account-deletion"),
            data=body,
            content_type="application/json",
            HTTP_X_EBAY_SIGNATURE=sandbox.signer.signature_header(body),
        )
        assert answer.status_code == 204  # verified with the public key: the seller's tokens are erased
        exchanges = list(sandbox.exchanges)

    checked = [e for e in exchanges if openapi_check.covered(e.path)]
    operations = {f"{e.method} {e.path.split('/v1', 1)[-1]}" for e in checked}
    offer_puts = [op for op in operations if op.startswith("PUT /offer/")]
    assert len(offer_puts) == 3  # the mug's and the two variations' offers
    for expected in (
        "POST /location/ONESILA-DEFAULT",
        "POST /bulk_get_inventory_item",
        "GET /inventory_item_group/TEE",
        "POST /offer/withdraw_by_inventory_item_group",
        "DELETE /inventory_item_group/TEE",
    ):
        assert expected in operations, sorted(operations)
    assert any(op.startswith("GET /public_key/") for op in operations), sorted(operations)
    assert openapi_check.problems(checked) == []
