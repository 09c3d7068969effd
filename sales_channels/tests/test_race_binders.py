"""`bind_or_get`: a mirror insert that loses the race to the unique constraint returns the winner's row."""

import pytest
from django.db import IntegrityError

from properties.models import Property
from sales_channels.factories.binders import bind_or_get
from sales_channels.models import RemoteProperty

pytestmark = pytest.mark.django_db


@pytest.fixture
def size(company):
    return Property.objects.create(multi_tenant_company=company, type=Property.Type.SELECT, internal_name="size")


def mapping(channel, prop, remote_id: str) -> RemoteProperty:
    return RemoteProperty(
        multi_tenant_company_id=channel.multi_tenant_company_id,
        sales_channel=channel,
        local_instance=prop,
        remote_id=remote_id,
    )


def test_the_first_insert_is_ours(storefront, size):
    row, ours = bind_or_get(
        mapping(storefront, size, "attr-1"), unique={"sales_channel": storefront, "local_instance": size}
    )

    assert ours
    assert RemoteProperty.objects.get().pk == row.pk


def test_a_lost_insert_returns_the_winners_row_and_keeps_the_transaction_usable(storefront, size):
    winner = mapping(storefront, size, "attr-1")
    winner.save()

    row, ours = bind_or_get(
        mapping(storefront, size, "attr-1"), unique={"sales_channel": storefront, "local_instance": size}
    )

    assert (row.pk, ours) == (winner.pk, False)
    assert RemoteProperty.objects.count() == 1  # on PostgreSQL this query needs the savepoint


def test_a_conflict_on_another_key_is_not_hidden(company, storefront, size):
    color = Property.objects.create(multi_tenant_company=company, type=Property.Type.SELECT, internal_name="color")
    mapping(storefront, size, "attr-1").save()

    with pytest.raises(IntegrityError):  # same remote id, another local property: a real conflict
        bind_or_get(mapping(storefront, color, "attr-1"), unique={"sales_channel": storefront, "local_instance": color})
    assert RemoteProperty.objects.count() == 1
