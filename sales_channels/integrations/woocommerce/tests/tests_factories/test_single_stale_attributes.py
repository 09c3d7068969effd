"""A single listing push (outside a batch) whose answer lost a remembered global attribute: the entry is
forgotten, ensured again, the listing sent once more and the mirror stores what was finally sent; an answer
still stale after that resend fails the listing with a stored error, without a loop (HTTP mocked)."""

import json
from collections import Counter
from types import SimpleNamespace

import pytest
import responses

from sales_channels.exceptions import VendorValidationError
from sales_channels.integrations.woocommerce.factories.products.steps import WooCommerceProductStep
from sales_channels.integrations.woocommerce.factories.properties.attributes import select_attributes
from sales_channels.integrations.woocommerce.tests.tests_factories.test_batch_attributes import (
    STORE,
    make_context,
    pages,
    routes,
    select,
)
from sales_channels.models import MirrorStatus, RemoteProduct
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db


class MugStep(WooCommerceProductStep):
    """The product step's single-call hooks, with a payload of one select attribute (Colour: Red)."""

    variation_step = None

    @property
    def data(self):
        return SimpleNamespace(id=self.object_id, sku="MUG-1", images=[])

    def build_payload(self) -> dict:
        attributes, _others = select_attributes(
            context=self.context, values=[select(1, "Colour", "Red")], language="en", skip=set()
        )
        return {"sku": "MUG-1", "name": "Mug", "attributes": attributes}


@pytest.fixture
def setup(company):
    context = make_context(company)
    channel = context.channel
    channel.global_attributes = {"colour": {"id": 7, "terms": ["Red"]}}  # remembered before the store was reset
    channel.save()
    product = catalog.product(company, "MUG-1", name="Mug")
    mirror = RemoteProduct.objects.create(
        multi_tenant_company=company,
        sales_channel=channel,
        local_instance_id=product.pk,
        remote_id="50",
        remote_sku="MUG-1",
        status=MirrorStatus.SYNCED,
        payload_hash="old",
    )
    return SimpleNamespace(context=context, product=product, mirror=mirror)


def answer(attribute_id: int, name: str, options: list[str]) -> dict:
    return {
        "update": [{"id": 50, "sku": "MUG-1", "attributes": [{"id": attribute_id, "name": name, "options": options}]}]
    }


def sent_attributes() -> list[list[dict]]:
    bodies = [json.loads(c.request.body) for c in responses.calls if c.request.url.endswith("/products/batch")]
    return [body["update"][0]["attributes"] for body in bodies]


def store_reads_colour_as(attribute_id: int) -> None:
    responses.get(f"{STORE}/products/attributes", json=[{"id": attribute_id, "name": "Colour", "slug": "pa_colour"}])
    responses.get(f"{STORE}/products/attributes/{attribute_id}/terms", **pages([{"id": 30, "name": "Red"}]))


@responses.activate
def test_an_update_answered_with_id_0_is_ensured_again_and_sent_once_more(setup):
    responses.post(f"{STORE}/products/batch", json=answer(0, "", []))  # WooCommerce: an id it no longer holds
    responses.post(f"{STORE}/products/batch", json=answer(3, "Colour", ["Red"]))
    store_reads_colour_as(3)

    outcome = MugStep(context=setup.context, object_id=setup.product.pk).run()

    assert outcome.kind == "updated"
    assert routes() == Counter(
        {"POST products/batch": 2, "GET products/attributes": 1, "GET products/attributes/3/terms": 1}
    )
    assert [[a["id"] for a in attributes] for attributes in sent_attributes()] == [[7], [3]]
    mirror = RemoteProduct.objects.get(pk=setup.mirror.pk)
    assert mirror.status == MirrorStatus.SYNCED
    assert mirror.last_payload["attributes"][0]["id"] == 3  # what was finally sent, not the stale first payload
    assert setup.context.channel.specific.global_attributes == {"colour": {"id": 3, "terms": ["Red"]}}

    again = MugStep(context=setup.context, object_id=setup.product.pk).run()
    assert again.kind == "unchanged"  # the stored hash is the resent payload's
    assert len(responses.calls) == 4


@responses.activate
def test_an_answer_still_stale_after_the_resend_fails_the_listing_with_a_clear_error_and_no_loop(setup):
    responses.post(f"{STORE}/products/batch", json=answer(7, "Brand", ["Acme"]))  # id 7 now another attribute's
    responses.post(f"{STORE}/products/batch", json=answer(3, "Colour", []))  # the term still dropped
    store_reads_colour_as(3)

    with pytest.raises(VendorValidationError, match="'Colour'"):
        MugStep(context=setup.context, object_id=setup.product.pk).run()

    assert routes()["POST products/batch"] == 2
    mirror = RemoteProduct.objects.get(pk=setup.mirror.pk)
    assert mirror.status == MirrorStatus.FAILED
    assert "did not keep the global attribute(s) 'Colour'" in mirror.last_error
    assert "Products > Attributes" in mirror.last_error
    assert mirror.payload_hash == "old"
    assert "colour" not in (setup.context.channel.specific.global_attributes or {})  # the next push reads again
