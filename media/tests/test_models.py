"""Media rules: a file or a URL, content hash unique per company, one main image per product per set;
and images_for's channel override."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError

from media.models import Media, images_for
from media.tests.factories import MediaFactory, MediaProductThroughFactory, png_bytes
from sales_prices.tests.factories import ProductFactory


@pytest.fixture
def product(company):
    return ProductFactory(multi_tenant_company=company)


@pytest.fixture
def channel(company, sales_channel_model):
    return sales_channel_model.objects.create(multi_tenant_company=company, name="Webshop")


@pytest.fixture
def marketplace(company, sales_channel_model):
    return sales_channel_model.objects.create(multi_tenant_company=company, name="Marketplace")


def link(product, **kwargs):
    return MediaProductThroughFactory(multi_tenant_company=product.multi_tenant_company, product=product, **kwargs)


def test_media_needs_a_file_or_a_url(company):
    media = Media(multi_tenant_company=company, title="Nothing")
    with pytest.raises(ValidationError, match="An image needs a file or a source URL."):
        media.clean()
    with pytest.raises(IntegrityError):
        media.save()


def test_stored_file_gets_its_sha256_as_content_hash(company):
    data = png_bytes(color=(1, 2, 3))
    media = MediaFactory(multi_tenant_company=company, source_url="", image=ContentFile(data, name="a.png"))
    assert media.content_hash == Media.hash_bytes(data)
    assert media.url.endswith(".png")
    assert media.image.name.startswith(f"company_{company.pk}/images/")


def test_same_file_twice_in_one_company_is_refused(company):
    data = png_bytes(color=(9, 9, 9))
    MediaFactory(multi_tenant_company=company, source_url="", image=ContentFile(data, name="a.png"))
    with pytest.raises(IntegrityError):
        MediaFactory(multi_tenant_company=company, source_url="", image=ContentFile(data, name="b.png"))


def test_same_file_in_two_companies_is_allowed(company, other_company):
    data = png_bytes(color=(9, 9, 9))
    first = MediaFactory(multi_tenant_company=company, source_url="", image=ContentFile(data, name="a.png"))
    second = MediaFactory(multi_tenant_company=other_company, source_url="", image=ContentFile(data, name="a.png"))
    assert first.content_hash == second.content_hash


def test_url_media_have_no_hash_and_do_not_collide(company):
    first, second = MediaFactory.create_batch(2, multi_tenant_company=company)
    assert first.content_hash == second.content_hash == ""
    assert first.url == first.source_url


def test_generated_files_differ(company):
    first, second = MediaFactory.create_batch(2, multi_tenant_company=company, with_file=True)
    assert first.content_hash != second.content_hash


def test_one_main_image_per_product_in_the_default_set(product):
    link(product, is_main_image=True)
    with pytest.raises(IntegrityError):
        link(product, is_main_image=True)


def test_second_main_image_refused_by_full_clean(product):
    link(product, is_main_image=True)
    second = MediaProductThroughFactory.build(
        multi_tenant_company=product.multi_tenant_company,
        product=product,
        media=MediaFactory(multi_tenant_company=product.multi_tenant_company),
        is_main_image=True,
    )
    with pytest.raises(ValidationError, match="one_main_image_default"):
        second.full_clean()


def test_one_main_image_per_product_per_channel(product, channel, marketplace):
    link(product, is_main_image=True)
    link(product, is_main_image=True, sales_channel=channel)
    link(product, is_main_image=True, sales_channel=marketplace)
    with pytest.raises(IntegrityError):
        link(product, is_main_image=True, sales_channel=channel)


def test_same_media_once_per_product_per_set(product, channel):
    first = link(product)
    link(product, media=first.media, sales_channel=channel)
    with pytest.raises(IntegrityError):
        link(product, media=first.media)


def test_images_for_puts_the_main_image_first_then_sort_order(product):
    second = link(product, sort_order=2)
    first = link(product, sort_order=1)
    main = link(product, sort_order=5, is_main_image=True)
    assert images_for(product_id=product.pk) == [main, first, second]


def test_channel_with_its_own_set_replaces_the_default(product, channel, marketplace):
    default = link(product, is_main_image=True)
    own = link(product, sales_channel=channel, sort_order=1)
    own_main = link(product, sales_channel=channel, sort_order=2, is_main_image=True)
    other = link(product, sales_channel=marketplace)
    assert images_for(product_id=product.pk, sales_channel_id=channel.pk) == [own_main, own]
    assert images_for(product_id=product.pk, sales_channel_id=marketplace.pk) == [other]
    assert images_for(product_id=product.pk) == [default]


def test_channel_without_its_own_set_gets_the_default(product, channel, marketplace):
    default = link(product)
    link(product, sales_channel=marketplace)
    assert images_for(product_id=product.pk, sales_channel_id=channel.pk) == [default]


def test_images_for_product_without_images_is_empty(product):
    assert images_for(product_id=product.pk) == []
