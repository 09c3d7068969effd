"""The marketplace framework pieces: views per marketplace, schema storage, automap, validation, listing issues."""

import pytest

from properties.models import Property
from sales_channels.factories.binders import MirrorBinder
from sales_channels.marketplaces import issues as listing_issues
from sales_channels.marketplaces.mapping import (
    automap_attributes,
    map_product_type,
    missing_required,
    product_type_schemas,
)
from sales_channels.marketplaces.schemas import attributes_from_json_schema, schema_is_current, store_schema
from sales_channels.marketplaces.validation import validate_listing
from sales_channels.marketplaces.views import MarketplaceInfo, sync_marketplace_views
from sales_channels.models import ListingIssue, MarketplaceSchema, RemoteCurrency, RemoteLanguage, RemoteProduct
from sales_channels.tests import catalog
from sales_channels.tests.marketplace_catalog import product_type_property, prop, select_value

pytestmark = pytest.mark.django_db

SCHEMA = {
    "$schema": "https://schemas.amazon.com/selling-partners/definitions/product-types/meta-schema/v1",
    "type": "object",
    "required": ["item_name", "color"],
    "properties": {
        "item_name": {
            "title": "Item Name",
            "type": "array",
            "maxUniqueItems": 1,
            "selectors": ["marketplace_id", "language_tag"],
            "items": {
                "type": "object",
                "properties": {
                    "value": {"type": "string", "maxUtf8ByteLength": 10},
                    "marketplace_id": {"type": "string", "editable": False},
                    "language_tag": {"type": "string"},
                },
            },
        },
        "color": {
            "title": "Colour",
            "type": "array",
            "selectors": ["marketplace_id"],
            "items": {
                "type": "object",
                "properties": {"value": {"type": "string", "enum": ["red", "blue"], "enumNames": ["Red", "Blue"]}},
            },
        },
        "gift_wrap": {"type": "array", "x-vendor-rule": True, "items": {"type": "object"}},
    },
    "additionalProperties": False,
}


def test_marketplaces_become_views_with_currency_and_language(company, marketplace, eur):
    usd = catalog.currency(company, iso="USD", default=False)
    infos = [MarketplaceInfo(remote_id="US1", name="Amazon.com", currency="USD", language="en_US")]
    infos.append(MarketplaceInfo(remote_id="DE", name="Amazon.de", currency="EUR", language="de_DE"))
    views = sync_marketplace_views(channel=marketplace, marketplaces=infos)
    sync_marketplace_views(channel=marketplace, marketplaces=infos)  # idempotent

    assert [v.remote_id for v in views] == ["US1", "DE"]
    assert sorted(marketplace.views.filter(active=False).values_list("remote_id", flat=True)) == ["FR", "NL"]
    us = views[0]
    assert RemoteCurrency.objects.get(view=us).local_instance == usd
    assert RemoteLanguage.objects.get(view=us).local_instance == "en"
    assert RemoteCurrency.objects.filter(sales_channel=marketplace).count() == 2


def test_a_schema_is_stored_once_per_checksum_and_keeps_its_mappings(company, marketplace):
    view = marketplace.views.get(remote_id="DE")
    attributes = attributes_from_json_schema(SCHEMA)
    assert [(a.code, a.required, a.value_kind) for a in attributes] == [
        ("color", True, "enum"),
        ("gift_wrap", False, "object"),
        ("item_name", True, "text"),
    ]
    assert attributes[0].allowed_values == [{"value": "red", "name": "Red"}, {"value": "blue", "name": "Blue"}]
    row, changed = store_schema(view=view, remote_type="SHIRT", schema=SCHEMA, attributes=attributes, checksum="c1")
    assert changed
    assert schema_is_current(view=view, remote_type="SHIRT", checksum="c1")
    assert not schema_is_current(view=view, remote_type="SHIRT", checksum="c2")
    colour = prop(company, "colour", kind=Property.Type.SELECT, name="Color")
    red = select_value(company, colour, "Red")
    result = automap_attributes(schema=row)
    assert result.mapped == {"color": "colour"}
    assert result.unmapped_required == ["item_name"]
    assert row.attributes.get(code="color").value_maps.get().local_select_value == red
    assert missing_required(schema=row, provided={"item_name"}) == []

    _, changed = store_schema(view=view, remote_type="SHIRT", schema=SCHEMA, attributes=attributes, checksum="c1")
    assert not changed
    trimmed = [a for a in attributes if a.code != "gift_wrap"]
    _, changed = store_schema(view=view, remote_type="SHIRT", schema=SCHEMA, attributes=trimmed, checksum="c2")
    assert changed
    assert sorted(row.attributes.values_list("code", flat=True)) == ["color", "item_name"]
    assert row.attributes.get(code="color").local_property == colour  # the mapping survived the refresh
    assert automap_attributes(schema=row).values_mapped == 0  # idempotent


