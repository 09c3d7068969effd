"""The client with HTTP mocked at the transport: signing, Basic auth, paging, throttling, failures."""

from urllib.parse import parse_qsl, urlsplit

import pytest
import responses

from sales_channels.exceptions import (
    AnswerLost,
    AuthExpired,
    RateLimited,
    TransientVendorError,
    UnreadableAnswer,
)
from sales_channels.http import VendorSession
from sales_channels.integrations.woocommerce.client import WooCommerceClient
from sales_channels.integrations.woocommerce.sandbox.auth import oauth_signature

HTTP_STORE = "http://shop.example.com"
HTTPS_STORE = "https://shop.example.com"
KEY, SECRET = "ck_" + "a" * 40, "cs_" + "b" * 40


def client_for(store: str, **session_options) -> WooCommerceClient:
    session = VendorSession(
        company_id=1,
        sales_channel_id=1,
        secrets=[KEY, SECRET],
        log_calls=False,
        sleep=lambda _: None,
        **session_options,
    )
    return WooCommerceClient(store_url=store, consumer_key=KEY, consumer_secret=SECRET, session=session)


@responses.activate
def test_a_plain_http_store_gets_oauth1_signed_urls_the_store_accepts():
    responses.get(f"{HTTP_STORE}/wp-json/wc/v3/products", json=[], headers={"X-WP-Total": "0", "X-WP-TotalPages": "0"})

    client_for(HTTP_STORE).page("products", page=2, orderby="id")

    [call] = responses.calls
    parts = urlsplit(call.request.url)
    params = dict(parse_qsl(parts.query))
    signature = params.pop("oauth_signature")
    assert params["per_page"] == "100"
    assert params["page"] == "2"
    assert params["oauth_signature_method"] == "HMAC-SHA256"
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    assert signature == oauth_signature(method="GET", url=base, params=params, secret=SECRET, algorithm="HMAC-SHA256")
    assert "authorization" not in {name.lower() for name in call.request.headers}
    assert len(parse_qsl(parts.query)) == len(params) + 1  # every parameter once (the package sends them twice)


@responses.activate
def test_an_https_store_gets_basic_auth_and_no_signature():
    responses.get(f"{HTTPS_STORE}/wp-json/wc/v3/system_status", json={"environment": {"version": "9.4.2"}})

    client_for(HTTPS_STORE).system_status()

    [call] = responses.calls
    assert call.request.headers["Authorization"].startswith("Basic ")
    assert "oauth_signature" not in call.request.url


@responses.activate
def test_a_revoked_key_raises_auth_expired():
    responses.get(
        f"{HTTPS_STORE}/wp-json/wc/v3/system_status", status=401, json={"code": "woocommerce_rest_cannot_view"}
    )

    with pytest.raises(AuthExpired):
        client_for(HTTPS_STORE).system_status()


@responses.activate
def test_a_429_is_waited_out_then_the_call_goes_through():
    url = f"{HTTPS_STORE}/wp-json/wc/v3/products/batch"
    responses.post(url, status=429, headers={"Retry-After": "1"}, json={"code": "rest_too_many_requests"})
    responses.post(url, json={"create": [{"id": 7, "sku": "A"}]})

    answer = client_for(HTTPS_STORE).products_batch(create=[{"sku": "A"}], update=[], delete=[])

    assert answer == {"create": [{"id": 7, "sku": "A"}]}
    assert len(responses.calls) == 2


@responses.activate
def test_a_long_retry_after_defers_instead_of_sleeping():
    responses.get(f"{HTTPS_STORE}/wp-json/wc/v3/system_status", status=429, headers={"Retry-After": "60"})

    with pytest.raises(RateLimited):
        client_for(HTTPS_STORE, max_inline_wait=2.0).system_status()


@responses.activate
def test_a_500_on_a_batch_is_not_sent_twice():
    responses.post(f"{HTTPS_STORE}/wp-json/wc/v3/products/batch", status=500, json={"code": "internal_server_error"})

    with pytest.raises(TransientVendorError):
        client_for(HTTPS_STORE).products_batch(create=[{"sku": "A"}], update=[], delete=[])

    assert len(responses.calls) == 1


@responses.activate
def test_a_cut_off_batch_answer_is_an_answer_lost():
    responses.post(
        f"{HTTPS_STORE}/wp-json/wc/v3/products/batch", body='{"create": [{"id": 7', content_type="application/json"
    )

    with pytest.raises(AnswerLost):
        client_for(HTTPS_STORE).products_batch(create=[{"sku": "A"}], update=[], delete=[])


@responses.activate
def test_a_cut_off_read_is_read_again_then_reported():
    responses.get(f"{HTTPS_STORE}/wp-json/wc/v3/system_status", body="{", content_type="application/json")

    with pytest.raises(UnreadableAnswer):
        client_for(HTTPS_STORE, max_retries=1).system_status()

    assert len(responses.calls) == 2


def test_a_batch_over_100_items_is_refused_before_sending():
    with pytest.raises(ValueError, match="at most 100"):
        client_for(HTTPS_STORE).products_batch(create=[{}] * 60, update=[{"id": 1}] * 40, delete=[2])


@responses.activate
def test_products_by_sku_asks_once_per_100_skus():
    responses.get(
        f"{HTTPS_STORE}/wp-json/wc/v3/products",
        json=[{"id": 5, "sku": "S1"}],
        headers={"X-WP-Total": "1", "X-WP-TotalPages": "1"},
    )

    found = client_for(HTTPS_STORE).products_by_sku(skus=[f"S{i}" for i in range(150)])

    assert found == {"S1": "5"}
    assert len(responses.calls) == 2
    assert dict(parse_qsl(urlsplit(responses.calls[0].request.url).query))["sku"].count(",") == 99


@responses.activate
def test_a_retried_oauth_request_is_signed_again_with_a_fresh_nonce():
    url = f"{HTTP_STORE}/wp-json/wc/v3/system_status"
    answers = iter([(500, {}, "{}"), (200, {"Content-Type": "application/json"}, '{"environment": {}}')])
    sent = []

    def reply(request):
        sent.append(dict(parse_qsl(urlsplit(request.url).query)))
        return next(answers)

    responses.add_callback(responses.GET, url, callback=reply)

    client_for(HTTP_STORE).system_status()

    assert len(sent) == 2
    assert sent[0]["oauth_nonce"] != sent[1]["oauth_nonce"]
    for params in sent:
        signature = params.pop("oauth_signature")
        assert signature == oauth_signature(
            method="GET", url=url, params=params, secret=SECRET, algorithm="HMAC-SHA256"
        )
