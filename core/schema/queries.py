"""Who am I: the current user and their company."""

import strawberry
import strawberry_django
from strawberry.types import Info

from core.models import MultiTenantCompany
from core.schema.context import get_multi_tenant_company, get_request_user
from core.schema.mutations import save_validated


@strawberry_django.type(MultiTenantCompany)
class MultiTenantCompanyType:
    """The user's company (never another one)."""

    id: strawberry.ID
    name: str
    country: str
    language: str
    languages: list[str]


@strawberry.type
class MeType:
    """The logged-in user."""

    username: str
    email: str
    company: MultiTenantCompanyType | None


@strawberry.type
class Query:
    """Session queries."""

    @strawberry.field(description="The logged-in user and their company.")
    def me(self, info: Info) -> MeType:
        user = get_request_user(info)
        return MeType(username=user.username, email=user.email, company=user.multi_tenant_company)

    @strawberry.field(description="The logged-in user's company.")
    def my_company(self, info: Info) -> MultiTenantCompanyType:
        return get_multi_tenant_company(info)


@strawberry.input
class MyCompanyInput:
    """Editable settings of the user's own company."""

    name: str | None = strawberry.UNSET
    country: str | None = strawberry.UNSET
    language: str | None = strawberry.UNSET
    languages: list[str] | None = strawberry.UNSET


@strawberry.type
class Mutation:
    """Company settings."""

    @strawberry.mutation(description="Change the logged-in user's company settings.")
    def update_my_company(self, info: Info, data: MyCompanyInput) -> MultiTenantCompanyType:
        company = get_multi_tenant_company(info)
        for name in ("name", "country", "language", "languages"):
            value = getattr(data, name)
            if value is not strawberry.UNSET and value is not None:
                setattr(company, name, value)
        return save_validated(instance=company)