def test_product_type_map_is_per_view_and_company(company, other_company, marketplace):
    view = marketplace.views.get(remote_id="DE")
    row, _ = store_schema(view=view, remote_type="SHIRT", schema=SCHEMA, attributes=[])
    kinds = product_type_property(company)
    shirts = select_value(company, kinds, "Shirts")
    map_product_type(view=view, local_product_type=shirts, schema=row)
    assert product_type_schemas(view=view) == {shirts.pk: row}
    foreign = select_value(other_company, prop(other_company, "pt", kind=Property.Type.SELECT), "X")
    with pytest.raises(ValueError, match="company"):
        map_product_type(view=view, local_product_type=foreign, schema=row)


def test_validation_reports_vocabulary_violations_in_merchant_terms():
    listing = {
        "item_name": [
            {"value": "A much too long name", "marketplace_id": "DE", "language_tag": "de_DE"},
            {"value": "Second", "marketplace_id": "DE", "language_tag": "en_GB"},
        ],
        "color": [{"value": "green"}],
        "unknown": [],
    }
    report = validate_listing(schema=SCHEMA, listing=listing)
    assert not report.valid
    messages = {(v.attribute, v.keyword) for v in report.violations}
    assert ("item_name", "maxUniqueItems") in messages
    assert ("item_name", "maxUtf8ByteLength") in messages
    assert ("color", "enum") in messages
    assert ("", "additionalProperties") in messages
    assert report.unchecked == ("x-vendor-rule",)
    enum = next(v for v in report.violations if v.keyword == "enum")
    assert enum.message == "'color.value' has 'green', not one of the allowed values (red, blue)."

    good = {
        "item_name": [{"value": "Tee", "marketplace_id": "DE", "language_tag": "de_DE"}],
        "color": [{"value": "red"}],
    }
    assert validate_listing(schema=SCHEMA, listing=good).valid
    twice = [{"value": "A", "marketplace_id": "DE", "language_tag": "de_DE"}] * 2
    doubled = validate_listing(schema=SCHEMA, listing={**good, "item_name": twice})
    assert [v.keyword for v in doubled.violations] == ["selectors"]
    missing = validate_listing(schema=SCHEMA, listing={"color": [{"value": "red"}]})
    assert [(v.attribute, v.keyword) for v in missing.violations] == [("item_name", "required")]


def test_issues_replace_per_source_on_the_listing_mirror(company, marketplace):
    view = marketplace.views.get(remote_id="DE")
    item = catalog.product(company, "ISSUE-1")
    mirror = RemoteProduct.objects.create(
        multi_tenant_company=company, sales_channel=marketplace, view=view, local_instance=item
    )
    report = validate_listing(schema=SCHEMA, listing={"color": [{"value": "red"}]})
    listing_issues.store_issues(
        remote_product=mirror, source=listing_issues.SCHEMA, issues=listing_issues.report_issues(report)
    )
    listing_issues.store_issues(
        remote_product=mirror,
        source=listing_issues.VENDOR,
        issues=[listing_issues.IssueInfo(message="Brand missing", code="90220", attribute_names=["brand"])],
    )
    listing_issues.store_issues(remote_product=mirror, source=listing_issues.SCHEMA, issues=[])
    assert list(mirror.issues.values_list("source", "code", "attribute_names")) == [("vendor", "90220", ["brand"])]
    error = listing_issues.ListingInvalid(listing_issues.report_issues(report))
    assert not error.retryable
    assert "item_name" in str(error)
    assert ListingIssue.objects.filter(multi_tenant_company=company).count() == 1
    assert MarketplaceSchema.objects.count() == 0


def test_enforce_schema_stores_violations_on_the_mirror_and_clears_them_once_valid(company, marketplace):
    view = marketplace.views.get(remote_id="DE")
    item = catalog.product(company, "ENFORCE-1")
    binder = MirrorBinder(model=RemoteProduct, channel=marketplace, keys={"local_instance_id": item.pk, "view": view})
    with pytest.raises(listing_issues.ListingInvalid, match="item_name"):
        listing_issues.enforce_schema(binder=binder, schema=SCHEMA, listing={"color": [{"value": "red"}]})
    mirror = binder.find()
    assert mirror.status == "failed"
    assert [(i.source, i.attribute_names) for i in mirror.issues.all()] == [("schema", ["item_name"])]

    good = {
        "item_name": [{"value": "Tee", "marketplace_id": "DE", "language_tag": "de_DE"}],
        "color": [{"value": "red"}],
    }
    listing_issues.enforce_schema(binder=binder, schema=SCHEMA, listing=good)
    assert not mirror.issues.exists()

    with pytest.raises(listing_issues.ListingInvalid):  # a dry run stores nothing
        listing_issues.enforce_schema(binder=binder, schema=SCHEMA, listing={}, dry_run=True)
    assert not mirror.issues.exists()
