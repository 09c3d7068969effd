"""Amazon test fixtures: a running sandbox, a channel connected to it, a catalog mapped to its SHIRT type."""

import time

import pytest
from django.utils import timezone

from properties.models import Property
from sales_channels.integrations.amazon.factories.connect import connect_via_consent
from sales_channels.integrations.amazon.factories.metadata import import_product_type
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.integrations.amazon.sandbox import AmazonSandbox
from sales_channels.marketplaces.mapping import map_product_type
from sales_channels.models import RemoteJob, SyncTask
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tasks import dispatch_due, execute_sync_tasks
from sales_channels.tasks_jobs import execute_job_poll
from sales_channels.tests import catalog, e2e
from sales_channels.tests.marketplace_catalog import product_type_property, prop, select_value, set_select, set_text

US = "ATVPDKIKX0DER"


@pytest.fixture
def amazon_sandbox(settings):
    """A fresh sandbox seller (three pre-existing listings in the US), feeds done after 0.3 s."""
    settings.AMAZON_FEED_POLL_SECONDS = 0.0
    with AmazonSandbox() as sandbox:
        sandbox.feeds.processing_seconds = 0.3
        yield sandbox


def new_channel(company, sandbox, **overrides) -> AmazonSalesChannel:
    values = {
        "multi_tenant_company": company,
        "name": "Amazon sandbox",
        "base_url": sandbox.base_url,
        "lwa_url": sandbox.base_url,
        "consent_url": sandbox.base_url,
        "application_id": sandbox.lwa.application_id,
        "lwa_client_id": sandbox.lwa.client_id,
        "lwa_client_secret": sandbox.lwa.client_secret,
        **overrides,
    }
    return AmazonSalesChannel.objects.create(**values)


@pytest.fixture
def usd(company):
    return catalog.currency(company, iso="USD")


@pytest.fixture
def amazon_channel(company, usd, amazon_sandbox):
    """A channel connected through the consent flow, with its US and CA marketplaces pulled."""
    return connect_via_consent(channel=new_channel(company, amazon_sandbox))


class Catalog:
    """The local side of the tests: a T-Shirts product type mapped to SHIRT, brand and colour properties."""

    def __init__(self, company, channel) -> None:
        self.company = company
        self.view = channel.views.get(remote_id=US)
        self.product_types = product_type_property(company)
        self.shirts = select_value(company, self.product_types, "T-Shirts")
        self.brand = prop(company, "brand", name="Brand")
        self.color = prop(company, "color", kind=Property.Type.SELECT, name="Colour")
        self.red = select_value(company, self.color, "Red")
        self.blue = select_value(company, self.color, "Blue")
        self.imported = import_product_type(channel=channel, view=self.view, product_type="SHIRT")
        map_product_type(view=self.view, local_product_type=self.shirts, schema=self.imported.schema)

    def shirt(self, sku: str, *, brand: str | None = "Acme", color=None, price: str = "19.99", stock: int = 5):
        item = catalog.product(self.company, sku, price=price, stock=stock)
        set_select(self.company, item, self.product_types, self.shirts)
        if brand:
            set_text(self.company, item, self.brand, brand)
        set_select(self.company, item, self.color, color or self.red)
        return item


@pytest.fixture
def shirts(company, amazon_channel):
    return Catalog(company, amazon_channel)


def run_all(*, rounds: int = 30) -> None:
    """Run every pending task and poll every open feed until nothing is left (as workers would)."""
    for _ in range(rounds):
        ids = list(SyncTask.objects.filter(status__in=PENDING_STATUSES).values_list("pk", flat=True))
        jobs = list(RemoteJob.objects.filter(status__in=("submitted", "running")).values_list("pk", flat=True))
        if not ids and not jobs:
            return
        later = timezone.now() + timezone.timedelta(hours=2)
        e2e.open_throttles()
        if ids:
            execute_sync_tasks(sync_task_ids=ids, now=later)
        for job_id in jobs:
            execute_job_poll(job_id=job_id, force=True)
        dispatch_due(now=later)
        if jobs:
            time.sleep(0.2)
