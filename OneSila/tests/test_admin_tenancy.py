"""Every tenant admin changelist and change page is scoped to the logged-in user's company."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from core.admin_helpers import TenantAdmin
from OneSila.tests.tenancy_data import first_row, populate_company

TENANT_ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, TenantAdmin)
    ),
    key=lambda pair: pair[0]._meta.label,
)


@pytest.fixture
def populated(company, user, other_company, other_user):
    populate_company(company=company)
    return company


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_tenant_admins_are_registered():
    assert len(TENANT_ADMINS) >= 15


@pytest.mark.parametrize(("model", "model_admin"), TENANT_ADMINS, ids=lambda v: getattr(v, "__name__", ""))
def test_changelist_and_change_page_are_scoped(model, model_admin, populated, user, other_user):
    row = first_row(model=model, company=populated)
    assert row is not None, f"no {model.__name__} seeded"
    own = _client(user).get(_url(model, "changelist"))
    assert own.status_code == 200
    assert row.pk in {obj.pk for obj in own.context["cl"].queryset}

    intruder = _client(other_user)
    foreign = intruder.get(_url(model, "changelist"))
    assert foreign.status_code == 200
    assert row.pk not in {obj.pk for obj in foreign.context["cl"].queryset}
    change = intruder.get(_url(model, "change", row.pk))
    assert change.status_code in (302, 404)
    intruder.post(_url(model, "delete", row.pk), {"post": "yes"})
    assert model._default_manager.filter(pk=row.pk).exists()
