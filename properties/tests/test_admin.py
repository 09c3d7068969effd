"""Property admin: pages render, rows and inline translations land in the user's company."""

import pytest

from properties.models import Property, PropertyTranslation
from properties.product_types import ensure_product_type_property
from properties.tests.factories import PropertyFactory, PropertyTranslationFactory


@pytest.fixture
def admin_client(client, user):
    client.force_login(user)
    return client


def test_add_property_with_a_translation_inline(admin_client, company, user):
    data = {
        "type": Property.Type.INT,
        "internal_name": "width",
        "is_public_information": "on",
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        "translations-0-language": "en",
        "translations-0-name": "Width",
    }
    response = admin_client.post("/admin/properties/property/add/", data)
    assert response.status_code == 302
    prop = Property.objects.get(internal_name="width")
    translation = PropertyTranslation.objects.get(property=prop)
    assert prop.multi_tenant_company == translation.multi_tenant_company == company
    assert prop.is_product_type is False
    assert translation.created_by_multi_tenant_user == user


def test_product_type_flag_is_read_only(admin_client, company):
    prop = ensure_product_type_property(company=company)
    form = admin_client.get(f"/admin/properties/property/{prop.pk}/change/").context["adminform"].form
    assert "is_product_type" not in form.fields


def test_changelist_searches_translated_names_within_the_company(admin_client, company, other_company):
    PropertyTranslationFactory(property=PropertyFactory(multi_tenant_company=company, internal_name="w"), name="Width")
    PropertyTranslationFactory(property=PropertyFactory(multi_tenant_company=other_company), name="Width")
    found = admin_client.get("/admin/properties/property/", {"q": "width"}).context["cl"].result_list
    assert [p.internal_name for p in found] == ["w"]


@pytest.mark.parametrize(
    "model",
    [
        "property",
        "propertytranslation",
        "propertyselectvalue",
        "propertyselectvaluetranslation",
        "productproperty",
        "productpropertytexttranslation",
        "productpropertiesrule",
        "productpropertiesruleitem",
    ],
)
def test_every_property_admin_page_renders(admin_client, company, model):
    assert admin_client.get(f"/admin/properties/{model}/").status_code == 200
    assert admin_client.get(f"/admin/properties/{model}/add/").status_code == 200
