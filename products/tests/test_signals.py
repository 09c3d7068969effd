"""`catalog_changed`: once per committed change of every source, never for no-ops or rollbacks."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction

from currencies.models import Currency
from inventory.models import Inventory, InventoryLocation
from media.models import Media, MediaProductThrough
from products.models import BundleItem, ConfigurableVariation, EanCode, Product, ProductTranslation
from products.signals import SOURCES, catalog_changed
from properties.models import (
    ProductProperty,
    ProductPropertyTextTranslation,
    Property,
    PropertySelectValue,
)
from sales_prices.models import SalesPrice, SalesPriceList, SalesPriceListItem


@pytest.fixture
def events():
    """Every `catalog_changed` sent while the test runs, as the receiver's keyword arguments."""
    received = []

    def receiver(signal, **kwargs):
        received.append(kwargs)

    catalog_changed.connect(receiver, weak=False, dispatch_uid="test_signals")
    yield received
    catalog_changed.disconnect(dispatch_uid="test_signals")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A context manager that runs the on-commit callbacks registered inside it, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(company, user):
    """A small catalog; creating it sends nothing, since its on-commit callbacks never run."""

    def make(model, **values):
        return model.objects.create(multi_tenant_company=company, **values)

    eur = make(Currency, iso_code="EUR", name="Euro", symbol="€", is_default_currency=True)
    parent = make(Product, sku="PARENT", type=Product.CONFIGURABLE)
    variation = make(Product, sku="PARENT-RED")
    make(ConfigurableVariation, parent=parent, variation=variation)
    care = make(Property, type=Property.Type.TEXT, internal_name="care")
    simple = make(Product, sku="SIMPLE")
    features = make(Property, type=Property.Type.MULTISELECT, internal_name="features")
    return SimpleNamespace(
        company=company,
        user=user,
        make=make,
        eur=eur,
        parent=parent,
        variation=variation,
        loose=make(Product, sku="LOOSE"),
        simple=simple,
        other=make(Product, sku="OTHER"),
        bundle=make(Product, sku="BUNDLE", type=Product.BUNDLE),
        weight=make(Property, type=Property.Type.INT, internal_name="weight"),
        care_value=make(ProductProperty, product=simple, property=care),
        features=features,
        waterproof=make(PropertySelectValue, property=features),
        vegan=make(PropertySelectValue, property=features),
        location=make(InventoryLocation, name="Main"),
        price_list=make(SalesPriceList, name="Sale", currency=eur),
        media=make(Media, source_url="https://example.com/a.png"),
    )


