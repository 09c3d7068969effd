"""`catalog_changed` for a price list: its dates, currency or deletion name all its items' products, once."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from currencies.models import Currency
from products.models import ConfigurableVariation, Product
from products.signals import catalog_changed
from sales_prices.models import SalesPriceList, SalesPriceListItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    """Every `catalog_changed` sent while the test runs, as (kind, product_ids, parent_ids, deleted, sender)."""
    received = []

    def receiver(signal, sender, **kwargs):
        received.append((kwargs["kind"], kwargs["product_ids"], kwargs["parent_ids"], kwargs["deleted"], sender))

    catalog_changed.connect(receiver, weak=False, dispatch_uid="test_signals_price_lists")
    yield received
    catalog_changed.disconnect(dispatch_uid="test_signals_price_lists")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _make(company, model, **values):
    return model.objects.create(multi_tenant_company=company, **values)


@pytest.fixture
def sale(company):
    """A list holding a simple product and a variation (whose configurable parent it names too)."""
    eur = _make(company, Currency, iso_code="EUR", name="Euro", symbol="€", is_default_currency=True)
    parent = _make(company, Product, sku="PARENT", type=Product.CONFIGURABLE)
    variation = _make(company, Product, sku="PARENT-RED")
    _make(company, ConfigurableVariation, parent=parent, variation=variation)
    simple = _make(company, Product, sku="SIMPLE")
    price_list = _make(company, SalesPriceList, name="Sale", currency=eur, start_date=datetime.date(2030, 1, 1))
    for product in (simple, variation):
        _make(company, SalesPriceListItem, price_list=price_list, product=product, price=Decimal("5"))
    return price_list, {simple.pk, variation.pk}, {parent.pk}


def test_changing_a_lists_dates_names_every_item_product_and_parent_once(sale, events, committed):
    price_list, products, parents = sale
    price_list = SalesPriceList.objects.get(pk=price_list.pk)
    with committed():
        price_list.start_date = datetime.date(2030, 2, 1)
        price_list.end_date = datetime.date(2030, 2, 28)
        price_list.save()
    assert events == [("price", products, parents, False, SalesPriceList)]


def test_changing_a_lists_currency_names_its_products_once(company, sale, events, committed):
    price_list, products, parents = sale
    usd = _make(company, Currency, iso_code="USD", name="Dollar", symbol="$")
    price_list = SalesPriceList.objects.get(pk=price_list.pk)
    with committed():
        price_list.currency = usd
        price_list.save()
    assert events == [("price", products, parents, False, SalesPriceList)]


def test_deleting_a_list_sends_one_signal_not_one_per_item(sale, events, committed):
    price_list, products, parents = sale
    with committed():
        SalesPriceList.objects.get(pk=price_list.pk).delete()
    assert events == [("price", products, parents, True, SalesPriceList)]
    assert not SalesPriceListItem.objects.exists()


def test_deleting_lists_through_a_queryset_sends_one_signal_per_list(sale, events, committed):
    price_list, products, parents = sale
    with committed():
        SalesPriceList.objects.filter(pk=price_list.pk).delete()
    assert events == [("price", products, parents, True, SalesPriceList)]


def test_deleting_one_item_still_sends_for_that_item(sale, events, committed):
    price_list, products, parents = sale
    item = SalesPriceListItem.objects.get(price_list=price_list, product__sku="SIMPLE")
    with committed():
        item.delete()
    assert events == [("price", {item.product_id}, set(), True, SalesPriceListItem)]


def test_a_list_save_reads_its_items_in_constant_queries(company, sale, events, committed):
    price_list, products, parents = sale
    extra = [_make(company, Product, sku=f"EXTRA-{n}") for n in range(30)]
    for product in extra:
        _make(company, SalesPriceListItem, price_list=price_list, product=product, price=Decimal("4"))
    price_list = SalesPriceList.objects.get(pk=price_list.pk)
    with committed(), CaptureQueriesContext(connection) as captured:
        price_list.end_date = datetime.date(2030, 3, 1)
        price_list.save()
    assert len(events) == 1
    assert events[0][1] == products | {p.pk for p in extra}
    # the UPDATE, the items' products and their parents (plus savepoint bookkeeping, if any)
    assert len([q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]) == 3


def test_creating_a_list_and_changing_one_without_items_send_nothing(company, events, committed):
    eur = _make(company, Currency, iso_code="EUR", name="Euro", symbol="€", is_default_currency=True)
    with committed():
        empty = _make(company, SalesPriceList, name="Empty", currency=eur)  # its items will send their own
    with committed():
        empty = SalesPriceList.objects.get(pk=empty.pk)
        empty.end_date = datetime.date(2030, 1, 31)
        empty.save()
        SalesPriceList.objects.get(pk=empty.pk).delete()
    assert events == []


def test_noop_and_rolled_back_list_changes_send_nothing(sale, events, committed):
    price_list, products, parents = sale
    with committed():
        SalesPriceList.objects.get(pk=price_list.pk).save()
        with transaction.atomic():
            changed = SalesPriceList.objects.get(pk=price_list.pk)
            changed.start_date = datetime.date(2031, 1, 1)
            changed.save()
            transaction.set_rollback(True)
        with transaction.atomic():
            SalesPriceList.objects.get(pk=price_list.pk).delete()
            transaction.set_rollback(True)
    assert events == []
    assert SalesPriceListItem.objects.filter(price_list=price_list).count() == 2
