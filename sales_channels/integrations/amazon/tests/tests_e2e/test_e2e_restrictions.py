"""The Listings Restrictions check before a listing is created for an existing ASIN (single put and feed paths)."""

import pytest

from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.factories.feeds import FEED_MIN_MESSAGES
from sales_channels.integrations.amazon.factories.restrictions import ASIN_ATTRIBUTE
from sales_channels.integrations.amazon.tests.conftest import US, run_all
from sales_channels.models import MirrorStatus, RemoteJob, RemoteProduct
from sales_channels.tests.marketplace_catalog import prop, set_text

pytestmark = pytest.mark.django_db(transaction=True)

GATED = "B0GATED001"


@pytest.fixture
def asin(company, shirts, amazon_sandbox):
    """A local "ASIN" property mapped to merchant_suggested_asin; one ASIN the sandbox seller needs approval for."""
    row = prop(company, "asin", name="ASIN")
    shirts.imported.schema.attributes.filter(code=ASIN_ATTRIBUTE).update(local_property=row)
    amazon_sandbox.listings.restricted_asins[GATED] = ("APPROVAL_REQUIRED", "You need approval to list this brand.")
    return row


def test_a_restricted_asin_is_not_created_and_says_how_to_get_approval(company, shirts, asin, amazon_sandbox):
    gated = shirts.shirt("TEE-GATED")
    set_text(company, gated, asin, GATED)
    free = shirts.shirt("TEE-FREE")
    set_text(company, free, asin, "B0FREE0001")
    plain = shirts.shirt("TEE-NO-ASIN")

    flows.assign_products(view=shirts.view, product_ids=[gated.pk, free.pk, plain.pk])
    run_all()

    assert amazon_sandbox.listings.get("TEE-GATED", US) is None
    assert amazon_sandbox.listings.get("TEE-FREE", US).attributes[ASIN_ATTRIBUTE][0]["value"] == "B0FREE0001"
    assert amazon_sandbox.listings.get("TEE-NO-ASIN", US) is not None
    assert amazon_sandbox.calls("getListingsRestrictions") == 2  # a listing without an ASIN has nothing to check
    assert amazon_sandbox.calls("putListingsItem") == 2
    mirror = RemoteProduct.objects.get(local_instance=gated, view=shirts.view)
    assert mirror.status == MirrorStatus.FAILED
    issue = mirror.issues.get()
    assert (issue.source, issue.code, issue.attribute_names) == ("vendor", "APPROVAL_REQUIRED", [ASIN_ATTRIBUTE])
    assert f"Listing ASIN {GATED} as new_new in marketplace {US} needs Amazon's approval" in issue.message
    assert "You need approval to list this brand." in issue.message
    assert "sellercentral.amazon.com/hz/approvalrequest" in issue.message
    assert "needs Amazon's approval" in mirror.last_error

    flows.assign_products(view=shirts.view, product_ids=[gated.pk])  # still restricted: still not sent
    run_all()
    assert amazon_sandbox.listings.get("TEE-GATED", US) is None


def test_the_feed_leaves_out_a_restricted_asin_and_sends_the_rest(company, shirts, asin, amazon_sandbox):
    items = [shirts.shirt(f"FEED-{n:02}") for n in range(FEED_MIN_MESSAGES + 1)]
    set_text(company, items[0], asin, GATED)

    flows.assign_products(view=shirts.view, product_ids=[item.pk for item in items])
    run_all()

    assert RemoteJob.objects.count() == 1
    assert amazon_sandbox.listings.get("FEED-00", US) is None
    assert all(amazon_sandbox.listings.get(item.sku, US) is not None for item in items[1:])
    mirror = RemoteProduct.objects.get(local_instance=items[0], view=shirts.view)
    assert mirror.status == MirrorStatus.FAILED
    assert mirror.issues.get().code == "APPROVAL_REQUIRED"
