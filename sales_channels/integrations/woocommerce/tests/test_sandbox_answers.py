"""The sandbox's answers carry the documented fields with the documented types (docs tables in ../shared)."""

import json
from datetime import datetime

import pytest
from woocommerce import API

from sales_channels.integrations.woocommerce.sandbox import WooCommerceSandbox
from sales_channels.integrations.woocommerce.tests.spec_check import shared_dir

TABLES = shared_dir() / "vendor-specs" / "woocommerce" / "wc-v3-docs-tables.derived.json"
pytestmark = pytest.mark.skipif(not TABLES.exists(), reason="../shared/vendor-specs/woocommerce is not available")
# Fields the docs tables predate: the GTIN (WooCommerce 9.2+, vendor-facts 3); `on_sale` and `image` are
# listed for products and variations respectively, and answered on both by the sandbox's shared record;
# `parent_id` on a variation names its product (the sandbox's own bookkeeping, answered as is).
UNDOCUMENTED = {"global_unique_id", "on_sale", "image", "parent_id"}


def documented(section: str, table: str) -> dict[str, str]:
    rows = json.loads(TABLES.read_text())[section]["tables"][table]
    return {row["attribute"]: row["type"] for row in rows if "attribute" in row}


def type_matches(kind: str, value) -> bool:
    if value is None:
        return True  # nullable fields (stock_quantity, sale dates) answer null
    checks = {
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
        "number": lambda v: isinstance(v, int | float),
        "date-time": lambda v: isinstance(v, str) and bool(datetime.fromisoformat(v)),
    }
    check = checks.get(kind.split(",")[0].strip().lower())
    return True if check is None else check(value)


def problems(answer: dict, fields: dict[str, str], where: str) -> list[str]:
    found = []
    for name, value in answer.items():
        if name in UNDOCUMENTED:
            continue
        if name not in fields:
            found.append(f"{where}: '{name}' is not documented")
        elif not type_matches(fields[name], value):
            found.append(f"{where}: '{name}' should be {fields[name]}, got {value!r}")
    return found


def test_products_variations_attributes_and_orders_answer_documented_fields():
    with WooCommerceSandbox() as store:
        key, secret = store.issue_key()
        api = API(url=store.base_url, consumer_key=key, consumer_secret=secret, version="wc/v3")
        api.post("products", {"sku": "DOC", "regular_price": "2.00", "images": [{"src": store.image_url("d.png")}]})
        found = []
        for product in api.get("products", params={"per_page": 100}).json():
            found += problems(product, documented("products", "Product properties"), f"product {product['sku']}")
            for image in product["images"]:
                found += problems(image, documented("products", "Product - Images properties"), "image")
            if product["type"] == "variable":
                for variation in api.get(f"products/{product['id']}/variations").json():
                    fields = documented("product-variations", "Product variation properties")
                    found += problems(variation, fields, f"variation {variation['sku']}")
        for attribute in api.get("products/attributes").json():
            found += problems(attribute, documented("product-attributes", "Product attribute properties"), "attribute")
        for order in api.get("orders").json():
            found += problems(order, documented("orders", "Order properties"), f"order {order['id']}")
    assert found == [], "\n".join(found)
