"""Currency GraphQL: create/update/delete, lookups, refusals with a clear error, and tenancy."""

from currencies.models import Currency
from currencies.tests.factories import CurrencyFactory

CREATE = """
mutation($data: CurrencyInput!) {
  createCurrency(data: $data) { id isoCode name symbol isDefaultCurrency exchangeRate inheritsFrom { id isoCode } }
}
"""
UPDATE = """
mutation($data: CurrencyPartialInput!) { updateCurrency(data: $data) { id isoCode isDefaultCurrency } }
"""
DELETE = "mutation($id: ID!) { deleteCurrency(id: $id) { id } }"
LIST = """
query($filters: CurrencyFilter, $pagination: OffsetPaginationInput) {
  currencies(filters: $filters, pagination: $pagination) { id isoCode }
}
"""
ONE = "query($pk: ID!) { currency(pk: $pk) { id isoCode } }"


def error_message(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["message"]


def test_create_currency_in_the_users_company(gql, company):
    result = gql.execute(CREATE, {"data": {"isoCode": "eur", "name": "Euro", "symbol": "€", "isDefaultCurrency": True}})
    assert "errors" not in result, result
    created = result["data"]["createCurrency"]
    assert created["isoCode"] == "EUR"
    assert created["isDefaultCurrency"] is True
    currency = Currency.objects.get(pk=created["id"])
    assert currency.multi_tenant_company == company
    assert currency.created_by_multi_tenant_user.username == "acme-user"


def test_create_inheriting_currency(gql, company):
    parent = CurrencyFactory(multi_tenant_company=company, iso_code="EUR")
    data = {"isoCode": "GBP", "name": "Pound", "symbol": "£", "inheritsFrom": str(parent.pk), "exchangeRate": "0.85"}
    result = gql.execute(CREATE, {"data": data})
    assert result["data"]["createCurrency"]["inheritsFrom"] == {"id": str(parent.pk), "isoCode": "EUR"}
    assert result["data"]["createCurrency"]["exchangeRate"] == "0.85"


def test_second_default_currency_is_a_clear_error_and_creates_nothing(gql, company):
    CurrencyFactory(multi_tenant_company=company, default=True)
    result = gql.execute(
        CREATE, {"data": {"isoCode": "USD", "name": "Dollar", "symbol": "$", "isDefaultCurrency": True}}
    )
    assert "one_default_currency" in error_message(result)
    assert not Currency.objects.filter(iso_code="USD").exists()


def test_inheritance_cycle_via_update_is_refused_and_nothing_changes(gql, company):
    first = CurrencyFactory(multi_tenant_company=company)
    second = CurrencyFactory(multi_tenant_company=company, inherits_from=first)
    result = gql.execute(UPDATE, {"data": {"id": str(first.pk), "inheritsFrom": str(second.pk)}})
    assert error_message(result) == "inherits_from: Currency inheritance cannot form a cycle."
    first.refresh_from_db()
    assert first.inherits_from_id is None


def test_update_and_delete_currency(gql, company):
    currency = CurrencyFactory(multi_tenant_company=company, iso_code="EUR")
    result = gql.execute(UPDATE, {"data": {"id": str(currency.pk), "isDefaultCurrency": True}})
    assert result["data"]["updateCurrency"]["isDefaultCurrency"] is True
    result = gql.execute(DELETE, {"id": str(currency.pk)})
    assert result["data"]["deleteCurrency"] == {"id": str(currency.pk)}
    assert not Currency.objects.filter(pk=currency.pk).exists()


def test_deleting_a_parent_currency_is_a_clear_error(gql, company):
    child = CurrencyFactory(multi_tenant_company=company, inheriting=True)
    result = gql.execute(DELETE, {"id": str(child.inherits_from_id)})
    assert error_message(result).startswith(f"Cannot delete currency {child.inherits_from_id}")
    assert Currency.objects.filter(pk=child.inherits_from_id).exists()


def test_list_filters_and_paginates(gql, company):
    for code in ("AAA", "BBB", "CCC", "CCD"):
        CurrencyFactory(multi_tenant_company=company, iso_code=code)
    result = gql.execute(LIST, {"filters": {"isoCode": {"startsWith": "CC"}}})
    assert [row["isoCode"] for row in result["data"]["currencies"]] == ["CCC", "CCD"]
    result = gql.execute(LIST, {"pagination": {"offset": 1, "limit": 2}})
    assert [row["isoCode"] for row in result["data"]["currencies"]] == ["BBB", "CCC"]


def test_other_company_sees_nothing_and_cannot_change(gql, other_gql, company, other_company):
    mine = CurrencyFactory(multi_tenant_company=company, iso_code="EUR")
    CurrencyFactory(multi_tenant_company=other_company, iso_code="USD")
    assert [row["isoCode"] for row in other_gql.execute(LIST)["data"]["currencies"]] == ["USD"]
    assert other_gql.execute(ONE, {"pk": str(mine.pk)})["data"]["currency"] is None
    assert gql.execute(ONE, {"pk": str(mine.pk)})["data"]["currency"]["isoCode"] == "EUR"
    result = other_gql.execute(UPDATE, {"data": {"id": str(mine.pk), "name": "Hijacked"}})
    assert error_message(result) == f"Currency with id {mine.pk} was not found."
    result = other_gql.execute(DELETE, {"id": str(mine.pk)})
    assert error_message(result) == f"Currency with id {mine.pk} was not found."
    mine.refresh_from_db()
    assert mine.name != "Hijacked"


def test_parent_from_another_company_is_not_found(other_gql, company):
    foreign_parent = CurrencyFactory(multi_tenant_company=company)
    data = {"isoCode": "GBP", "name": "Pound", "symbol": "£", "inheritsFrom": str(foreign_parent.pk)}
    result = other_gql.execute(CREATE, {"data": data})
    assert error_message(result) == f"Currency with id {foreign_parent.pk} was not found."
    assert not Currency.objects.filter(iso_code="GBP").exists()
