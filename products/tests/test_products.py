"""Product, variation, bundle and EAN rules: database constraints and clean() invariants."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ean13_checksum_ok
from products.tests.factories import (
    BundleItemFactory,
    BundleProductFactory,
    ConfigurableProductFactory,
    ConfigurableVariationFactory,
    EanCodeFactory,
    ProductFactory,
    with_check_digit,
)


def refused_by_database(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- Product -----------------------------------------------------------------------------------


def test_duplicate_sku_in_one_company_is_refused(company):
    ProductFactory(multi_tenant_company=company, sku="CHAIR")
    refused_by_database(lambda: Product.objects.create(multi_tenant_company=company, sku="CHAIR"))
    with pytest.raises(ValidationError, match="Sku already exists"):
        Product(multi_tenant_company=company, sku="CHAIR").full_clean()


def test_same_sku_is_allowed_in_another_company(company, other_company):
    ProductFactory(multi_tenant_company=company, sku="CHAIR")
    other = ProductFactory(multi_tenant_company=other_company, sku="CHAIR")
    assert other.pk is not None
    assert Product.objects.filter(sku="CHAIR").count() == 2


def test_empty_sku_is_refused(company):
    refused_by_database(lambda: Product.objects.create(multi_tenant_company=company, sku=""))


def test_clean_strips_the_sku(company):
    product = Product(multi_tenant_company=company, sku="  TABLE  ")
    product.full_clean()
    assert product.sku == "TABLE"


def test_unknown_type_is_refused(company):
    refused_by_database(lambda: Product.objects.create(multi_tenant_company=company, sku="X", type="KIT"))
    with pytest.raises(ValidationError, match="type"):
        Product(multi_tenant_company=company, sku="X", type="KIT").full_clean()


def test_configurable_with_variations_cannot_change_type(company):
    link = ConfigurableVariationFactory(parent=ConfigurableProductFactory(multi_tenant_company=company))
    parent = link.parent
    parent.type = Product.SIMPLE
    with pytest.raises(ValidationError, match="must stay configurable"):
        parent.full_clean()


def test_product_with_ean_cannot_become_configurable(company):
    ean = EanCodeFactory(product=ProductFactory(multi_tenant_company=company))
    product = Product.objects.get(pk=ean.product_id)
    product.type = Product.CONFIGURABLE
    with pytest.raises(ValidationError, match="cannot have an EAN code"):
        product.full_clean()


# --- ConfigurableVariation ---------------------------------------------------------------------


def test_variation_links_a_simple_product_to_a_configurable(company):
    link = ConfigurableVariationFactory(parent=ConfigurableProductFactory(multi_tenant_company=company))
    link.full_clean()
    assert link.variation.type == Product.SIMPLE
    assert list(link.parent.variation_links.all()) == [link]


def test_variation_parent_must_be_configurable(company):
    simple = ProductFactory(multi_tenant_company=company)
    link = ConfigurableVariation(
        multi_tenant_company=company, parent=simple, variation=ProductFactory(multi_tenant_company=company)
    )
    with pytest.raises(ValidationError, match="Only a configurable product can have variations"):
        link.full_clean()


@pytest.mark.parametrize("variation_factory", [ConfigurableProductFactory, BundleProductFactory])
def test_variation_must_be_simple(company, variation_factory):
    link = ConfigurableVariation(
        multi_tenant_company=company,
        parent=ConfigurableProductFactory(multi_tenant_company=company),
        variation=variation_factory(multi_tenant_company=company),
    )
    with pytest.raises(ValidationError, match="A variation must be a simple product"):
        link.full_clean()


def test_variation_of_another_company_is_refused(company, other_company):
    link = ConfigurableVariation(
        multi_tenant_company=company,
        parent=ConfigurableProductFactory(multi_tenant_company=company),
        variation=ProductFactory(multi_tenant_company=other_company),
    )
    with pytest.raises(ValidationError, match="different companies"):
        link.full_clean()


def test_same_variation_twice_under_one_parent_is_refused(company):
    link = ConfigurableVariationFactory(parent=ConfigurableProductFactory(multi_tenant_company=company))
    refused_by_database(
        lambda: ConfigurableVariation.objects.create(
            multi_tenant_company=company, parent=link.parent, variation=link.variation
        )
    )


def test_product_cannot_be_its_own_variation(company):
    parent = ConfigurableProductFactory(multi_tenant_company=company)
    refused_by_database(
        lambda: ConfigurableVariation.objects.create(multi_tenant_company=company, parent=parent, variation=parent)
    )


# --- BundleItem --------------------------------------------------------------------------------


def test_bundle_item_needs_a_bundle_parent(company):
    item = BundleItem(
        multi_tenant_company=company,
        parent=ProductFactory(multi_tenant_company=company),
        product=ProductFactory(multi_tenant_company=company),
    )
    with pytest.raises(ValidationError, match="Only a bundle product can contain items"):
        item.full_clean()


def test_bundle_cannot_hold_a_configurable(company):
    item = BundleItem(
        multi_tenant_company=company,
        parent=BundleProductFactory(multi_tenant_company=company),
        product=ConfigurableProductFactory(multi_tenant_company=company),
    )
    with pytest.raises(ValidationError, match="not configurables"):
        item.full_clean()


def test_bundle_can_hold_another_bundle(company):
    item = BundleItemFactory(
        parent=BundleProductFactory(multi_tenant_company=company),
        product=BundleProductFactory(multi_tenant_company=company),
        quantity=2,
    )
    item.full_clean()


def test_bundle_quantity_must_be_positive(company):
    item = BundleItemFactory(parent=BundleProductFactory(multi_tenant_company=company))
    refused_by_database(lambda: BundleItem.objects.filter(pk=item.pk).update(quantity=0))


def test_bundle_cannot_contain_itself_or_an_item_twice(company):
    item = BundleItemFactory(parent=BundleProductFactory(multi_tenant_company=company))
    refused_by_database(
        lambda: BundleItem.objects.create(multi_tenant_company=company, parent=item.parent, product=item.parent)
    )
    refused_by_database(
        lambda: BundleItem.objects.create(multi_tenant_company=company, parent=item.parent, product=item.product)
    )


def test_product_inside_a_bundle_cannot_be_deleted(company):
    item = BundleItemFactory(parent=BundleProductFactory(multi_tenant_company=company))
    with pytest.raises(ProtectedError):
        item.product.delete()


# --- EanCode -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("4006381333931", True),  # EAN-13
        ("4006381333932", False),  # wrong check digit
        ("96385074", True),  # EAN-8
        ("036000291452", True),  # UPC-A
        ("10012345000017", True),  # GTIN-14
        ("400638133393", False),  # 12 digits, wrong check digit
        ("40063813339A", False),
        ("12345", False),
        ("", False),
    ],
)
def test_ean_checksum(code, valid):
    assert ean13_checksum_ok(code) is valid


def test_factory_codes_have_a_valid_check_digit():
    assert ean13_checksum_ok(with_check_digit(body="400638133393"))


def test_invalid_ean_is_refused_by_clean(company):
    ean = EanCode(multi_tenant_company=company, product=ProductFactory(multi_tenant_company=company))
    ean.ean_code = "4006381333932"
    with pytest.raises(ValidationError, match="not a valid EAN"):
        ean.full_clean()


def test_ean_on_configurable_is_refused(company):
    ean = EanCode(
        multi_tenant_company=company,
        product=ConfigurableProductFactory(multi_tenant_company=company),
        ean_code="4006381333931",
    )
    with pytest.raises(ValidationError, match="configurable product cannot have an EAN code"):
        ean.full_clean()


def test_ean_is_unique_per_company_but_not_across_companies(company, other_company):
    EanCodeFactory(product=ProductFactory(multi_tenant_company=company), ean_code="4006381333931")
    refused_by_database(
        lambda: EanCode.objects.create(
            multi_tenant_company=company, product=ProductFactory(multi_tenant_company=company), ean_code="4006381333931"
        )
    )
    other = EanCodeFactory(product=ProductFactory(multi_tenant_company=other_company), ean_code="4006381333931")
    assert other.pk is not None


def test_product_has_at_most_one_ean(company):
    ean = EanCodeFactory(product=ProductFactory(multi_tenant_company=company))
    refused_by_database(
        lambda: EanCode.objects.create(multi_tenant_company=company, product=ean.product, ean_code="96385074")
    )


def test_factories_keep_children_in_the_parents_company(company):
    link = ConfigurableVariationFactory(parent=ConfigurableProductFactory(multi_tenant_company=company))
    item = BundleItemFactory(parent=BundleProductFactory(multi_tenant_company=company))
    ean = EanCodeFactory(product=ProductFactory(multi_tenant_company=company))
    assert {link.multi_tenant_company, link.variation.multi_tenant_company} == {company}
    assert {item.multi_tenant_company, item.product.multi_tenant_company} == {company}
    assert ean.multi_tenant_company == company
