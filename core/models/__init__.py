"""Core models: tenants, users and the abstract tenant-aware base."""

from core.models.companies import MultiTenantCompany, MultiTenantUser
from core.models.mixins import MultiTenantManager, MultiTenantQuerySet, SaveOnChangeMixin, TenantModel

__all__ = [
    "MultiTenantCompany",
    "MultiTenantManager",
    "MultiTenantQuerySet",
    "MultiTenantUser",
    "SaveOnChangeMixin",
    "TenantModel",
]
