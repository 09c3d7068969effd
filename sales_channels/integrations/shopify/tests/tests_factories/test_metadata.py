"""Metadata pulls against vendor-shaped fixtures: what lands on the channel and in the rows, idempotently."""

import json
from pathlib import Path

import pytest
import responses

from currencies.models import Currency
from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.integrations.shopify.factories.sales_channels import metadata_parsers as parsers
from sales_channels.integrations.shopify.factories.sales_channels.metadata import pull_shopify_metadata
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import RemoteCurrency, RemoteLanguage, SalesChannelView

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP = "fixture-shop.myshopify.com"
ANSWERS = {
    "ShopMetadata": "meta_shop.json",
    "ShopLocales": "meta_shop_locales.json",
    "PublicationsPage": "meta_publications.json",
    "LocationsPage": "meta_locations.json",
    "CurrencySettingsPage": "meta_currency_settings.json",
    "MarketsPage": "meta_markets.json",
    "MetafieldDefinitionCreate": "meta_custom_id_definition.json",
}


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def answer_by_operation(request):
    query = json.loads(request.body)["query"]
    for operation, name in ANSWERS.items():
        if f"query {operation}" in query or f"mutation {operation}" in query:
            return 200, {}, json.dumps(fixture(name))
    return 400, {}, json.dumps({"errors": [{"message": "unexpected operation"}]})


@pytest.fixture
def channel(company):
    company.languages = ["en", "pt"]
    company.save()
    Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro")
    Currency.objects.create(multi_tenant_company=company, iso_code="USD", name="US Dollar")
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company, name="Fixture shop", shop_domain=SHOP, access_token="shpat_fixture"
    )


@pytest.fixture
def shopify_api():
    with responses.RequestsMock() as mock:
        mock.add_callback(
            responses.POST, f"https://{SHOP}/admin/api/2026-01/graphql.json", callback=answer_by_operation
        )
        yield mock


def test_pulls_shop_views_languages_currencies_and_location(channel, shopify_api):
    outcomes = pull_shopify_metadata(channel=channel)

    assert set(outcomes) == {
        "metadata.shop",
        "metadata.views",
        "metadata.languages",
        "metadata.currencies",
        "metadata.locations",
        "metadata.custom_id",
    }
    channel.refresh_from_db()
    assert channel.custom_id_ready  # listings upsert by it from their first push
    assert (channel.shop_name, channel.shop_currency, channel.max_product_variants) == ("Fixture Shop", "EUR", 2048)
    assert channel.primary_location_id == "gid://shopify/Location/23"
    views = SalesChannelView.objects.filter(sales_channel=channel).order_by("remote_id")
    assert [(v.remote_id, v.name, v.is_default, v.active) for v in views] == [
        ("gid://shopify/Publication/11", "Online Store", True, True),
        ("gid://shopify/Publication/12", "Point of Sale", False, True),
    ]
    languages = dict(RemoteLanguage.objects.filter(sales_channel=channel).values_list("remote_code", "local_instance"))
    assert languages == {"en": "en", "pt-BR": "pt", "ja": ""}
    currencies = {
        row.remote_code: getattr(row.local_instance, "iso_code", None) for row in RemoteCurrency.objects.all()
    }
    assert currencies == {"EUR": "EUR", "USD": "USD", "GBP": None}


def test_a_second_pull_changes_nothing_and_keeps_merchant_mappings(channel, shopify_api):
    pull_shopify_metadata(channel=channel)
    RemoteLanguage.objects.filter(remote_code="ja").update(local_instance="en")
    RemoteLanguage.objects.filter(remote_code="pt-BR").update(local_instance="en")

    outcomes = pull_shopify_metadata(channel=channel)

    assert {usage: outcome.kind for usage, outcome in outcomes.items()} == dict.fromkeys(outcomes, "unchanged")
    assert SalesChannelView.objects.filter(sales_channel=channel).count() == 2
    assert RemoteCurrency.objects.filter(sales_channel=channel).count() == 3
    languages = dict(RemoteLanguage.objects.filter(sales_channel=channel).values_list("remote_code", "local_instance"))
    assert languages == {"en": "en", "pt-BR": "en", "ja": "en"}


def test_a_publication_that_disappeared_is_deactivated(channel, shopify_api):
    SalesChannelView.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, remote_id="gid://x/9", name="Old"
    )
    pull_shopify_metadata(channel=channel)
    assert SalesChannelView.objects.get(remote_id="gid://x/9").active is False


def test_parse_shop_reads_limits_and_currencies():
    assert parsers.parse_shop(data=fixture("meta_shop.json")["data"]) == {
        "shop_name": "Fixture Shop",
        "shop_currency": "EUR",
        "presentment_currencies": ["EUR", "USD"],
        "max_product_variants": 2048,
    }


def test_parse_shop_refuses_a_shop_without_currency():
    with pytest.raises(InvalidVendorPayload):
        parsers.parse_shop(data={"shop": {"name": "x"}})


def test_primary_location_is_kept_while_active():
    locations = [parsers.parse_location(node=n) for n in fixture("meta_locations.json")["data"]["locations"]["nodes"]]
    assert (
        parsers.primary_location(locations=locations, current="gid://shopify/Location/22")
        == "gid://shopify/Location/22"
    )
    assert (
        parsers.primary_location(locations=locations, current="gid://shopify/Location/21")
        == "gid://shopify/Location/23"
    )
    assert parsers.primary_location(locations=[], current="") == ""


@pytest.mark.parametrize(("locale", "expected"), [("en", "en"), ("PT-br", "pt"), ("nl", ""), ("zh-Hant-TW", "")])
def test_local_language_matches_code_then_prefix(locale, expected):
    assert parsers.local_language(locale=locale, languages=["en", "pt"]) == expected
