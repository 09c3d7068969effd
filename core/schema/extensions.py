"""Schema-wide GraphQL rules: a page larger than the maximum is an error that says so (never silently capped)."""

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry_django.settings import strawberry_django_settings


def max_page_size() -> int | None:
    """The largest `pagination.limit` a list answers (strawberry-django's PAGINATION_MAX_LIMIT)."""
    return strawberry_django_settings()["PAGINATION_MAX_LIMIT"]


class PaginationLimitExtension(SchemaExtension):
    """Refuse `pagination: {limit: N}` above the maximum with a message naming it and how to page."""

    def resolve(self, _next, root, info, *args, **kwargs):
        # graphql-core hands the raw arguments (a dict for an input object) to this hook
        pagination = kwargs.get("pagination")
        limit = pagination.get("limit") if isinstance(pagination, dict) else getattr(pagination, "limit", None)
        if pagination is not None:
            maximum = max_page_size()
            if isinstance(limit, int) and maximum is not None and (limit > maximum or limit < 0):
                raise GraphQLError(
                    f"pagination.limit {limit} on '{info.field_name}' is outside 0..{maximum}: ask for at most "
                    f"{maximum} rows and page with pagination.offset."
                )
        return _next(root, info, *args, **kwargs)
