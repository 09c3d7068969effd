"""Two first pushes auto-mapping the same property at once end with one mapping, not an IntegrityError.

The deterministic tests insert the other push's row between our read and our insert (the window of
the race); inside the test transaction they also prove the lost insert ran in a savepoint, which on
PostgreSQL is what keeps the transaction usable. The threaded test runs the real race on PostgreSQL:
two threads with their own connections, both past the read before either inserts. (On the SQLite
test database, an in-memory shared cache, concurrent writers get "database table is locked" at
random instead of waiting, so it is skipped there.)
"""

import os
import threading

import pytest
from django.db import connection, connections

from properties.models import Property, PropertyTranslation
from sales_channels.integrations.shopify.factories.properties import mapping
from sales_channels.integrations.shopify.factories.properties.mapping import PropertyMapper, auto_map_properties
from sales_channels.integrations.shopify.models import ShopifyRemoteProperty, ShopifySalesChannel

on_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (DATABASE_URL): the SQLite test database has no concurrent writers to race",
)


@pytest.fixture
def channel(company):
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Race shop",
        shop_domain="race-shop.myshopify.com",
        access_token="shpat_race_access_0001",
    )


@pytest.fixture
def material(company):
    row = Property.objects.create(multi_tenant_company=company, type=Property.Type.TEXT, internal_name="material")
    PropertyTranslation.objects.create(multi_tenant_company=company, property=row, language="en", name="Material")
    return row


def other_push_maps(channel, prop) -> ShopifyRemoteProperty:
    """What the concurrent first push wrote: the generated mapping of the same property."""
    return ShopifyRemoteProperty.objects.create(
        multi_tenant_company=channel.multi_tenant_company,
        sales_channel=channel,
        local_instance=prop,
        remote_id="onesila.material",
        remote_name="Material",
        namespace="onesila",
        key="material",
        metafield_type="single_line_text_field",
    )


@pytest.mark.django_db
def test_a_generated_mapping_that_lost_the_race_takes_the_winners_row(channel, material, monkeypatch):
    original = mapping._generated
    winner = []

    def generated_after_the_other_push(*, channel, prop):
        winner.append(other_push_maps(channel, prop))  # between our read of the mappings and our insert
        return original(channel=channel, prop=prop)

    monkeypatch.setattr(mapping, "_generated", generated_after_the_other_push)

    mapped = auto_map_properties(channel=channel, properties=[material])

    assert mapped[material.pk].pk == winner[0].pk
    assert ShopifyRemoteProperty.objects.filter(sales_channel=channel).count() == 1  # the transaction still works


@pytest.mark.django_db
def test_a_matched_definition_that_lost_the_race_stays_free(channel, material, monkeypatch):
    pulled = ShopifyRemoteProperty.objects.create(
        multi_tenant_company=channel.multi_tenant_company,
        sales_channel=channel,
        remote_id="gid://shopify/MetafieldDefinition/9",
        definition_id="gid://shopify/MetafieldDefinition/9",
        remote_name="Material",
        namespace="custom",
        key="material",
        metafield_type="single_line_text_field",
    )
    original = mapping._match
    winner = []

    def matched_after_the_other_push(prop, free):
        winner.append(other_push_maps(channel, prop))
        return original(prop, free)

    monkeypatch.setattr(mapping, "_match", matched_after_the_other_push)

    mapped = auto_map_properties(channel=channel, properties=[material])

    assert mapped[material.pk].pk == winner[0].pk
    pulled.refresh_from_db()
    assert pulled.local_instance_id is None


@pytest.mark.django_db
def test_the_mapper_resolves_through_a_lost_race(company, channel, material, monkeypatch):
    original = mapping._generated
    monkeypatch.setattr(
        mapping,
        "_generated",
        lambda *, channel, prop: (other_push_maps(channel, prop), original(channel=channel, prop=prop))[1],
    )
    value = type("Value", (), {"property_id": material.pk, "property": material})()

    [(resolved_value, row)] = PropertyMapper(channel=channel).resolve([value])

    assert (resolved_value, row.remote_id) == (value, "onesila.material")


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_threads_mapping_the_same_property_end_with_one_mapping(channel, material, monkeypatch):
    assert connection.vendor == "postgresql"
    both_read = threading.Barrier(2)
    original = mapping._generated

    def generated_once_both_have_read(*, channel, prop):
        both_read.wait(timeout=10)  # both pushes saw no mapping: both will insert
        return original(channel=channel, prop=prop)

    monkeypatch.setattr(mapping, "_generated", generated_once_both_have_read)
    results, errors = [], []

    def first_push() -> None:
        try:
            results.append(auto_map_properties(channel=channel, properties=[material])[material.pk].pk)
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_push) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(results)) == 1
    assert ShopifyRemoteProperty.objects.filter(sales_channel=channel, local_instance=material).count() == 1
