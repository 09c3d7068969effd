"""A create or update hands its answer to `bind_answer`: the step keeps nothing about it on the instance."""

import pytest

from sales_channels.exceptions import AnswerLost
from sales_channels.factories.lifecycle import RemoteAnswer, split_created
from sales_channels.models import RemoteProduct
from sales_channels.tests import catalog
from sales_channels.tests.fake.client import FakeClient
from sales_channels.tests.fake.steps import FakeListingStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def shirt(company, eur):
    return catalog.product(company, "SHIRT-1", name="Shirt", price="19.99", stock=7)


@pytest.fixture
def answers(monkeypatch) -> list[tuple[str, object]]:
    """Every `bind_answer` call as (the mirror's remote id, the answer it received)."""
    received: list[tuple[str, object]] = []
    create, update = FakeListingStep.create_remote, FakeListingStep.update_remote

    def create_with_answer(self, *, payload):
        remote_id = create(self, payload=payload)
        return RemoteAnswer(remote_id=remote_id, body={"created": payload["sku"]})

    def update_with_answer(self, *, remote_id, payload):
        update(self, remote_id=remote_id, payload=payload)
        return {"updated": remote_id}

    def bind_answer(self, *, mirror, answer):
        received.append((mirror.remote_id, answer))

    monkeypatch.setattr(FakeListingStep, "create_remote", create_with_answer)
    monkeypatch.setattr(FakeListingStep, "update_remote", update_with_answer)
    monkeypatch.setattr(FakeListingStep, "bind_answer", bind_answer)
    return received


def remote_id_of(product) -> str:
    return RemoteProduct.objects.get(local_instance_id=product.pk).remote_id


def test_the_create_answer_reaches_bind_answer_with_the_bound_mirror(storefront, shirt, push, answers):
    task = push(storefront, shirt, usage="product.create")

    assert task.outcome == "created", task.error
    assert answers == [(remote_id_of(shirt), {"created": "SHIRT-1"})]


def test_the_update_answer_reaches_bind_answer(storefront, shirt, push, answers):
    push(storefront, shirt, usage="product.create")
    shirt.translations.filter(language="en").update(name="Better shirt")

    task = push(storefront, shirt)

    assert task.outcome == "updated", task.error
    remote_id = remote_id_of(shirt)
    assert answers[-1] == (remote_id, {"updated": remote_id})


def test_an_unchanged_push_binds_nothing(storefront, shirt, push, answers):
    push(storefront, shirt, usage="product.create")

    task = push(storefront, shirt)

    assert task.outcome == "unchanged"
    assert len(answers) == 1


def test_a_recovered_lost_create_binds_the_update_answer(storefront, remote, shirt, push, answers, monkeypatch):
    create = FakeClient.create_product

    def created_but_answer_lost(self, *, payload):
        create(self, payload=payload)
        raise AnswerLost("ReadTimeout", operation="create_product")

    monkeypatch.setattr(FakeClient, "create_product", created_but_answer_lost)

    task = push(storefront, shirt, usage="product.create")

    assert task.outcome == "created", task.error
    remote_id = remote_id_of(shirt)
    assert answers == [(remote_id, {"updated": remote_id})]  # found, updated, and that answer bound
    assert remote.skus() == ["SHIRT-1"]


def test_a_bare_id_from_create_binds_no_answer():
    assert split_created("42") == ("42", None)
    assert split_created(RemoteAnswer(remote_id="42", body={"variants": []})) == ("42", {"variants": []})
