"""The current company is taken from the request's user, never from GraphQL input."""

from graphql import GraphQLError
from strawberry.types import Info

from core.models import MultiTenantCompany


def get_request_user(info: Info):
    """The authenticated user of this GraphQL request, or raise a GraphQL error."""
    user = getattr(info.context.request, "user", None)
    if user is None or not user.is_authenticated:
        raise GraphQLError("Authentication required: log in first.")
    return user


def get_multi_tenant_company(info: Info) -> MultiTenantCompany:
    """The request user's company; a user without one cannot use tenant data."""
    user = get_request_user(info)
    company = user.multi_tenant_company
    if company is None:
        raise GraphQLError("Your user does not belong to a company.")
    return company


def company_or_none(info: Info) -> MultiTenantCompany | None:
    """Like `get_multi_tenant_company` but None for anonymous or company-less users (for list scoping)."""
    user = getattr(info.context.request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user.multi_tenant_company
