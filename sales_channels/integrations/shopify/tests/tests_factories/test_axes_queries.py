"""A configurable's axes cost the same queries for 4 or 12 variations, and a second listing reuses the labels."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sales_channels.factories.base import StepContext
from sales_channels.integrations.shopify.factories.products.axes import axes_for
from sales_channels.integrations.shopify.factories.products.steps import ShopifyProductStep
from sales_channels.registry import spec_for_channel
from sales_channels.tests import catalog, e2e

pytestmark = pytest.mark.django_db

SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
COLORS = ["Red", "Blue"]


def _families(company) -> dict[str, object]:
    """Two configurables over Size x Color of one product type: 'FEW' (2 x 2) and 'MANY' (6 x 2 variations)."""
    catalog.currency(company)
    size, sizes = e2e.select_property(company, "size", "Size", SIZES)
    color, colors = e2e.select_property(company, "color", "Color", COLORS)
    type_property, tee_type, _rule = e2e.product_type_rule(company, type_name="T-shirt", axes=[size, color])
    found = {}
    for prefix, size_count in (("FEW", 2), ("MANY", 6)):
        pairs = [(s, c) for s in range(size_count) for c in range(len(COLORS))]
        skus = [f"{prefix}-{SIZES[s]}-{COLORS[c]}" for s, c in pairs]
        parent = catalog.configurable(company, prefix, variations=skus, price="19.90", stock=4)
        e2e.choose(parent, type_property, tee_type)
        by_sku = {link.variation.sku: link.variation for link in parent.variation_links.select_related("variation")}
        for sku, (s, c) in zip(skus, pairs, strict=True):
            e2e.choose(by_sku[sku], size, sizes[s])
            e2e.choose(by_sku[sku], color, colors[c])
        found[prefix] = parent
    return found


def _context(channel) -> StepContext:
    return StepContext(channel=channel, spec=spec_for_channel(channel), client=None, view=None, dry_run=True)


def _axes_queries(*, channel, parent) -> tuple[int, list]:
    context = _context(channel)
    ShopifyProductStep.prefetch(context=context, object_ids=[parent.pk])
    data = context.cache["product_data"][parent.pk]
    with CaptureQueriesContext(connection) as captured:
        axes, problems = axes_for(context=context, data=data, language="en")
    assert problems == []
    return len(captured.captured_queries), axes


def test_axes_cost_the_same_queries_for_4_or_12_variations(company, shopify_channel):
    families = _families(company)

    few, few_axes = _axes_queries(channel=shopify_channel, parent=families["FEW"])
    many, many_axes = _axes_queries(channel=shopify_channel, parent=families["MANY"])

    assert 0 < few == many  # no query per variation or per value
    assert [axis.name for _pk, axis in many_axes] == ["Size", "Color"]
    assert sorted(set(many_axes[0][1].values.values())) == sorted(SIZES)
    assert len(few_axes[0][1].values) == 4
    assert len(many_axes[0][1].values) == 12


def test_a_second_listing_of_the_run_reads_no_label_again(company, shopify_channel):
    families = _families(company)
    context = _context(shopify_channel)
    ShopifyProductStep.prefetch(context=context, object_ids=[families["MANY"].pk, families["FEW"].pk])
    store = context.cache["product_data"]
    axes_for(context=context, data=store[families["MANY"].pk], language="en")

    with CaptureQueriesContext(connection) as captured:
        axes, problems = axes_for(context=context, data=store[families["FEW"].pk], language="en")

    assert problems == []
    # every select value of the smaller family was labelled for the first one: no translation read
    assert not [q for q in captured.captured_queries if "propertyselectvaluetranslation" in q["sql"].lower()]
    assert {axis.values[pk] for _prop, axis in axes[:1] for pk in axis.values} == {"XS", "S"}
