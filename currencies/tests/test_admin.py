"""Currency admin: a company user sees only their company's currencies."""

from django.urls import reverse

from currencies.tests.factories import CurrencyFactory


def test_changelist_shows_only_own_currencies(client, user, company, other_company):
    CurrencyFactory(multi_tenant_company=company, iso_code="EUR", name="Euro")
    CurrencyFactory(multi_tenant_company=other_company, iso_code="USD", name="Dollar")
    client.force_login(user)
    response = client.get(reverse("admin:currencies_currency_changelist"), {"q": ""})
    assert response.status_code == 200
    assert b"Euro" in response.content
    assert b"Dollar" not in response.content


def test_add_sets_the_users_company(client, user, company):
    client.force_login(user)
    data = {"iso_code": "chf", "name": "Franc", "symbol": "Fr", "exchange_rate": "1"}
    response = client.post(reverse("admin:currencies_currency_add"), data)
    assert response.status_code == 302
    currency = company.currency_set.get()
    assert (currency.iso_code, currency.created_by_multi_tenant_user) == ("CHF", user)
