"""Factories for companies and users."""

import factory

from core.models import MultiTenantCompany, MultiTenantUser


class MultiTenantCompanyFactory(factory.django.DjangoModelFactory):
    """A company with English and Dutch enabled."""

    class Meta:
        model = MultiTenantCompany
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Company {n}")
    country = "NL"
    language = "en"
    languages = factory.LazyFunction(lambda: ["en", "nl"])


class MultiTenantUserFactory(factory.django.DjangoModelFactory):
    """A staff user of a company (can use the admin)."""

    class Meta:
        model = MultiTenantUser

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    multi_tenant_company = factory.SubFactory(MultiTenantCompanyFactory)
    is_staff = True
    password = factory.django.Password("password")


class TenantFactory(factory.django.DjangoModelFactory):
    """Base for tenant-owned factories: pass `multi_tenant_company=` or get a fresh company."""

    class Meta:
        abstract = True

    multi_tenant_company = factory.SubFactory(MultiTenantCompanyFactory)
