"""Product translations: uniqueness per language (and channel), validation and the fallback order."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from products.models import ProductTranslation
from products.tests.factories import ProductFactory, ProductTranslationFactory


@pytest.fixture
def product(company):
    return ProductFactory(multi_tenant_company=company)


def add(product, *, language: str, sales_channel=None, name: str | None = None) -> ProductTranslation:
    return ProductTranslationFactory(
        product=product, language=language, sales_channel=sales_channel, name=name or f"{language}-{sales_channel}"
    )


def test_one_default_translation_per_language(product):
    add(product, language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        add(product, language="en")


def test_one_translation_per_language_and_channel(product, sales_channel):
    add(product, language="en")
    add(product, language="en", sales_channel=sales_channel)
    with pytest.raises(IntegrityError), transaction.atomic():
        add(product, language="en", sales_channel=sales_channel)


def test_name_is_required(product):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductTranslation.objects.create(
            multi_tenant_company=product.multi_tenant_company, product=product, language="en", name=""
        )


def test_language_must_be_one_of_the_companys_languages(product):
    translation = ProductTranslation(
        multi_tenant_company=product.multi_tenant_company, product=product, language="de", name="Stuhl"
    )
    with pytest.raises(ValidationError, match="'de' is not one of the company's languages"):
        translation.full_clean()


@pytest.mark.parametrize("bullet_points", ["one string", [1, 2], {"a": "b"}])
def test_bullet_points_must_be_a_list_of_strings(product, bullet_points):
    translation = ProductTranslation(
        multi_tenant_company=product.multi_tenant_company,
        product=product,
        language="en",
        name="Chair",
        bullet_points=bullet_points,
    )
    with pytest.raises(ValidationError, match="list of strings"):
        translation.full_clean()


def test_valid_translation_passes_clean(product):
    translation = ProductTranslation(
        multi_tenant_company=product.multi_tenant_company,
        product=product,
        language="nl",
        name="Stoel",
        bullet_points=["Comfortabel", "Stevig"],
    )
    translation.full_clean()


# --- Fallback order: (language, channel) > (language) > (default language, channel) > (default language) ---


def resolve(product, *, language: str, sales_channel=None):
    return ProductTranslation.objects.resolve(
        product=product, language=language, sales_channel_id=sales_channel.pk if sales_channel else None
    )


def test_resolve_prefers_the_language_for_the_channel(product, sales_channel):
    wanted = add(product, language="nl", sales_channel=sales_channel)
    add(product, language="nl")
    add(product, language="en", sales_channel=sales_channel)
    add(product, language="en")
    assert resolve(product, language="nl", sales_channel=sales_channel) == wanted


def test_resolve_falls_back_to_the_language_without_channel(product, sales_channel):
    wanted = add(product, language="nl")
    add(product, language="en", sales_channel=sales_channel)
    add(product, language="en")
    assert resolve(product, language="nl", sales_channel=sales_channel) == wanted


def test_resolve_falls_back_to_the_default_language_for_the_channel(product, sales_channel):
    wanted = add(product, language="en", sales_channel=sales_channel)
    add(product, language="en")
    assert resolve(product, language="nl", sales_channel=sales_channel) == wanted


def test_resolve_falls_back_to_the_default_language_without_channel(product, sales_channel):
    wanted = add(product, language="en")
    assert resolve(product, language="nl", sales_channel=sales_channel) == wanted


def test_resolve_returns_none_without_usable_content(product, sales_channel):
    assert resolve(product, language="nl", sales_channel=sales_channel) is None


def test_resolve_ignores_other_channels(product, sales_channel, company):
    other_channel = type(sales_channel).objects.create(multi_tenant_company=company, name="Marketplace")
    add(product, language="nl", sales_channel=other_channel)
    wanted = add(product, language="en")
    assert resolve(product, language="nl", sales_channel=sales_channel) == wanted


def test_resolve_without_channel_never_returns_a_channel_override(product, sales_channel):
    add(product, language="nl", sales_channel=sales_channel)
    wanted = add(product, language="en")
    assert resolve(product, language="nl") == wanted


def test_product_get_translation_uses_the_same_order(product, sales_channel):
    add(product, language="en")
    wanted = add(product, language="nl")
    assert product.get_translation(language="nl", sales_channel_id=sales_channel.pk) == wanted
