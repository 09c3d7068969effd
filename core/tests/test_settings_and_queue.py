"""Production settings refuse to start without their environment; tasks are enqueued after commit."""

import importlib
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from core.tasks import enqueue_on_commit

PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SECRET_KEY": "s",
    "ONESILA_ENCRYPTION_KEY": "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    "ALLOWED_HOSTS": "shop.example.com",
}


def _import_production():
    sys.modules.pop("OneSila.settings.production", None)
    return importlib.import_module("OneSila.settings.production")


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_variable(monkeypatch, missing):
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(missing)
    with pytest.raises(ImproperlyConfigured, match=missing):
        _import_production()


def test_production_reads_everything_from_the_environment(monkeypatch):
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    production = _import_production()
    assert production.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert production.HUEY["huey_class"] == "huey.PriorityRedisHuey"
    assert production.ALLOWED_HOSTS == ["shop.example.com"]
    assert production.DEBUG is False


def test_enqueue_on_commit_waits_for_commit_and_refuses_instances(django_capture_on_commit_callbacks, company):
    calls = []
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_on_commit(lambda **kw: calls.append(kw), company_id=company.pk)
        assert calls == []
    assert calls == [{"company_id": company.pk}]
    with pytest.raises(TypeError, match="Pass ids"):
        enqueue_on_commit(lambda **kw: None, company=company)


def test_rolled_back_transaction_enqueues_nothing(django_capture_on_commit_callbacks, company):
    calls = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                enqueue_on_commit(lambda **kw: calls.append(kw), company_id=company.pk)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert calls == []
    assert callbacks == []
