"""Product admin: rows and inline children land in the user's company; refusals are form errors, not crashes."""

import pytest

from products.models import ConfigurableVariation, EanCode, Product, ProductTranslation
from products.tests.factories import ConfigurableProductFactory, ProductFactory, ProductTranslationFactory

ADD_URL = "/admin/products/product/add/"
INLINE_PREFIXES = ("translations", "ean_code", "variation_links", "bundle_items")


def inline_forms(prefix: str, rows: list[dict] | None = None, *, initial: int = 0) -> dict:
    rows = rows or []
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def product_form(*, sku: str, product_type: str = Product.SIMPLE, **inlines: list[dict]) -> dict:
    data = {"sku": sku, "type": product_type, "active": "on"}
    for prefix in INLINE_PREFIXES:
        data.update(inline_forms(prefix, inlines.get(prefix)))
    return data


@pytest.fixture
def admin_client(client, user):
    client.force_login(user)
    return client


def test_add_product_with_translation_and_ean_inlines(admin_client, company, user):
    data = product_form(
        sku="CHAIR",
        translations=[{"language": "en", "name": "Chair"}],
        ean_code=[{"ean_code": "4006381333931"}],
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    product = Product.objects.get(sku="CHAIR")
    translation = ProductTranslation.objects.get(product=product)
    ean = EanCode.objects.get(product=product)
    assert {product.multi_tenant_company, translation.multi_tenant_company, ean.multi_tenant_company} == {company}
    assert translation.created_by_multi_tenant_user == user
    assert product.created_by_multi_tenant_user == user


def test_duplicate_sku_is_a_form_error(admin_client, company):
    ProductFactory(multi_tenant_company=company, sku="CHAIR")
    response = admin_client.post(ADD_URL, product_form(sku="CHAIR"))
    assert response.status_code == 200
    assert "already exists" in str(response.context["adminform"].form.non_field_errors())
    assert Product.objects.filter(sku="CHAIR").count() == 1


def test_translation_in_a_language_the_company_lacks_is_a_form_error(admin_client):
    data = product_form(sku="CHAIR", translations=[{"language": "de", "name": "Stuhl"}])
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "not one of the company" in str(response.context["inline_admin_formsets"][0].formset.errors)
    assert not Product.objects.exists()


def test_inline_choices_are_limited_to_the_users_company(admin_client, sales_channel, other_company):
    type(sales_channel).objects.create(multi_tenant_company=other_company, name="Foreign shop")
    formsets = admin_client.get(ADD_URL).context["inline_admin_formsets"]
    translations = next(f.formset for f in formsets if f.formset.prefix == "translations")
    assert list(translations.form.base_fields["sales_channel"].queryset) == [sales_channel]


def test_variation_inline_cannot_pick_another_companys_product(admin_client, company, other_company):
    parent = ConfigurableProductFactory(multi_tenant_company=company, sku="CHAIR")
    foreign = ProductFactory(multi_tenant_company=other_company)
    data = product_form(sku="CHAIR", product_type=Product.CONFIGURABLE, variation_links=[{"variation": foreign.pk}])
    response = admin_client.post(f"/admin/products/product/{parent.pk}/change/", data)
    assert response.status_code == 200
    assert not ConfigurableVariation.objects.exists()


def test_changelist_shows_only_own_products_and_searches_translations(admin_client, company, other_company):
    table = ProductFactory(multi_tenant_company=company, sku="TABLE")
    ProductTranslationFactory(product=table, name="Oak dining table")
    ProductFactory(multi_tenant_company=company, sku="CHAIR")
    ProductFactory(multi_tenant_company=other_company, sku="FOREIGN")
    listed = admin_client.get("/admin/products/product/").context["cl"].result_list
    assert sorted(p.sku for p in listed) == ["CHAIR", "TABLE"]
    found = admin_client.get("/admin/products/product/", {"q": "dining"}).context["cl"].result_list
    assert [p.sku for p in found] == ["TABLE"]


def test_translation_admin_add_page_validates_with_the_users_company(admin_client, company):
    product = ProductFactory(multi_tenant_company=company)
    data = {"product": product.pk, "language": "nl", "name": "Stoel", "bullet_points": "[]"}
    response = admin_client.post("/admin/products/producttranslation/add/", data)
    assert response.status_code == 302
    assert ProductTranslation.objects.get().multi_tenant_company == company


@pytest.mark.parametrize("model", ["product", "producttranslation", "eancode", "configurablevariation", "bundleitem"])
def test_every_product_admin_page_renders(admin_client, company, model):
    assert admin_client.get(f"/admin/products/{model}/").status_code == 200
    assert admin_client.get(f"/admin/products/{model}/add/").status_code == 200
