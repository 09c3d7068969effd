"""eBay phase 5 with HTTP mocked at the transport (`responses`): trees, aspects as schemas, automap, the check."""

import gzip
import json

import pytest
import responses

from properties.models import Property, PropertySelectValue, PropertySelectValueTranslation, PropertyTranslation
from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.integrations.ebay.client import EbayClient
from sales_channels.integrations.ebay.factories.sales_channels import categories
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbaySalesChannel
from sales_channels.integrations.ebay.tests.channels import client_for as channel_client
from sales_channels.integrations.ebay.tests.channels import connected_channel
from sales_channels.marketplaces.validation import validate_listing
from sales_channels.models import MarketplaceEnumValueMap, MarketplaceSchema

API = "https://api.ebay.com"
TOKEN_URL = f"{API}/identity/v1/oauth2/token"
TAXONOMY = f"{API}/commerce/taxonomy/v1"
ASPECTS_URL = f"{TAXONOMY}/category_tree/0/get_item_aspects_for_category"


def aspect(name, *, required=False, mode="FREE_TEXT", multi=False, variations=False, values=()):
    return {
        "localizedAspectName": name,
        "aspectConstraint": {
            "aspectDataType": "STRING",
            "aspectMode": mode,
            "aspectRequired": required,
            "aspectEnabledForVariations": variations,
            "itemToAspectCardinality": "MULTI" if multi else "SINGLE",
            "aspectMaxLength": 65,
        },
        "aspectValues": [{"localizedValue": value} for value in values],
    }


TEE_ASPECTS = [
    aspect("Brand", required=True, values=("Nike",)),
    aspect("Size", required=True, mode="SELECTION_ONLY", variations=True, values=("S", "M", "L")),
    aspect("Material", multi=True, values=("Cotton",)),
]


@pytest.fixture
def view(company):
    channel = connected_channel(company)
    return EbayMarketplaceView.objects.create(
        multi_tenant_company=company, sales_channel=channel, remote_id="EBAY_US", name="eBay US", currency="USD"
    )


def client_for(view) -> EbayClient:
    return channel_client(EbaySalesChannel.objects.get(pk=view.sales_channel_id))


def mock_tree(version="130"):
    responses.post(TOKEN_URL, json={"access_token": "v^app", "expires_in": 7200})
    responses.get(
        f"{TAXONOMY}/get_default_category_tree_id",
        json={"categoryTreeId": "0", "categoryTreeVersion": version},
    )


def test_aspects_become_a_json_schema_that_checks_required_selection_only_and_single():
    schema = categories.aspects_schema(TEE_ASPECTS)

    assert schema["required"] == ["Brand", "Size"]
    assert schema["properties"]["Size"]["items"]["enum"] == ["S", "M", "L"]
    assert schema["properties"]["Size"]["maxItems"] == 1
    assert "maxItems" not in schema["properties"]["Material"]
    assert "enum" not in schema["properties"]["Brand"]["items"]  # FREE_TEXT: eBay's values only suggest
    report = validate_listing(
        schema=schema, listing={"Size": ["XXL"], "Material": ["Cotton", "Linen"]}, annotations=categories.ANNOTATIONS
    )
    messages = sorted(v.message for v in report.violations)
    assert messages == [
        "'Brand' is required for this product type: map a property to it.",
        "'Size' has 'XXL', not one of the allowed values (S, M, L).",
    ]
    assert report.unchecked == ()  # the x-ebay-* notes are declared annotations
    two_sizes = validate_listing(schema=schema, listing={"Brand": ["Nike"], "Size": ["S", "M"]})
    assert [v.message for v in two_sizes.violations] == ["'Size' takes at most 1 value(s); it has 2."]


@responses.activate
def test_a_category_is_imported_once_per_tree_version_with_the_application_token(view):
    mock_tree()
    responses.get(ASPECTS_URL, json={"aspects": TEE_ASPECTS})
    client = client_for(view)

    first = categories.import_category(client=client, view=view, category_id="15687")
    again = categories.import_category(client=client, view=view, category_id="15687")

    assert (first.downloaded, again.downloaded) == (True, False)
    assert first.missing == ["Brand", "Size"]
    assert first.schema.version == "130"
    assert first.schema.required_attributes == ["Brand", "Size"]
    aspect_calls = [c for c in responses.calls if c.request.url.startswith(ASPECTS_URL)]
    assert len(aspect_calls) == 1
    assert aspect_calls[0].request.headers["Authorization"] == "Bearer v^app"
    assert sum(1 for c in responses.calls if c.request.url == TOKEN_URL) == 1
    assert categories.variation_aspects(first.schema) == {"Size"}
    assert categories.single_aspects(first.schema) == {"Brand", "Size"}


