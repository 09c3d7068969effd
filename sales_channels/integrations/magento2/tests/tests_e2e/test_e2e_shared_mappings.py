"""Two workers mapping the same new attribute and options against the sandbox: the second creates nothing.

The attribute and option creations run under `channel_lock`: a worker whose view of the mappings is stale
re-reads the database first and finds what the other one created (no call, no refused POST). The threaded
test needs PostgreSQL (real advisory locks and concurrent writers); it skips without DATABASE_URL.
"""

import os
import threading

import pytest
from django.db import connections

from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.factories.products.data import channel_locale, load_product_data
from sales_channels.integrations.magento2.factories.properties.mapping import AttributeMapper
from sales_channels.integrations.magento2.factories.sales_channels.connect import connect_with_credentials
from sales_channels.integrations.magento2.models import Magento2RemoteProperty
from sales_channels.integrations.magento2.spec import MAGENTO2_SPEC
from sales_channels.integrations.magento2.tests.conftest import new_channel
from sales_channels.integrations.magento2.tests.tests_e2e.shop import shirt_family
from sales_channels.models import RemotePropertySelectValue
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db(transaction=True)
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.fixture
def channel(company, magento_sandbox):
    company.languages = ["en", "de"]
    company.save()
    catalog.currency(company, iso="EUR")
    channel = new_channel(company, magento_sandbox)
    channel.save()
    connect_with_credentials(channel=channel)
    return channel


def worker_mapper(channel) -> AttributeMapper:
    """A mapper as a worker's batch builds it: its own client, the mappings as stored when it starts."""
    client, session = build_client(spec=MAGENTO2_SPEC, channel=channel)
    return AttributeMapper(context=StepContext(channel=channel, spec=MAGENTO2_SPEC, client=client, session=session))


def products_of(channel, product) -> list:
    data = load_product_data(channel=channel, product_ids=[product.pk], locale=channel_locale(channel=channel))
    return [data[product.pk]]


def posts(sandbox, suffix: str) -> int:
    return sum(1 for r in sandbox.requests if r["method"] == "POST" and r["path"].endswith(suffix))


def test_a_worker_with_a_stale_view_finds_the_others_creations_without_a_call(company, magento_sandbox, channel):
    shirt = shirt_family(company)
    first, second = worker_mapper(channel), worker_mapper(channel)  # both loaded before anything exists
    products = products_of(channel, shirt)
    magento_sandbox.requests.clear()
    first.prepare(products=products, language="en")
    assert posts(magento_sandbox, "/V1/products/attributes") == 1
    assert posts(magento_sandbox, "/V1/products/attributes/fit/options") == 2  # Slim and Loose
    calls = len(magento_sandbox.requests)

    second.prepare(products=products, language="en")
    assert len(magento_sandbox.requests) == calls  # found in the database: no read, no refused create
    fit = Magento2RemoteProperty.objects.get(sales_channel=channel, attribute_code="fit")
    assert second.attributes[fit.local_instance_id].pk == fit.pk
    options = RemotePropertySelectValue.objects.filter(sales_channel=channel, remote_property=fit)
    assert {second.options[row.local_instance_id].remote_id for row in options} == {row.remote_id for row in options}
    for variation in products[0].variations:
        value = next(pp.value_select for pp in variation.properties if pp.property_id == fit.local_instance_id)
        assert second.option_for(fit, value, language="en") == first.options[value.pk].remote_id
    assert len(magento_sandbox.requests) == calls
    assert sorted(o["label"] for o in magento_sandbox.state.attributes["fit"].options) == ["Loose", "Slim"]


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (DATABASE_URL): concurrent workers and advisory locks")
def test_two_workers_at_once_make_each_creation_once_and_no_refused_post(company, magento_sandbox, channel):
    shirt = shirt_family(company)
    mappers = [worker_mapper(channel), worker_mapper(channel)]
    products = products_of(channel, shirt)
    magento_sandbox.requests.clear()
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def worker(mapper: AttributeMapper) -> None:
        try:
            barrier.wait()
            mapper.prepare(products=products, language="en")
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(mapper,)) for mapper in mappers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert posts(magento_sandbox, "/V1/products/attributes") == 1  # a second POST would have been refused
    assert posts(magento_sandbox, "/V1/products/attributes/fit/options") == 2
    assert sorted(o["label"] for o in magento_sandbox.state.attributes["fit"].options) == ["Loose", "Slim"]
    fit = Magento2RemoteProperty.objects.get(sales_channel=channel, attribute_code="fit")
    rows = RemotePropertySelectValue.objects.filter(sales_channel=channel, remote_property=fit)
    assert sorted(row.remote_name for row in rows) == ["Loose", "Slim"]
    for row in rows:  # both workers map each value to the one option the store holds
        assert [m.options[row.local_instance_id].remote_id for m in mappers] == [row.remote_id, row.remote_id]
