"""A fault storm (500s, 429s, cut-off answers, revoked tokens): afterwards the sandbox holds exactly the catalog."""

import pytest

from sales_channels.flows import default as flows
from sales_channels.integrations.amazon.tests.conftest import US, run_all
from sales_channels.models import RemoteProduct, SyncTask
from sales_channels.sandbox_control import FaultRates

pytestmark = pytest.mark.django_db(transaction=True)


def test_nothing_lost_nothing_duplicated_after_a_fault_storm(company, shirts, amazon_channel, amazon_sandbox):
    singles = [shirts.shirt(f"STORM-{n:02}") for n in range(6)]
    batch = [shirts.shirt(f"STORM-B{n:02}") for n in range(24)]
    amazon_sandbox.random_faults.configure(
        FaultRates(
            rates={"5xx": 0.25, "429": 0.15, "truncated_json": 0.1, "revoked_token": 0.05}, seed=11, retry_after=0
        )
    )
    for item in singles:  # one at a time: the single-listing path
        flows.assign_products(view=shirts.view, product_ids=[item.pk])
        run_all(rounds=5)
    flows.assign_products(view=shirts.view, product_ids=[item.pk for item in batch])  # the feed path
    run_all(rounds=40)
    amazon_sandbox.random_faults.configure(FaultRates())
    run_all(rounds=40)

    injected = amazon_sandbox.random_faults.describe()["injected"]
    assert sum(injected.values()) >= 6
    expected = {item.sku for item in singles + batch}
    stored = [
        sku for (sku, marketplace) in amazon_sandbox.listings.items if marketplace == US and sku.startswith("STORM")
    ]
    assert sorted(stored) == sorted(expected)
    assert RemoteProduct.objects.filter(view=shirts.view, status="synced").count() == len(expected)
    assert not SyncTask.objects.exclude(status__in=("succeeded", "cancelled")).exists()