@responses.activate
def test_automap_ties_local_properties_and_select_values_to_aspects(company, view):
    size = Property.objects.create(multi_tenant_company=company, internal_name="size", type=Property.Type.SELECT)
    PropertyTranslation.objects.create(multi_tenant_company=company, property=size, language="en", name="Size")
    small = PropertySelectValue.objects.create(multi_tenant_company=company, property=size)
    PropertySelectValueTranslation.objects.create(
        multi_tenant_company=company, select_value=small, language="en", value="s"
    )
    mock_tree()
    responses.get(ASPECTS_URL, json={"aspects": TEE_ASPECTS})

    done = categories.import_category(client=client_for(view), view=view, category_id="15687")

    assert done.automap.mapped == {"Size": "size"}
    assert done.missing == ["Brand"]
    [mapped] = MarketplaceEnumValueMap.objects.filter(attribute__schema=done.schema)
    assert (mapped.local_select_value_id, mapped.remote_value) == (small.pk, "S")


@responses.activate
def test_a_new_tree_version_rereads_many_categories_from_the_gzipped_file(view):
    MarketplaceSchema.objects.bulk_create(
        MarketplaceSchema(
            multi_tenant_company_id=view.multi_tenant_company_id,
            sales_channel_id=view.sales_channel_id,
            view=view,
            remote_type=str(1000 + index),
            version="129",
        )
        for index in range(categories.FILE_THRESHOLD + 1)
    )
    mock_tree(version="130")
    document = {
        "categoryTreeId": "0",
        "categoryTreeVersion": "130",
        "categoryAspects": [
            {"category": {"categoryId": str(1000 + index), "categoryName": f"Leaf {index}"}, "aspects": TEE_ASPECTS}
            for index in range(categories.FILE_THRESHOLD)  # the last stored category is no longer a leaf
        ],
    }
    responses.get(
        f"{TAXONOMY}/category_tree/0/fetch_item_aspects",
        body=gzip.compress(json.dumps(document).encode()),
        content_type="application/octet-stream",
    )

    pulled = categories.pull_categories(client=client_for(view), view=view)

    assert len(pulled.imports) == categories.FILE_THRESHOLD
    assert not [c for c in responses.calls if "get_item_aspects_for_category" in c.request.url]
    assert set(MarketplaceSchema.objects.filter(view=view, version="130").values_list("name", flat=True)) == {
        f"Leaf {index}" for index in range(categories.FILE_THRESHOLD)
    }
    assert any("is no longer a leaf category" in warning for warning in pulled.warnings)
    view.refresh_from_db()
    assert (view.category_tree_id, view.category_tree_version) == ("0", "130")

    responses.calls.reset()
    responses.get(
        ASPECTS_URL,
        status=400,
        json={"errors": [{"errorId": 62005, "message": "The specified category ID is invalid or not a leaf."}]},
    )
    again = categories.pull_categories(client=client_for(view), view=view)
    assert again.imports == []  # the current ones are not read again; the dropped leaf is asked for alone
    assert [c.request.url.split("?")[0] for c in responses.calls] == [
        f"{TAXONOMY}/get_default_category_tree_id",
        ASPECTS_URL,
    ]
    assert again.warnings == [
        f"EBAY_US: eBay refused category {1000 + categories.FILE_THRESHOLD} (62005: The specified category ID is "
        "invalid or not a leaf.): map its product types to a current leaf category."
    ]


@responses.activate
def test_a_file_that_is_not_gzipped_json_is_refused_clearly(view):
    mock_tree()
    responses.get(f"{TAXONOMY}/category_tree/0/fetch_item_aspects", body=b"\x1f\x8bnot really gzip")
    with pytest.raises(InvalidVendorPayload, match="not a \\(gzipped\\) JSON file"):
        client_for(view).all_item_aspects(tree_id="0")


@responses.activate
def test_browsing_walks_the_tree_and_its_subtrees(view):
    mock_tree()
    leaf = {"category": {"categoryId": "15687", "categoryName": "T-Shirts"}, "leafCategoryTreeNode": True}
    responses.get(
        f"{TAXONOMY}/category_tree/0/get_category_subtree",
        json={
            "categoryTreeId": "0",
            "categoryTreeVersion": "130",
            "categorySubtreeNode": {
                "category": {"categoryId": "1059", "categoryName": "Men's Clothing"},
                "childCategoryTreeNodes": [{**leaf, "categoryTreeNodeLevel": 3}],
            },
        },
    )
    [node] = categories.browse_categories(client=client_for(view), view=view, parent_id="1059")
    assert node == categories.CategoryNode(category_id="15687", name="T-Shirts", leaf=True, level=3)
