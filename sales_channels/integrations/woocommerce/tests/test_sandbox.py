"""The sandbox behaves like a WooCommerce store over real HTTP: auth, paging, batches, images, limits."""

import json
import time
import urllib.parse

import pytest
import requests
from woocommerce import API

from sales_channels.integrations.woocommerce.sandbox import WooCommerceSandbox
from sales_channels.integrations.woocommerce.sandbox.auth import oauth_signature
from sales_channels.integrations.woocommerce.sandbox.replies import json_reply


@pytest.fixture
def store():
    with WooCommerceSandbox() as sandbox:
        yield sandbox


def api_for(store, **kwargs) -> API:
    key, secret = store.issue_key()
    return API(url=store.base_url, consumer_key=key, consumer_secret=secret, version="wc/v3", timeout=5, **kwargs)


def test_oauth1_signed_requests_pass_and_bad_signatures_are_refused(store):
    api = api_for(store)
    assert api.get("products").status_code == 200
    wrong = API(url=store.base_url, consumer_key=api.consumer_key, consumer_secret="cs_wrong", version="wc/v3")
    answer = wrong.get("products")
    assert answer.status_code == 401
    assert answer.json()["code"] == "woocommerce_rest_authentication_error"


def test_a_nonce_is_accepted_once(store):
    key, secret = store.issue_key()
    url = store.api_url + "products"
    params = {
        "oauth_consumer_key": key,
        "oauth_timestamp": str(int(time.time())),
        "oauth_nonce": "n1",
        "oauth_signature_method": "HMAC-SHA256",
    }
    params["oauth_signature"] = oauth_signature(
        method="GET", url=url, params=params, secret=secret, algorithm="HMAC-SHA256"
    )
    assert requests.get(url, params=params, timeout=5).status_code == 200
    replay = requests.get(url, params=params, timeout=5)
    assert replay.status_code == 401
    assert "nonce" in replay.json()["message"]


def test_basic_auth_only_on_an_https_store():
    with WooCommerceSandbox(assume_https=True) as https_store, WooCommerceSandbox() as http_store:
        for store, expected in ((https_store, 200), (http_store, 401)):
            key, secret = store.issue_key()
            answer = requests.get(store.api_url + "products", auth=(key, secret), timeout=5)
            assert answer.status_code == expected


def test_paging_headers_and_the_per_page_cap(store):
    api = api_for(store)
    answer = api.get("products", params={"per_page": 2, "page": 2})
    assert (answer.headers["X-WP-Total"], answer.headers["X-WP-TotalPages"]) == ("3", "2")
    assert len(answer.json()) == 1
    assert 'rel="prev"' in answer.headers["Link"]
    too_many = api.get("products", params={"per_page": 101})
    assert too_many.status_code == 400
    assert too_many.json()["code"] == "rest_invalid_param"
    past = api.get("products", params={"per_page": 2, "page": 3})
    assert past.json()["code"] == "rest_post_invalid_page_number"


def test_a_batch_counts_create_update_and_delete_together(store):
    api = api_for(store)
    body = {
        "create": [{"sku": f"C{i}"} for i in range(60)],
        "update": [{"id": 100, "name": "x"}] * 30,
        "delete": [101] * 11,
    }
    answer = api.post("products/batch", body)
    assert answer.status_code == 413
    assert answer.json()["code"] == "woocommerce_rest_request_entity_too_large"
    assert store.counts()["products"] == 3


def test_per_item_errors_inside_a_200_and_the_rest_applied(store):
    api = api_for(store)
    answer = api.post(
        "products/batch",
        {
            "create": [
                {"name": "New", "sku": "NEW-1", "regular_price": "3.50", "manage_stock": True, "stock_quantity": 4},
                {"name": "Dup", "sku": "SEED-MUG"},
                {"name": "Bad price", "sku": "BAD", "regular_price": 3.5},
            ],
            "update": [{"id": 999, "name": "ghost"}],
        },
    )
    assert answer.status_code == 200
    created, duplicate, bad = answer.json()["create"]
    assert (created["sku"], created["price"], created["stock_quantity"], created["stock_status"]) == (
        "NEW-1",
        "3.50",
        4,
        "instock",
    )
    assert duplicate["error"]["code"] == "product_invalid_sku"
    assert duplicate["error"]["data"]["resource_id"] == 100
    assert bad["error"]["data"]["params"] == {"regular_price": "regular_price is not of type string."}
    assert answer.json()["update"][0]["error"]["code"] == "woocommerce_rest_product_invalid_id"
    assert store.counts()["products"] == 4


