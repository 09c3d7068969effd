"""Project-wide pytest fixtures: two companies with a user each, and a GraphQL client."""

import json

import pytest
from django.test import Client

from core.tests.factories import MultiTenantCompanyFactory, MultiTenantUserFactory


@pytest.fixture
def company(db):
    return MultiTenantCompanyFactory(name="Acme")


@pytest.fixture
def user(company):
    return MultiTenantUserFactory(multi_tenant_company=company, username="acme-user")


@pytest.fixture
def other_company(db):
    return MultiTenantCompanyFactory(name="Other Co")


@pytest.fixture
def other_user(other_company):
    return MultiTenantUserFactory(multi_tenant_company=other_company, username="other-user")


class GraphQLClient:
    """Posts GraphQL documents to /graphql/ as a logged-in user and returns the decoded JSON."""

    def __init__(self, *, user=None):
        self.client = Client()
        if user is not None:
            self.client.force_login(user)

    def execute(self, query: str, variables: dict | None = None) -> dict:
        response = self.client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def gql(user):
    """A GraphQL client logged in as the first company's user."""
    return GraphQLClient(user=user)


@pytest.fixture
def other_gql(other_user):
    """A GraphQL client logged in as the second company's user."""
    return GraphQLClient(user=other_user)
