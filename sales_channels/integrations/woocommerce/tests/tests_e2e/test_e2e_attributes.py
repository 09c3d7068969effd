"""End to end against the sandbox store: a batch ensures its global attributes and terms together, and a
store emptied behind the channel's remembered attribute ids is noticed in the answers and recovered."""

import itertools
from collections import Counter

import pytest

from products.models import Product
from properties.models import ProductProperty
from sales_channels.flows import default as flows
from sales_channels.integrations.woocommerce.factories.sales_channels.metadata import STORE_VIEW_ID
from sales_channels.models import RemoteProduct
from sales_channels.tests import catalog, e2e
from sales_channels.tests.e2e import last_task_id, run_all

pytestmark = pytest.mark.django_db(transaction=True)


def shop(company) -> list[Product]:
    """Four configurables over Size (two sizes each, the sizes differing) and eight mugs with a Colour."""
    size, sizes = e2e.select_property(company, "size", "Size", ["XS", "S", "M", "L", "XL"])
    colour, colours = e2e.select_property(company, "color", "Colour", ["Red", "Blue", "Green"])
    type_property, tee_type, _rule = e2e.product_type_rule(company, type_name="T-shirt", axes=[size])
    products = []
    for i in range(4):
        pair = sizes[i : i + 2]
        parent = catalog.configurable(
            company, f"TEE-{i}", variations=[f"TEE-{i}-{n}" for n in range(2)], price="19.90", stock=4
        )
        e2e.choose(parent, type_property, tee_type)
        for link in parent.variation_links.select_related("variation").order_by("variation__sku"):
            e2e.choose(link.variation, size, pair[int(link.variation.sku[-1])])
        products.append(parent)
    for i in range(8):
        mug = catalog.product(company, f"MUG-{i}", name=f"Mug {i}", price="9.50", stock=3)
        ProductProperty.objects.create(
            multi_tenant_company=company, product=mug, property=colour, value_select=colours[i % 3]
        )
        products.append(mug)
    return products


def calls(sandbox) -> Counter:
    """The sandbox's calls by route, attribute and term ids folded to {id}."""
    counted = Counter()
    for entry in sandbox.request_log:
        route = "/".join("{id}" if part.isdigit() else part for part in entry["route"].split("/"))
        counted[f"{entry['method']} {route}"] += 1
    return counted


def assert_store_is_consistent(sandbox, products: list[Product]) -> None:
    """One attribute per name, one term per name, and every listing's attributes under their store id."""
    store = sandbox.catalog
    names = [attribute["name"] for attribute in store.attributes.values()]
    assert len(names) == len(set(names)), names
    for attribute_id, terms in store.terms.items():
        term_names = [term["name"] for term in terms.values()]
        assert len(term_names) == len(set(term_names)), (attribute_id, term_names)
    ids = {attribute["name"]: attribute_id for attribute_id, attribute in store.attributes.items()}
    for product in products:
        remote = store.products[int(RemoteProduct.objects.get(local_instance_id=product.pk, parent=None).remote_id)]
        for attribute in remote["attributes"]:
            assert attribute["id"] == ids[attribute["name"]], (product.sku, attribute, ids)
            assert set(attribute["options"]) <= {t["name"] for t in store.terms[attribute["id"]].values()}
        for variation_id in remote["variations"]:
            for attribute in store.variations[variation_id]["attributes"]:
                assert attribute["id"] == ids["Size"], (product.sku, attribute, ids)


def reset_store(sandbox) -> None:
    """The store emptied (as `make demo` restarts it): no products, attributes or terms, ids from 1 again;
    then the merchant creates an attribute of their own, which takes id 1."""
    store = sandbox.catalog
    with store.lock:
        store.products.clear()
        store.variations.clear()
        store.attributes.clear()
        store.terms.clear()
        store._attribute_ids = itertools.count(1)
        store.create_attribute({"name": "Brand"})


def test_a_batch_ensures_attributes_together_and_recovers_after_the_store_was_reset(company, woo_channel, woo_sandbox):
    view = e2e.ready_to_push(woo_channel, view_remote_id=STORE_VIEW_ID)
    products = shop(company)
    woo_sandbox.request_log.clear()

    tasks = e2e.assign_and_run(view, product_ids=[p.pk for p in products])

    assert {t.status for t in tasks} == {"succeeded"}, [(t.status, t.error) for t in tasks]
    attributes = len(woo_sandbox.catalog.attributes)  # Size, Colour and the product type, each once
    assert attributes == 3
    first = calls(woo_sandbox)
    assert {route: n for route, n in first.items() if "attributes" in route} == {
        "GET products/attributes": 1,
        "POST products/attributes": attributes - 1,  # the seeded store already holds Size
        "GET products/attributes/{id}/terms": attributes,
        "POST products/attributes/{id}/terms/batch": attributes,
    }
    assert first["POST products/batch"] == 1
    assert first["POST products/{id}/variations/batch"] == 4
    assert_store_is_consistent(woo_sandbox, products)
    woo_channel.refresh_from_db()
    remembered = dict(woo_channel.global_attributes)
    first_names = [a["name"] for a in woo_sandbox.catalog.attributes.values()]
    assert sorted(remembered) == sorted(name.lower() for name in first_names)

    reset_store(woo_sandbox)
    RemoteProduct.objects.filter(sales_channel=woo_channel).delete()  # the listings are new to this store
    woo_sandbox.request_log.clear()
    since = last_task_id()
    flows.resync_products(channel=woo_channel)
    tasks = run_all(since=since)

    assert {t.status for t in tasks} == {"succeeded"}, [(t.status, t.error) for t in tasks]
    assert_store_is_consistent(woo_sandbox, products)
    assert sorted(a["name"] for a in woo_sandbox.catalog.attributes.values()) == sorted([*first_names, "Brand"])
    again = calls(woo_sandbox)
    # The stale ids went out once (the store answered the attributes nameless or as Brand), were forgotten,
    # ensured together and the listings sent once more; the variations only went out with the new ids.
    assert {route: n for route, n in again.items() if "attributes" in route} == {
        "GET products/attributes": 1,
        "POST products/attributes": attributes,
        "GET products/attributes/{id}/terms": attributes,
        "POST products/attributes/{id}/terms/batch": attributes,
    }
    assert again["POST products/batch"] == 2
    assert again["POST products/{id}/variations/batch"] == 4
    woo_channel.refresh_from_db()
    store_ids = {a["name"].lower(): a_id for a_id, a in woo_sandbox.catalog.attributes.items()}
    assert {key: entry["id"] for key, entry in woo_channel.global_attributes.items()} == {
        key: store_ids[key] for key in remembered
    }