@contextmanager
def rolled_back():
    """A transaction (savepoint) whose block runs and is then rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _set(name: str, value) -> Callable:
    def change(instance) -> None:
        setattr(instance, name, value)

    return change


@dataclass(frozen=True)
class Case:
    """How to create and change one row of a catalog source, and what the signal must name."""

    kind: str
    create: Callable
    change: Callable
    products: Callable = lambda w, row: {w.simple.pk}
    parents: Callable = field(default=lambda w, row: set())


CASES = {
    "products.Product": Case(
        "product",
        create=lambda w: w.make(Product, sku="NEW"),
        change=_set("active", False),
        products=lambda w, row: {row.pk},
    ),
    "products.ProductTranslation": Case(
        "content",
        create=lambda w: w.make(ProductTranslation, product=w.simple, language="en", name="Mug"),
        change=_set("name", "Big mug"),
    ),
    "products.EanCode": Case(
        "ean",
        create=lambda w: w.make(EanCode, product=w.simple, ean_code="4006381333931"),
        change=_set("ean_code", "5901234123457"),
    ),
    "products.ConfigurableVariation": Case(
        "variation",
        create=lambda w: w.make(ConfigurableVariation, parent=w.parent, variation=w.loose),
        change=lambda row: setattr(row, "last_update_by_multi_tenant_user_id", row.multi_tenant_company.users.get().pk),
        products=lambda w, row: {w.loose.pk},
        parents=lambda w, row: {w.parent.pk},
    ),
    "products.BundleItem": Case(
        "bundle",
        create=lambda w: w.make(BundleItem, parent=w.bundle, product=w.simple, quantity=2),
        change=_set("quantity", 3),
        products=lambda w, row: {w.bundle.pk},
    ),
    "properties.ProductProperty": Case(
        "property",
        create=lambda w: w.make(ProductProperty, product=w.simple, property=w.weight, value_int=100),
        change=_set("value_int", 250),
    ),
    "properties.ProductPropertyTextTranslation": Case(
        "property",
        create=lambda w: w.make(
            ProductPropertyTextTranslation, product_property=w.care_value, language="en", value_text="Wash cold"
        ),
        change=_set("value_text", "Hand wash"),
    ),
    "sales_prices.SalesPrice": Case(
        "price",
        create=lambda w: w.make(SalesPrice, product=w.variation, currency=w.eur, price=Decimal("10"), rrp=12),
        change=_set("price", Decimal("11.50")),
        products=lambda w, row: {w.variation.pk},
        parents=lambda w, row: {w.parent.pk},
    ),
    "sales_prices.SalesPriceListItem": Case(
        "price",
        create=lambda w: w.make(SalesPriceListItem, price_list=w.price_list, product=w.simple, price=Decimal("9")),
        change=_set("price", Decimal("8")),
    ),
    "inventory.Inventory": Case(
        "stock",
        create=lambda w: w.make(Inventory, product=w.variation, location=w.location, quantity=5),
        change=_set("quantity", 6),
        products=lambda w, row: {w.variation.pk},
        parents=lambda w, row: {w.parent.pk},
    ),
    "media.MediaProductThrough": Case(
        "image",
        create=lambda w: w.make(MediaProductThrough, media=w.media, product=w.simple, is_main_image=True),
        change=_set("sort_order", 4),
    ),
}
CASE_IDS = sorted(CASES)


def _expected(world, case: Case, row, *, model, deleted: bool = False) -> dict:
    return {
        "sender": model,
        "company_id": world.company.pk,
        "kind": case.kind,
        "product_ids": frozenset(case.products(world, row)),
        "parent_ids": frozenset(case.parents(world, row)),
        "deleted": deleted,
    }


def _reloaded(row):
    return type(row).objects.get(pk=row.pk)


# A price list names its items' products: test_signals_price_lists gives its lists items.
TESTED_APART = {"sales_prices.SalesPriceList"}


def test_every_source_has_a_case():
    assert set(CASES) | TESTED_APART == {source.model for source in SOURCES}


@pytest.mark.parametrize("label", CASE_IDS)
def test_create_sends_once(label, world, events, committed):
    case = CASES[label]
    with committed():
        row = case.create(world)
    assert events == [_expected(world, case, row, model=type(row))]


@pytest.mark.parametrize("label", CASE_IDS)
def test_change_sends_once(label, world, events, committed):
    case = CASES[label]
    row = _reloaded(case.create(world))
    with committed():
        case.change(row)
        row.save()
    assert events == [_expected(world, case, row, model=type(row))]


@pytest.mark.parametrize("label", CASE_IDS)
def test_noop_save_sends_nothing(label, world, events, committed):
    case = CASES[label]
    created = case.create(world)
    with committed():
        created.save()
        _reloaded(created).save()
    assert events == []


@pytest.mark.parametrize("label", CASE_IDS)
def test_delete_sends_once(label, world, events, committed):
    case = CASES[label]
    row = _reloaded(case.create(world))
    expected = _expected(world, case, row, model=type(row), deleted=True)
    with committed():
        row.delete()
    assert events == [expected]


@pytest.mark.parametrize("label", CASE_IDS)
def test_rolled_back_create_sends_nothing(label, world, events, committed):
    with committed(), rolled_back():
        CASES[label].create(world)
    assert events == []


@pytest.mark.parametrize("label", CASE_IDS)
def test_rolled_back_change_and_delete_send_nothing(label, world, events, committed):
    case = CASES[label]
    row = _reloaded(case.create(world))
    with committed():
        with rolled_back():
            case.change(row)
            row.save()
        with rolled_back():
            _reloaded(row).delete()
    assert events == []


def _property_event(world, *, product_ids, parent_ids=frozenset()) -> dict:
    return {
        "sender": ProductProperty,
        "company_id": world.company.pk,
        "kind": "property",
        "product_ids": frozenset(product_ids),
        "parent_ids": frozenset(parent_ids),
        "deleted": False,
    }


def test_multiselect_add_remove_and_clear_send_once_each(world, events, committed):
    value = world.make(ProductProperty, product=world.variation, property=world.features)
    expected = _property_event(world, product_ids={world.variation.pk}, parent_ids={world.parent.pk})
    with committed():
        value.value_multi_select.add(world.waterproof, world.vegan)
    assert events == [expected]
    with committed():
        value.value_multi_select.remove(world.vegan)
    assert events == [expected] * 2
    with committed():
        value.value_multi_select.clear()
    assert events == [expected] * 3


def test_multiselect_noops_send_nothing(world, events, committed):
    value = world.make(ProductProperty, product=world.simple, property=world.features)
    value.value_multi_select.add(world.waterproof)
    with committed():
        value.value_multi_select.add(world.waterproof)
        value.value_multi_select.remove(world.vegan)
        value.value_multi_select.set([world.waterproof])
        value.save()
    assert events == []
    value.value_multi_select.clear()
    with committed():
        value.value_multi_select.clear()
    assert events == []


def test_multiselect_change_rolled_back_sends_nothing(world, events, committed):
    value = world.make(ProductProperty, product=world.simple, property=world.features)
    with committed(), rolled_back():
        value.value_multi_select.add(world.vegan)
    assert events == []


def test_variation_product_change_names_its_parent(world, events, committed):
    variation = _reloaded(world.variation)
    with committed():
        variation.allow_backorder = True
        variation.save()
    assert [(e["kind"], e["product_ids"], e["parent_ids"]) for e in events] == [
        ("product", {world.variation.pk}, {world.parent.pk})
    ]


def test_deleting_a_variation_names_its_parent_in_each_cascaded_change(world, events, committed):
    with committed():
        _reloaded(world.variation).delete()
    assert sorted((e["kind"], e["product_ids"], e["parent_ids"], e["deleted"]) for e in events) == [
        ("product", {world.variation.pk}, {world.parent.pk}, True),
        ("variation", {world.variation.pk}, {world.parent.pk}, True),
    ]


def test_reparented_variation_names_old_and_new_parent(world, events, committed):
    other_parent = world.make(Product, sku="OTHER-PARENT", type=Product.CONFIGURABLE)
    link = ConfigurableVariation.objects.get(variation=world.variation)
    with committed():
        link.parent = other_parent
        link.save()
    assert [(e["product_ids"], e["parent_ids"]) for e in events] == [
        ({world.variation.pk}, {world.parent.pk, other_parent.pk})
    ]


def test_price_moved_to_another_product_names_both(world, events, committed):
    price = _reloaded(world.make(SalesPrice, product=world.simple, currency=world.eur, price=Decimal("5")))
    with committed():
        price.product = world.variation
        price.save()
    assert [(e["product_ids"], e["parent_ids"]) for e in events] == [
        ({world.simple.pk, world.variation.pk}, {world.parent.pk})
    ]


def test_two_changes_in_one_transaction_send_two_signals_after_commit(world, events, committed):
    with committed():
        with transaction.atomic():
            world.make(ProductTranslation, product=world.simple, language="en", name="Mug")
            world.make(ProductTranslation, product=world.simple, language="nl", name="Mok")
        assert events == []
    assert [e["kind"] for e in events] == ["content", "content"]
