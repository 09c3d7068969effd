"""What the sandbox tests send: one GraphQL caller and the productSet input builders they share."""

from collections.abc import Callable
from typing import Any

import requests

from sales_channels.integrations.shopify.documents import document_names, load_document

DEFAULT_OPTIONS = [{"name": "Title", "values": [{"name": "Default Title"}]}]
SIZES = [{"name": "Size", "values": [{"name": "S"}, {"name": "M"}]}]


def graphql_caller(sandbox) -> Callable[..., dict[str, Any]]:
    """A `call(document_or_query, **variables)` that posts to the sandbox with a fresh token (answers 200)."""
    token = sandbox.issue_access_token()["access_token"]

    def call(document: str, **variables: Any) -> dict[str, Any]:
        query = load_document(document) if document in document_names() else document
        response = requests.post(
            sandbox.graphql_url,
            json={"query": query, "variables": variables},
            headers={"X-Shopify-Access-Token": token},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()

    return call


def codes(errors: list[dict[str, Any]]) -> list[str]:
    """The codes of a payload's userErrors, in order."""
    return [error["code"] for error in errors]


def variant_input(sku: str, *, value: str = "Default Title", option: str = "Title", **extra: Any) -> dict[str, Any]:
    """A ProductVariantSetInput: its option value and SKU (and any other field)."""
    return {"optionValues": [{"optionName": option, "name": value}], "inventoryItem": {"sku": sku}, **extra}


def metafield_input(key: str, value: str, *, namespace: str = "custom", **extra: Any) -> dict[str, Any]:
    """A single-line text MetafieldInput."""
    return {"namespace": namespace, "key": key, "type": "single_line_text_field", "value": value, **extra}


def simple_product_input(title: str, sku: str, **extra: Any) -> dict[str, Any]:
    """A ProductSetInput of a one-variant product (Shopify's default option)."""
    return {"title": title, "productOptions": DEFAULT_OPTIONS, "variants": [variant_input(sku)], **extra}
