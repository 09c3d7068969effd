"""Fixtures for the products tests."""

import pytest
from django.apps import apps


@pytest.fixture
def sales_channel(company):
    """A bare sales channel of the first company (looked up by name: the catalog never imports the framework)."""
    model = apps.get_model("sales_channels", "SalesChannel")
    return model.objects.create(multi_tenant_company=company, name="Webshop")
