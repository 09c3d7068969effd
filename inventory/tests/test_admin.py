"""Stock admin: pages load and show only the company's rows."""

import pytest
from django.urls import reverse

from inventory.tests.factories import InventoryFactory


@pytest.mark.parametrize("model", ["inventory", "inventorylocation"])
def test_admin_pages_load(client, user, company, model):
    InventoryFactory(multi_tenant_company=company)
    client.force_login(user)
    assert client.get(reverse(f"admin:inventory_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:inventory_{model}_add")).status_code == 200


def test_changelist_hides_other_companies(client, user, company, other_company):
    InventoryFactory(multi_tenant_company=company, location__name="Mine")
    InventoryFactory(multi_tenant_company=other_company, location__name="Theirs")
    client.force_login(user)
    response = client.get(reverse("admin:inventory_inventorylocation_changelist"))
    assert b"Mine" in response.content
    assert b"Theirs" not in response.content