def test_stock_needs_manage_stock(store):
    api = api_for(store)
    created = api.post("products", {"sku": "NS", "stock_quantity": 7}).json()
    assert created["stock_quantity"] is None


def test_images_replace_the_gallery_ids_persist_and_bad_src_fails_the_item(store):
    api = api_for(store)
    first = api.post(
        "products", {"sku": "IMG", "images": [{"src": store.image_url("a.png")}, {"src": store.image_url("b.png")}]}
    ).json()
    a, b = (image["id"] for image in first["images"])
    second = api.put(f"products/{first['id']}", {"images": [{"id": b}, {"src": store.image_url("c.png")}]}).json()
    assert [image["id"] for image in second["images"]][0] == b
    assert len(second["images"]) == 2
    assert a not in [image["id"] for image in second["images"]]
    refused = api.put(f"products/{first['id']}", {"images": [{"src": "http://127.0.0.1:1/gone.png"}]})
    assert refused.status_code == 400
    assert refused.json()["code"] == "woocommerce_product_image_upload_error"
    assert len(api.get(f"products/{first['id']}").json()["images"]) == 2


def test_variations_and_forced_deletes(store):
    api = api_for(store)
    parent = api.post("products", {"sku": "VAR", "type": "variable"}).json()
    answer = api.post(
        f"products/{parent['id']}/variations/batch", {"create": [{"sku": "VAR-1", "regular_price": "1.00"}]}
    )
    [variation] = answer.json()["create"]
    assert api.get(f"products/{parent['id']}/variations").json()[0]["sku"] == "VAR-1"
    assert api.delete(f"products/{parent['id']}/variations/{variation['id']}").status_code == 501
    assert api.delete(f"products/{parent['id']}", params={"force": "true"}).status_code == 200
    assert store.counts()["products"] == 3


def test_attributes_and_terms(store):
    api = api_for(store)
    color = api.post("products/attributes", {"name": "Color"}).json()
    assert color["slug"] == "pa_color"
    assert api.post("products/attributes", {"name": "Color"}).status_code == 400
    term = api.post(f"products/attributes/{color['id']}/terms", {"name": "Red"}).json()
    again = api.post(f"products/attributes/{color['id']}/terms", {"name": "Red"}).json()
    assert again["code"] == "term_exists"
    assert again["data"]["resource_id"] == term["id"]


def test_the_limiter_answers_429_with_retry_after(store):
    api = api_for(store)
    store.limiter.configure(rate=1, burst=1)
    assert api.get("products").status_code == 200
    limited = api.get("products")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1


def test_queued_faults(store):
    api = api_for(store)
    store.inject_fault("500")
    assert api.get("products").status_code == 500
    store.inject_fault("malformed_json")
    with pytest.raises(ValueError):
        api.get("products").json()
    store.inject_fault("revoke_keys")
    assert api.get("products").status_code == 401


def test_key_provisioning_posts_the_keys_to_the_callback(store):
    received = {}

    with WooCommerceSandbox(seed_products=False) as callback_host:

        def app_callback(method, path, query, body, headers):  # a stand-in app server
            received.update(json.loads(body))
            return json_reply(200, {})

        callback_host.handle = app_callback
        params = {
            "app_name": "OneSila",
            "scope": "read_write",
            "user_id": "abc",
            "return_url": "http://127.0.0.1/done",
            "callback_url": callback_host.base_url + "/callback",
        }
        page = requests.get(store.base_url + "/wc-auth/v1/authorize", params=params, timeout=5)
        assert page.status_code == 200
        assert "access_granted" in page.text
        granted = requests.post(
            store.base_url + "/wc-auth/v1/access_granted",
            data={**params, "approve": "1"},
            allow_redirects=False,
            timeout=5,
        )
    assert granted.status_code == 302
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(granted.headers["Location"]).query) == {
        "success": ["1"],
        "user_id": ["abc"],
    }
    assert received["user_id"] == "abc"
    assert received["consumer_key"].startswith("ck_")
    api = API(
        url=store.base_url,
        consumer_key=received["consumer_key"],
        consumer_secret=received["consumer_secret"],
        version="wc/v3",
    )
    assert api.get("products").status_code == 200


def test_control_routes_only_in_test_mode():
    with WooCommerceSandbox(test_mode=True) as store:
        state = requests.get(store.base_url + "/__sandbox__/state", timeout=5).json()
        assert state["products"] == 3
        assert {"id", "skus"} <= set(state["listings"][0])
    with WooCommerceSandbox() as store:
        assert requests.get(store.base_url + "/__sandbox__/state", timeout=5).status_code == 404
