"""The framework's catalog writer: neutral values -> local catalog in bulk, and bad data as per-record problems."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.models import Inventory
from media.models import MediaProductThrough
from products.models import ConfigurableVariation, Product, ProductTranslation
from properties.models import ProductProperty
from properties.product_types import configurator_properties
from sales_channels.factories.outcomes import CREATED, LINKED, UNCHANGED
from sales_channels.imports.catalog import CatalogWriter, WrittenProduct
from sales_channels.imports.checks import RecordRejected
from sales_channels.imports.values import (
    CONFIGURABLE,
    ImportedContent,
    ImportedImage,
    ImportedPrice,
    ImportedProduct,
    ImportedStock,
    ImportedVariation,
)
from sales_channels.models import RemoteProduct
from sales_prices.models import SalesPrice

pytestmark = pytest.mark.django_db


def simple(number: int, **overrides) -> ImportedProduct:
    values = {
        "remote_id": f"r-{number}",
        "sku": f"SKU-{number}",
        "contents": (ImportedContent(name=f"Product {number}", description="<p>d</p>", url_key=f"p-{number}"),),
        "prices": (ImportedPrice(price=Decimal("10.00"), rrp=Decimal("12.00"), currency="EUR"),),
        "stock": (ImportedStock(location="Main", quantity=number),),
        "images": (ImportedImage(url=f"https://cdn.example.com/{number}.jpg", remote_id=f"img-{number}"),),
    }
    return ImportedProduct(**{**values, **overrides})


def configurable(number: int) -> ImportedProduct:
    return ImportedProduct(
        remote_id=f"c-{number}",
        sku=f"CONF-{number}",
        type=CONFIGURABLE,
        contents=(ImportedContent(name=f"Tee {number}"),),
        axes=("Size", "Colour"),
        product_type="T-shirt",
        variations=tuple(
            ImportedVariation(
                sku=f"CONF-{number}-{size}",
                remote_id=f"v-{number}-{size}",
                title=size,
                axes=(("Size", size), ("Colour", "Red")),
                prices=(ImportedPrice(price=Decimal("5"), currency="EUR"),),
                stock=(ImportedStock(location="Main", quantity=3),),
            )
            for size in ("S", "M")
        ),
    )


def writer(channel, **kwargs) -> CatalogWriter:
    return CatalogWriter(channel=channel, cache={}, **kwargs)


def queries_for(channel, values) -> int:
    with CaptureQueriesContext(connection) as captured:
        results = writer(channel).write(values=values)
    assert all(isinstance(result, WrittenProduct) and result.kind == CREATED for result in results)
    return len(captured.captured_queries)


def test_writes_simple_products_with_everything(storefront):
    [result] = writer(storefront).write(values=[simple(1)])

    product = Product.objects.get(sku="SKU-1")
    assert result.kind == CREATED
    assert result.product == product
    translation = ProductTranslation.objects.get(product=product)
    assert (translation.name, translation.url_key) == ("Product 1", "p-1")
    price = SalesPrice.objects.get(product=product)
    assert (price.price, price.rrp, price.currency.iso_code) == (Decimal("10.00"), Decimal("12.00"), "EUR")
    assert Inventory.objects.get(product=product).quantity == 1
    assert MediaProductThrough.objects.get(product=product).is_main_image
    mirror = RemoteProduct.objects.get(local_instance_id=product.pk)
    assert (mirror.remote_id, mirror.remote_sku, mirror.status) == ("r-1", "SKU-1", "synced")
    assert mirror.image_associations.get().remote_id == "img-1"


def test_a_configurable_gets_variations_axes_and_select_values(storefront):
    writer(storefront).write(values=[configurable(1)])

    parent = Product.objects.get(sku="CONF-1")
    assert parent.type == Product.CONFIGURABLE
    assert ConfigurableVariation.objects.filter(parent=parent).count() == 2
    assert [prop.name() for prop in configurator_properties(product=parent)] == ["Size", "Colour"]
    small = Product.objects.get(sku="CONF-1-S")
    labels = {pp.property.name(): pp.value_select.value() for pp in ProductProperty.objects.filter(product=small)}
    assert labels == {"Size": "S", "Colour": "Red"}
    assert ProductTranslation.objects.get(product=small).name == "Tee 1 - S"
    listing = RemoteProduct.objects.get(local_instance_id=parent.pk)
    assert {m.remote_sku: m.remote_id for m in listing.variations.all()} == {"CONF-1-S": "v-1-S", "CONF-1-M": "v-1-M"}


def test_a_second_write_is_unchanged_and_existing_products_are_linked(storefront, company):
    Product.objects.create(multi_tenant_company=company, sku="SKU-2")
    first = writer(storefront).write(values=[simple(1), simple(2)])
    again = writer(storefront).write(values=[simple(1), simple(2)])

    assert [r.kind for r in first] == [CREATED, LINKED]
    assert [r.kind for r in again] == [UNCHANGED, UNCHANGED]
    assert Product.objects.count() == 2


def test_queries_do_not_grow_with_the_batch(storefront, company):
    writer(storefront).write(values=[simple(0), configurable(0)])  # properties, values and the rule exist from now on
    one = queries_for(storefront, [simple(1), configurable(1)])
    twenty = queries_for(storefront, [simple(n) for n in range(2, 22)] + [configurable(n) for n in range(2, 22)])

    # SQLite splits an INSERT past 999 parameters: 60 translations and 120 property rows are two INSERTs each.
    assert one <= twenty <= one + 2, f"1+1 products: {one} queries, 20+20 products: {twenty}"
    assert one < 50


# -- issue 15 item 9: bad data is a per-record problem, never silent ---------------------------------


def test_a_name_that_is_a_list_is_rejected_and_the_rest_written(storefront):
    bad = simple(1, contents=(ImportedContent(name=["a", "b"]),))

    results = writer(storefront).write(values=[bad, simple(2)])

    assert isinstance(results[0], RecordRejected)
    assert "name must be text" in results[0].message
    assert results[1].kind == CREATED
    assert not ProductTranslation.objects.filter(name__contains="['a'").exists()


def test_a_long_name_is_cut_with_a_warning(storefront):
    [result] = writer(storefront).write(values=[simple(1, contents=(ImportedContent(name="x" * 3000),))])

    assert len(ProductTranslation.objects.get().name) == 512
    assert [p.message for p in result.problems] == ["product name has 3000 characters: cut to 512"]


def test_a_negative_price_is_a_warning_not_a_silent_drop(storefront):
    [result] = writer(storefront).write(
        values=[simple(1, prices=(ImportedPrice(price=Decimal("-5"), currency="EUR"),))]
    )

    assert result.kind == CREATED
    assert not SalesPrice.objects.exists()
    assert any("price -5 EUR is not positive" in p.message for p in result.problems)


def test_a_sku_shared_by_two_remote_products_fails_the_second_and_keeps_the_first(storefront):
    results = writer(storefront).write(values=[simple(1), simple(1, remote_id="r-other")])

    assert results[0].kind == CREATED
    assert isinstance(results[1], RecordRejected)
    assert "also used by remote product r-1" in results[1].message
    assert RemoteProduct.objects.get().remote_id == "r-1"


def test_a_sku_shared_across_pages_of_one_import_fails_the_second(storefront):
    import_writer = writer(storefront, since=None)
    import_writer.write(values=[simple(1)])
    started = RemoteProduct.objects.get().updated_at
    import_writer.since = started

    [result] = import_writer.write(values=[simple(1, remote_id="r-other")])

    assert isinstance(result, RecordRejected)
    assert "already linked to remote product r-1" in result.message
    assert RemoteProduct.objects.get().remote_id == "r-1"
