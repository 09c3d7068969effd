"""Base for every GraphQL object type over a tenant-owned model: rows are scoped in `get_queryset`.

An anonymous request gets "Authentication required: log in first." (as `me` does); a logged-in user
without a company sees no rows.
"""

from django.db.models import QuerySet
from strawberry.types import Info

from core.schema.context import company_or_none, get_request_user


class TenantScopedType:
    """Mix into a `@strawberry_django.type`: lists, lookups and relations only see the user's company."""

    @classmethod
    def get_queryset(cls, queryset: QuerySet, info: Info, **kwargs) -> QuerySet:
        get_request_user(info)  # an anonymous request is told to log in, like `me`, not given an empty list
        company = company_or_none(info)
        if company is None:
            return queryset.none()
        return queryset.filter(multi_tenant_company=company)
