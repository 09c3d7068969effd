"""Schema-wide tenancy: another company's user can neither read nor change the first company's rows.

Every query field over a tenant model and every tenant create/update/delete mutation in the root
schema is attacked from a second company. New fields are picked up automatically; a mutation not
built with core.schema.mutations must be listed in CUSTOM_MUTATIONS with the test that covers it.
"""

import pytest
from strawberry.types.base import StrawberryList

from core.models import TenantModel
from OneSila.schema import schema
from OneSila.tests.tenancy_data import first_row, populate_company

# Mutations with their own resolvers, and the test module proving their tenancy.
CUSTOM_MUTATIONS = {
    "updateMyCompany": "core: acts on the request user's company only (no id input)",
    "bulkAssignProductProperty": "properties/tests (other company's product ids are rejected)",
    "bulkAssignSalesPrices": "sales_prices/tests (other company's product ids are rejected)",
    "assignProductsToView": "sales_channels/tests/test_schema_tenancy.py (other company's view or products)",
    "unassignProductsFromView": "sales_channels/tests/test_schema_tenancy.py (other company's view or products)",
    "retrySyncTasks": "sales_channels/tests/test_schema_tenancy.py (other company's task ids)",
    "cancelSyncTasks": "sales_channels/tests/test_schema_tenancy.py (other company's task ids)",
    "resyncProducts": "sales_channels/tests/test_schema_tenancy.py (other company's channel or products)",
    "startSalesChannelImport": "sales_channels/tests/test_schema_tenancy.py (other company's channel)",
    "testSalesChannelConnection": "sales_channels/tests/test_schema_tenancy.py (other company's channel)",
    "pullSalesChannelMetadata": "sales_channels/tests/test_schema_tenancy.py (other company's channel)",
    "resumeImport": "sales_channels/tests/test_tasks_recovery.py (other company's import id)",
    "verifySalesChannelRemote": "sales_channels/tests/test_verify.py (other company's channel)",
    "getShopifyRedirectUrl": "shopify/tests/tests_schemas/test_shopify_mutations.py (other company's channel)",
    "validateShopifyAuth": "shopify/tests/tests_schemas/test_shopify_mutations.py (other company's channel)",
    "connectShopifyCustomApp": "shopify/tests/tests_schemas/test_shopify_mutations.py (other company's channel)",
    "connectShopifyClientCredentials": "shopify/tests/tests_schemas/test_shopify_mutations.py (other company)",
    "getEbayRedirectUrl": "ebay/tests/tests_e2e/test_e2e_graphql.py (other company's channel)",
    "validateEbayAuth": "ebay/tests/tests_e2e/test_e2e_graphql.py (other company's channel)",
    "getAmazonConsentUrl": "amazon/tests/tests_schemas/test_amazon_mutations.py (other company's channel)",
    "finishAmazonAuthorization": "amazon/tests/tests_schemas/test_amazon_mutations.py (other company's channel)",
    "connectAmazonAuthorization": "amazon/tests/tests_schemas/test_amazon_mutations.py (other company's channel)",
    "importAmazonProductType": "amazon/tests/tests_schemas/test_amazon_mutations.py (other company's channel/view)",
    "subscribeAmazonNotifications": "amazon/tests/tests_schemas/test_amazon_notification_setup.py (other company)",
    "connectWoocommerceKeys": "woocommerce/tests/tests_schemas/test_woocommerce_mutations.py (other company)",
    "startWoocommerceKeyProvisioning": "woocommerce/tests/tests_schemas/test_woocommerce_mutations.py (other company)",
    "connectMagento2SalesChannel": "magento2/tests/tests_schemas/test_magento2_mutations.py (other company's channel)",
    "importEbayCategory": "ebay/tests/tests_e2e/test_e2e_graphql_categories.py (other company's channel/view)",
    "browseEbayCategories": "ebay/tests/tests_e2e/test_e2e_graphql_categories.py (other company's channel/view)",
}

SCALAR_SAMPLES = {
    "String": "x",
    "Int": 1,
    "Float": 1.5,
    "Boolean": False,
    "Decimal": "1.00",
    "Date": "2026-01-01",
    "DateTime": "2026-01-01T00:00:00+00:00",
    "JSON": [],
}


PYTHON_SCALARS = {"str": "String", "int": "Int", "float": "Float", "bool": "Boolean"}


def _graphql_name(field) -> str:
    return schema.config.name_converter.from_field(field)


def _tenant_query_fields():
    for field in schema.get_type_by_name("Query").fields:
        model = getattr(field, "django_model", None)
        if model is not None and issubclass(model, TenantModel):
            yield field


def _tenant_mutations(kind: str):
    for field in schema.get_type_by_name("Mutation").fields:
        if getattr(field, "tenant_kind", None) == kind:
            yield field


LIST_FIELDS = [f for f in _tenant_query_fields() if f.is_list]
SINGLE_FIELDS = [f for f in _tenant_query_fields() if not f.is_list]


@pytest.fixture
def populated(company, user, other_company, other_user):
    populate_company(company=company)
    return company


