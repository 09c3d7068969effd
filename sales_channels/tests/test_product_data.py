"""The bulk loaders give the same answers as the catalog's own one-product functions."""

import datetime
from decimal import Decimal

import pytest

from media.models import images_for
from products.models import ProductTranslation
from sales_channels.factories.products.data import channel_locale, load_product_data
from sales_channels.factories.products.pricing import resolve_prices
from sales_channels.models import RemoteCurrency, RemoteLanguage
from sales_channels.tests import catalog
from sales_prices.models import SalesPriceList, SalesPriceListItem
from sales_prices.pricing import get_price

pytestmark = pytest.mark.django_db


def test_prices_match_get_price(company, eur):
    usd = catalog.currency(company, iso="USD", default=False, inherits_from=eur, exchange_rate=Decimal("1.1"))
    plain = catalog.product(company, "PLAIN", price="10.00")
    listed = catalog.product(company, "LISTED", price="10.00")
    none = catalog.product(company, "NONE")
    today = datetime.date(2026, 6, 1)
    for name, start, price in (("old", datetime.date(2026, 1, 1), "8.00"), ("new", datetime.date(2026, 5, 1), "7.00")):
        price_list = SalesPriceList.objects.create(
            multi_tenant_company=company, name=name, currency=eur, start_date=start
        )
        SalesPriceListItem.objects.create(
            multi_tenant_company=company, price_list=price_list, product=listed, price=price
        )

    products = [plain, listed, none]
    bulk = resolve_prices(product_ids=[p.pk for p in products], currencies=[eur, usd], at=today)

    for product in products:
        for currency in (eur, usd):
            assert bulk[(product.pk, currency.pk)] == get_price(product=product, currency=currency, at=today)
    assert bulk[(listed.pk, usd.pk)].price == Decimal("7.70")


def test_images_match_images_for(company, storefront):
    item = catalog.product(company, "MUG")
    other = catalog.product(company, "CUP")
    catalog.image(company, item, url="https://i.example.com/1.png", order=2)
    catalog.image(company, item, url="https://i.example.com/2.png", order=1, main=True)
    catalog.image(company, other, url="https://i.example.com/3.png")
    catalog.image(company, other, url="https://i.example.com/4.png", channel=storefront, main=True)
    locale = channel_locale(channel=storefront)

    data = load_product_data(channel=storefront, product_ids=[item.pk, other.pk], locale=locale)

    for product in (item, other):
        expected = [link.pk for link in images_for(product_id=product.pk, sales_channel_id=storefront.pk)]
        assert [link.pk for link in data[product.pk].images] == expected


def test_content_follows_the_documented_fallback(company, storefront):
    company.language = "en"
    company.save()
    item = catalog.product(company, "PEN", name="Pen")
    ProductTranslation.objects.create(multi_tenant_company=company, product=item, language="nl", name="Pen NL")
    ProductTranslation.objects.create(
        multi_tenant_company=company, product=item, language="nl", name="Pen NL shop", sales_channel=storefront
    )
    for code in ("nl", "de"):
        RemoteLanguage.objects.create(
            multi_tenant_company=company, sales_channel=storefront, remote_code=code, local_instance=code
        )
    locale = channel_locale(channel=storefront)

    data = load_product_data(channel=storefront, product_ids=[item.pk], locale=locale)[item.pk]

    for language in ("nl", "de"):
        expected = ProductTranslation.objects.resolve(product=item, language=language, sales_channel_id=storefront.pk)
        assert data.translations[language].pk == expected.pk
    assert data.translations["nl"].name == "Pen NL shop"
    assert data.translations["de"].name == "Pen"


def test_locale_uses_mapped_currencies_of_the_view_first(company, marketplace, eur):
    gbp = catalog.currency(company, iso="GBP", default=False)
    de, fr = marketplace.views.all()[:2]
    RemoteCurrency.objects.create(
        multi_tenant_company=company, sales_channel=marketplace, remote_code="EUR", local_instance=eur
    )
    RemoteCurrency.objects.create(
        multi_tenant_company=company, sales_channel=marketplace, view=fr, remote_code="GBP", local_instance=gbp
    )

    assert [c.iso_code for c in channel_locale(channel=marketplace, view=fr).currencies] == ["GBP"]
    assert [c.iso_code for c in channel_locale(channel=marketplace, view=de).currencies] == ["EUR"]


def test_only_the_channels_company_products_load(company, other_company, storefront):
    foreign = catalog.product(other_company, "X")
    assert (
        load_product_data(channel=storefront, product_ids=[foreign.pk], locale=channel_locale(channel=storefront)) == {}
    )
