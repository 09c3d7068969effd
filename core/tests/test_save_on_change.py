"""Save-only-on-change: a save with nothing changed writes nothing and fires no post_save."""

from django.db.models.signals import post_save

from core.models import MultiTenantCompany
from currencies.models import Currency


def test_noop_save_fires_no_post_save(company):
    currency = Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", symbol="€")
    currency = Currency.objects.get(pk=currency.pk)
    calls = []
    post_save.connect(lambda **kw: calls.append(kw["instance"]), sender=Currency, weak=False, dispatch_uid="t1")
    try:
        currency.save()
        currency.name = "Euro"
        currency.save()
        assert calls == []
        currency.exchange_rate = "1.000000"
        currency.save()
        assert calls == []
        currency.symbol = "EUR"
        currency.save()
        assert len(calls) == 1
        currency.save()
        assert len(calls) == 1
    finally:
        post_save.disconnect(sender=Currency, dispatch_uid="t1")


def test_changed_fields_lists_real_changes(company):
    currency = Currency.objects.create(multi_tenant_company=company, iso_code="USD", name="Dollar", symbol="$")
    loaded = Currency.objects.get(pk=currency.pk)
    assert loaded.changed_fields() == set()
    loaded.name = "US Dollar"
    assert loaded.changed_fields() == {"name"}


def test_filter_multi_tenant_scopes(company, other_company):
    Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", symbol="€")
    Currency.objects.create(multi_tenant_company=other_company, iso_code="EUR", name="Euro", symbol="€")
    assert Currency.objects.filter_multi_tenant(company).count() == 1
    assert Currency.objects.filter_multi_tenant(None).count() == 0
    assert MultiTenantCompany.objects.count() == 2


def test_deferred_field_set_later_is_saved(company):
    Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", symbol="€")
    partial = Currency.objects.only("id", "iso_code").get(iso_code="EUR")
    partial.name = "Euro (EU)"
    partial.save()
    assert Currency.objects.get(iso_code="EUR").name == "Euro (EU)"


def test_refresh_from_db_resets_the_baseline(company):
    currency = Currency.objects.create(multi_tenant_company=company, iso_code="EUR", name="Euro", symbol="€")
    currency = Currency.objects.get(pk=currency.pk)
    Currency.objects.filter(pk=currency.pk).update(name="Changed elsewhere")
    currency.refresh_from_db()
    currency.name = "Euro"
    currency.save()
    assert Currency.objects.get(pk=currency.pk).name == "Euro"