def test_schema_has_tenant_fields_to_check():
    assert len(LIST_FIELDS) >= 10
    assert len(list(_tenant_mutations("update"))) >= 10


@pytest.mark.parametrize("field", LIST_FIELDS, ids=_graphql_name)
def test_list_query_shows_only_own_company(field, populated, gql, other_gql):
    name = _graphql_name(field)
    assert first_row(model=field.django_model, company=populated) is not None, f"no {field.django_model} seeded"
    own = gql.execute(f"{{ {name} {{ id }} }}")
    assert not own.get("errors"), own
    assert own["data"][name], f"{name}: the owner sees nothing, so the check below proves nothing"
    foreign = other_gql.execute(f"{{ {name} {{ id }} }}")
    assert not foreign.get("errors"), foreign
    # The other company may own rows of its own (its product-type property, say), never ours.
    leaked = {item["id"] for item in own["data"][name]} & {item["id"] for item in foreign["data"][name]}
    assert leaked == set()


@pytest.mark.parametrize("field", SINGLE_FIELDS, ids=_graphql_name)
def test_single_query_hides_other_company_row(field, populated, gql, other_gql):
    name = _graphql_name(field)
    row = first_row(model=field.django_model, company=populated)
    assert row is not None, f"no {field.django_model} seeded"
    arg = field.arguments[0].python_name
    document = f"{{ {name}({schema.config.name_converter.apply_naming_config(arg)}: {row.pk}) {{ id }} }}"
    own = gql.execute(document)
    assert own["data"], own
    assert own["data"][name]["id"] == str(row.pk), own
    foreign = other_gql.execute(document)
    assert foreign.get("errors") or not (foreign["data"] or {}).get(name)


def _input_type_name(field) -> str:
    return field.arguments[0].type.__strawberry_definition__.name


@pytest.mark.parametrize("field", list(_tenant_mutations("update")), ids=_graphql_name)
def test_update_of_other_company_row_is_refused(field, populated, other_gql):
    name = _graphql_name(field)
    row = first_row(model=field.tenant_model, company=populated)
    assert row is not None, f"no {field.tenant_model} seeded"
    before = field.tenant_model._default_manager.filter(pk=row.pk).values().get()
    result = other_gql.execute(
        f"mutation($data: {_input_type_name(field)}!) {{ {name}(data: $data) {{ __typename }} }}",
        {"data": {"id": str(row.pk)}},
    )
    assert result.get("errors"), result
    assert "not found" in result["errors"][0]["message"]
    assert field.tenant_model._default_manager.filter(pk=row.pk).values().get() == before


@pytest.mark.parametrize("field", list(_tenant_mutations("delete")), ids=_graphql_name)
def test_delete_of_other_company_row_is_refused(field, populated, other_gql):
    name = _graphql_name(field)
    row = first_row(model=field.tenant_model, company=populated)
    assert row is not None, f"no {field.tenant_model} seeded"
    result = other_gql.execute(f"mutation {{ {name}(id: {row.pk}) {{ id }} }}")
    assert result.get("errors"), result
    assert field.tenant_model._default_manager.filter(pk=row.pk).exists()


def _create_variables(field, *, company):
    """Input values for a create mutation: every relation points at `company`'s rows."""
    model = field.tenant_model
    definition = field.arguments[0].type.__strawberry_definition__
    data, relations = {}, []
    for input_field in definition.fields:
        gql_name = _graphql_name(input_field)
        model_field = model._meta.get_field(input_field.python_name)
        if model_field.is_relation:
            target = first_row(model=model_field.related_model, company=company)
            if target is not None:
                value = str(target.pk)
                data[gql_name] = [value] if isinstance(input_field.type, StrawberryList) else value
                relations.append(gql_name)
            continue
        type_name = getattr(getattr(input_field.type, "of_type", input_field.type), "__name__", "")
        sample = SCALAR_SAMPLES.get(
            {"str": "String", "int": "Int", "float": "Float", "bool": "Boolean"}.get(type_name, type_name)
        )
        if sample is not None and input_field.default is not None and "UNSET" not in repr(input_field.default):
            continue
        if sample is not None:
            data[gql_name] = sample
    return data, relations


@pytest.mark.parametrize("field", list(_tenant_mutations("create")), ids=_graphql_name)
def test_create_cannot_reference_other_company_rows(field, populated, other_gql, other_company):
    data, relations = _create_variables(field, company=populated)
    if not relations:
        pytest.skip("no relation in this input: nothing of another company can be referenced")
    name = _graphql_name(field)
    before = field.tenant_model._default_manager.count()
    result = other_gql.execute(
        f"mutation($data: {_input_type_name(field)}!) {{ {name}(data: $data) {{ __typename }} }}", {"data": data}
    )
    assert result.get("errors"), result
    assert field.tenant_model._default_manager.count() == before


def test_every_mutation_is_checked():
    unchecked = [
        _graphql_name(field)
        for field in schema.get_type_by_name("Mutation").fields
        if getattr(field, "tenant_kind", None) is None and _graphql_name(field) not in CUSTOM_MUTATIONS
    ]
    assert unchecked == [], f"Mutations without a tenancy check: {unchecked}"
