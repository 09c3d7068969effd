"""`manage.py seed_demo_catalog`: the catalog mix, determinism per seed and idempotency."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from core.models import MultiTenantCompany, MultiTenantUser
from currencies.models import Currency
from inventory.models import Inventory
from media.models import Media, MediaProductThrough
from products.demo.plan import build_plan, configurable_positions, ean13
from products.demo.summary import catalog_summary
from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation, ean13_checksum_ok
from properties.models import (
    ProductPropertiesRuleItem,
    ProductProperty,
    ProductPropertyTextTranslation,
    Property,
    PropertySelectValueTranslation,
)
from sales_prices.models import SalesPrice, SalesPriceListItem


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def seed(*, company: str, products: int = 120, seed: int = 7, username: str = "demo") -> str:
    out = io.StringIO()
    call_command(
        "seed_demo_catalog",
        company=company,
        products=products,
        seed=seed,
        language_codes="en,nl",
        username=username,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def seeded(db):
    output = seed(company="Demo Shop")
    return MultiTenantCompany.objects.get(name="Demo Shop"), output


def test_creates_the_company_and_a_staff_demo_user(seeded):
    company, _ = seeded
    assert company.languages == ["en", "nl"]
    assert company.language == "en"
    user = MultiTenantUser.objects.get(username="demo")
    assert user.multi_tenant_company == company
    assert user.is_staff
    assert user.is_multi_tenant_company_owner
    assert user.check_password("demo")


def test_creates_exactly_the_requested_number_of_products_in_a_mix(seeded):
    company, _ = seeded
    products = Product.objects.filter(multi_tenant_company=company)
    by_type = Counter(products.values_list("type", flat=True))
    assert sum(by_type.values()) == 120
    assert by_type[Product.CONFIGURABLE] >= 3
    assert by_type[Product.BUNDLE] >= 1
    variation_ids = set(ConfigurableVariation.objects.values_list("variation_id", flat=True))
    standalone = products.filter(type=Product.SIMPLE).exclude(pk__in=variation_ids)
    assert standalone.exists()


def test_configurables_have_three_to_twelve_variations_on_their_axes(seeded):
    company, _ = seeded
    configurables = Product.objects.filter(multi_tenant_company=company, type=Product.CONFIGURABLE)
    counts = dict(configurables.annotate(n=Count("variation_links")).values_list("sku", "n"))
    assert counts
    assert all(3 <= count <= 12 for count in counts.values()), counts
    assert not EanCode.objects.filter(product__type=Product.CONFIGURABLE).exists()
    assert not SalesPrice.objects.filter(product__type=Product.CONFIGURABLE).exists()
    assert not Inventory.objects.filter(product__type__in=[Product.CONFIGURABLE, Product.BUNDLE]).exists()
    axis_items = ProductPropertiesRuleItem.objects.filter(
        multi_tenant_company=company, type=ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR
    )
    axis_property_ids = set(axis_items.values_list("property_id", flat=True))
    assert len(axis_property_ids) >= 3
    for link in ConfigurableVariation.objects.filter(multi_tenant_company=company).select_related("parent")[:20]:
        variation_axes = set(
            ProductProperty.objects.filter(product_id=link.variation_id, property_id__in=axis_property_ids).values_list(
                "property_id", flat=True
            )
        )
        assert 2 <= len(variation_axes) <= 3


def test_bundles_hold_simple_products_with_quantities(seeded):
    company, _ = seeded
    items = BundleItem.objects.filter(multi_tenant_company=company).select_related("parent", "product")
    assert items.exists()
    assert {item.parent.type for item in items} == {Product.BUNDLE}
    assert all(item.product.type == Product.SIMPLE and item.quantity > 0 for item in items)
    per_bundle = Counter(item.parent_id for item in items)
    assert min(per_bundle.values()) >= 2


def test_every_product_has_content_in_both_languages(seeded):
    company, _ = seeded
    languages = ProductTranslation.objects.filter(multi_tenant_company=company).values_list("product_id", "language")
    by_product: dict[int, set[str]] = {}
    for product_id, language in languages:
        by_product.setdefault(product_id, set()).add(language)
    assert len(by_product) == 120
    assert all(found == {"en", "nl"} for found in by_product.values())
    translation = ProductTranslation.objects.filter(multi_tenant_company=company, language="nl").first()
    assert translation.description
    assert translation.url_key.endswith(translation.product.sku.lower())
    assert len(translation.bullet_points) == 3
    assert PropertySelectValueTranslation.objects.filter(multi_tenant_company=company, value="Rood").exists()


def test_prices_in_two_currencies_with_rrp_not_below_price(seeded):
    company, _ = seeded
    currencies = {c.iso_code: c for c in Currency.objects.filter(multi_tenant_company=company)}
    assert currencies["EUR"].is_default_currency
    assert currencies["USD"].inherits_from == currencies["EUR"]
    prices = SalesPrice.objects.filter(multi_tenant_company=company)
    assert set(prices.values_list("currency__iso_code", flat=True)) == {"EUR", "GBP"}
    assert not prices.filter(price__lte=0).exists()
    assert not prices.filter(rrp__lt=F("price")).exists()
    priced = Counter(prices.values_list("product_id", flat=True))
    sellable = Product.objects.filter(multi_tenant_company=company).exclude(type=Product.CONFIGURABLE)
    assert set(priced) == set(sellable.values_list("pk", flat=True))
    assert set(priced.values()) == {2}
    assert SalesPriceListItem.objects.filter(multi_tenant_company=company).exists()


def test_eans_are_valid_and_stock_sits_in_two_locations(seeded):
    company, _ = seeded
    codes = list(EanCode.objects.filter(multi_tenant_company=company).values_list("ean_code", flat=True))
    assert codes
    assert all(ean13_checksum_ok(code) for code in codes)
    stock = Inventory.objects.filter(multi_tenant_company=company)
    assert stock.values("location").distinct().count() == 2
    assert set(Counter(stock.values_list("product_id", flat=True)).values()) == {2}


def test_images_are_shared_and_each_product_has_one_main_image(seeded, media_root):
    company, _ = seeded
    links = MediaProductThrough.objects.filter(multi_tenant_company=company)
    mains = Counter(links.filter(is_main_image=True).values_list("product_id", flat=True))
    with_images = set(links.values_list("product_id", flat=True))
    assert with_images
    assert set(mains) == with_images
    assert set(mains.values()) == {1}
    media = Media.objects.filter(multi_tenant_company=company)
    assert 1 < media.count() <= 12 < links.count()
    first = media.first()
    assert first.image.path.startswith(str(media_root))
    assert Media.hash_bytes(first.image.read()) == first.content_hash


def test_property_values_cover_every_type(seeded):
    company, _ = seeded
    values = ProductProperty.objects.filter(multi_tenant_company=company)
    types = set(values.values_list("property__type", flat=True))
    expected = {Property.Type.SELECT, Property.Type.MULTISELECT, Property.Type.TEXT, Property.Type.INT}
    assert expected | {Property.Type.FLOAT, Property.Type.BOOLEAN} == types
    assert values.filter(property__is_product_type=True).count() == 120
    assert values.filter(value_multi_select__isnull=False).exists()
    assert set(ProductPropertyTextTranslation.objects.values_list("language", flat=True)) == {"en", "nl"}


def test_seeded_rows_pass_model_validation(seeded):
    company, _ = seeded
    for model in (ProductProperty, SalesPrice, EanCode, ConfigurableVariation, BundleItem, Inventory):
        for row in model.objects.filter(multi_tenant_company=company)[:40]:
            row.full_clean()


def test_prints_what_it_created_and_the_summary(seeded):
    company, output = seeded
    assert "created 120 of 120 planned products (0 already present)" in output
    printed = dict(line.strip().rsplit(maxsplit=1) for line in output.split("Catalog summary:")[1].strip().splitlines())
    summary = catalog_summary(company=company)
    assert {label: int(count) for label, count in printed.items()} == summary
    assert summary["products"] == 120
    assert summary["translation languages"] == 2


def test_same_seed_gives_the_same_catalog_in_two_companies(db):
    seed(company="First", seed=11, username="first")
    seed(company="Second", seed=11, username="second")
    seed(company="Third", seed=12, username="third")

    def catalog(name):
        company = MultiTenantCompany.objects.get(name=name)
        prices = SalesPrice.objects.filter(multi_tenant_company=company)
        return (
            sorted(Product.objects.filter(multi_tenant_company=company).values_list("sku", "type")),
            sorted(prices.values_list("product__sku", "currency__iso_code", "price", "rrp")),
            sorted(EanCode.objects.filter(multi_tenant_company=company).values_list("product__sku", "ean_code")),
            sorted(ProductTranslation.objects.filter(multi_tenant_company=company).values_list("url_key", "name")),
        )

    assert catalog("First") == catalog("Second")
    assert catalog("First") != catalog("Third")


def test_second_run_with_the_same_arguments_creates_nothing(seeded):
    company, _ = seeded
    before = catalog_summary(company=company)
    output = seed(company="Demo Shop")
    assert "created 0 of 120 planned products (120 already present)" in output
    assert catalog_summary(company=company) == before
    assert MultiTenantUser.objects.filter(multi_tenant_company=company).count() == 1


def test_another_company_gets_its_own_demo_user(seeded):
    seed(company="Other Shop", products=10)
    user = MultiTenantUser.objects.get(multi_tenant_company__name="Other Shop")
    assert user.username == "demo-other-shop"
    assert user.check_password("demo")


def test_seeding_sends_no_catalog_signal(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        seed(company="Quiet", products=30)
    assert callbacks == []


def test_unknown_language_code_is_refused(db):
    with pytest.raises(CommandError, match="xx"):
        call_command("seed_demo_catalog", company="X", products=1, language_codes="en,xx", stdout=io.StringIO())


@pytest.mark.parametrize("products", [0, 1, 3, 4, 5, 17, 120])
def test_plan_has_exactly_the_requested_products(products):
    families = build_plan(seed=1, products=products, languages=("en",))
    assert sum(len(family) for family in families) == products
    for family in families:
        if family[0].type == Product.CONFIGURABLE:
            assert 3 <= len(family) - 1 <= 12
            assert len({spec.sku for spec in family}) == len(family)


def test_ean13_appends_a_valid_check_digit():
    assert ean13(body="400638133393") == "4006381333931"
    assert ean13_checksum_ok(ean13(body="200000000042"))


# -- the listings mode: --listings N --configurables M -------------------------------------------


def seed_listings(*, company: str, listings: int, configurables: int | None = None, seed: int = 7) -> str:
    out = io.StringIO()
    options = {"listings": listings}
    if configurables is not None:
        options["configurables"] = configurables
    call_command(
        "seed_demo_catalog", company=company, seed=seed, language_codes="en,nl", username="demo", stdout=out, **options
    )
    return out.getvalue()


def listing_counts(company: MultiTenantCompany) -> tuple[int, Counter]:
    """(listings, listings per type): products that are not a variation of a configurable."""
    variation_ids = ConfigurableVariation.objects.filter(multi_tenant_company=company).values("variation_id")
    listings = Product.objects.filter(multi_tenant_company=company).exclude(pk__in=variation_ids)
    return listings.count(), Counter(listings.values_list("type", flat=True))


def test_listings_mode_creates_exactly_the_listings_and_configurables(db):
    output = seed_listings(company="Listings Shop", listings=60, configurables=18)
    company = MultiTenantCompany.objects.get(name="Listings Shop")
    total, by_type = listing_counts(company)
    assert total == 60
    assert by_type[Product.CONFIGURABLE] == 18
    assert by_type[Product.BUNDLE] >= 1
    assert by_type[Product.SIMPLE] >= 1
    configurables = Product.objects.filter(multi_tenant_company=company, type=Product.CONFIGURABLE)
    counts = dict(configurables.annotate(n=Count("variation_links")).values_list("sku", "n"))
    assert len(counts) == 18
    assert all(3 <= count <= 12 for count in counts.values()), counts
    products = Product.objects.filter(multi_tenant_company=company).count()
    assert products == 60 + sum(counts.values())
    assert f"created {products} of {products} planned products (0 already present)" in output
    assert "Listings (top-level products): 60." in output


def test_listings_mode_is_deterministic_and_idempotent(db):
    seed_listings(company="First", listings=25, configurables=10, seed=3)
    seed_listings(company="Second", listings=25, configurables=10, seed=3)

    def skus(name):
        company = MultiTenantCompany.objects.get(name=name)
        return sorted(Product.objects.filter(multi_tenant_company=company).values_list("sku", "type"))

    assert skus("First") == skus("Second")
    before = catalog_summary(company=MultiTenantCompany.objects.get(name="First"))
    output = seed_listings(company="First", listings=25, configurables=10, seed=3)
    assert "created 0 of" in output
    assert catalog_summary(company=MultiTenantCompany.objects.get(name="First")) == before


def test_listings_mode_defaults_configurables_to_the_usual_share(db):
    seed_listings(company="Default Share", listings=50)
    _, by_type = listing_counts(MultiTenantCompany.objects.get(name="Default Share"))
    assert by_type[Product.CONFIGURABLE] == 11  # round(50 * 0.22)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"products": 10, "listings": 10}, "not both"),
        ({"configurables": 3}, "--listings"),
        ({"products": 10, "configurables": 3}, "--listings"),
        ({"listings": 5, "configurables": 6}, "between 0 and 5"),
        ({"listings": 5, "configurables": -1}, "between 0 and 5"),
        ({"listings": -1}, "negative"),
    ],
)
def test_listings_mode_refuses_inconsistent_options(db, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_demo_catalog", company="X", stdout=io.StringIO(), **options)


@pytest.mark.parametrize(("listings", "configurables"), [(0, 0), (1, 0), (1, 1), (7, 7), (10, 3), (1000, 300)])
def test_listing_plan_has_exactly_the_requested_families(listings, configurables):
    families = build_plan(seed=1, languages=("en",), listings=listings, configurables=configurables)
    assert len(families) == listings
    kinds = Counter(family[0].type for family in families)
    assert kinds[Product.CONFIGURABLE] == configurables
    for family in families:
        if family[0].type == Product.CONFIGURABLE:
            assert 3 <= len(family) - 1 <= 12
            assert all(spec.parent_sku == family[0].sku for spec in family[1:])
        else:
            assert len(family) == 1
    skus = [spec.sku for family in families for spec in family]
    assert len(set(skus)) == len(skus)
    assert build_plan(seed=1, languages=("en",), listings=listings, configurables=configurables) == families


def test_configurables_are_spread_evenly_over_the_listings():
    positions = configurable_positions(listings=1000, configurables=300)
    assert sum(positions) == 300
    for start in range(0, 1000, 100):
        assert sum(positions[start : start + 100]) == 30


def test_products_mode_is_unchanged_by_the_new_options():
    default = build_plan(seed=42, products=200, languages=("en", "nl"))
    assert build_plan(seed=42, products=200, languages=("en", "nl"), listings=None, configurables=None) == default
    assert sum(len(family) for family in default) == 200
    with pytest.raises(ValueError, match="listings"):
        build_plan(seed=42, products=200, languages=("en",), configurables=5)
