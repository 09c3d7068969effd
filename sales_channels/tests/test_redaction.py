"""Secret redaction of headers, URLs, JSON, form bodies and free text."""

import json
from urllib.parse import quote, quote_plus

import pytest

from sales_channels.redaction import (
    REDACTED,
    Redactor,
    is_secret_json_key,
    redact_headers,
    redact_text,
    redact_url,
)
from sales_channels.tests.http_support import SECRET


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "Proxy-Authorization",
        "X-Shopify-Access-Token",
        "x-amz-access-token",
        "Cookie",
        "Set-Cookie",
        "X-Api-Key",
        "X-WC-Webhook-Signature",
        "X-Client-Secret",
        "X-Password",
    ],
)
def test_credential_headers_are_redacted(name):
    assert redact_headers({name: "value", "Content-Type": "application/json"}) == {
        name: REDACTED,
        "Content-Type": "application/json",
    }


def test_literal_secret_in_an_innocent_header_is_redacted():
    assert redact_headers({"Link": f"<https://x.test/?p={SECRET}>"}, secrets=[SECRET]) == {
        "Link": f"<https://x.test/?p={REDACTED}>"
    }


@pytest.mark.parametrize(
    "param",
    [
        "access_token",
        "client_secret",
        "code",
        "hmac",
        "signature",
        "consumer_key",
        "consumer_secret",
        "refresh_token",
        "api_key",
        "password",
        "token",
    ],
)
def test_secret_query_parameters_are_redacted(param):
    url = redact_url(f"https://shop.test/admin/oauth?shop=acme.myshopify.com&{param}=abc123&page=2")
    assert url == f"https://shop.test/admin/oauth?shop=acme.myshopify.com&{param}={REDACTED}&page=2"


def test_userinfo_and_literal_secrets_in_the_path_are_redacted():
    url = redact_url(f"https://user:pw@host.test/hooks/{SECRET}/x", secrets=[SECRET])
    assert url == f"https://{REDACTED}@host.test/hooks/{REDACTED}/x"


def test_json_is_redacted_recursively_by_key_name():
    data = {
        "access_token": "a",
        "scope": "write_products",
        "nested": [{"clientSecret": "b", "name": "ok"}, {"refresh-token": "c"}],
        "credentials": {"api_key": "d", "consumerKey": "e", "password": "f"},
        "errors": [{"code": "THROTTLED", "message": "Throttled"}],
    }
    assert Redactor().json(data) == {
        "access_token": REDACTED,
        "scope": "write_products",
        "nested": [{"clientSecret": REDACTED, "name": "ok"}, {"refresh-token": REDACTED}],
        "credentials": {"api_key": REDACTED, "consumerKey": REDACTED, "password": REDACTED},
        "errors": [{"code": "THROTTLED", "message": "Throttled"}],  # error codes stay readable
    }


@pytest.mark.parametrize("key", ["apiKey", "API_KEY", "x-api-key", "privateKey", "hmac", "Authorization"])
def test_json_key_names_like_secrets(key):
    assert is_secret_json_key(key)


@pytest.mark.parametrize("key", ["sku", "code", "attribute_code", "key", "title", "keywords"])
def test_json_key_names_that_are_data(key):
    assert not is_secret_json_key(key)


def test_json_body_excerpt_redacts_keys_and_literals():
    body = json.dumps({"access_token": SECRET, "note": f"echo {SECRET}", "sku": "A-1"}).encode()
    excerpt = Redactor(secrets=[SECRET]).excerpt(body)
    assert SECRET not in excerpt
    assert json.loads(excerpt) == {"access_token": REDACTED, "note": f"echo {REDACTED}", "sku": "A-1"}


def test_form_body_excerpt_redacts_secret_fields():
    body = "grant_type=authorization_code&code=xyz&redirect_uri=https%3A%2F%2Fa.test%2Fcb&client_secret=s3cr3t"
    excerpt = redact_text(body)
    assert "xyz" not in excerpt
    assert "s3cr3t" not in excerpt
    assert "grant_type=authorization_code" in excerpt


@pytest.mark.parametrize("encode", [quote_plus, lambda value: quote(value, safe=""), json.dumps])
def test_encoded_forms_of_a_literal_secret_are_redacted(encode):
    secret = 'p@ss/wo+rd "x"'
    assert secret not in redact_text(f"before {encode(secret)} after", secrets=[secret])
    assert encode(secret).strip('"') not in redact_text(f"before {encode(secret)} after", secrets=[secret])


def test_secret_named_pairs_in_free_text_are_redacted():
    message = "HTTPSConnectionPool(host='x.test'): Max retries exceeded with url: /a?access_token=abc&page=2"
    assert redact_text(message) == message.replace("access_token=abc", f"access_token={REDACTED}")


def test_truncation_happens_after_redaction():
    text = "x" * 3990 + SECRET + "y" * 100
    excerpt = Redactor(secrets=[SECRET], max_length=4000).excerpt(text)
    assert SECRET[:8] not in excerpt
    assert excerpt.startswith("x" * 3990 + "[REDACTED]"[:10])
    assert excerpt.endswith("[truncated 100 chars]")


def test_binary_bodies_are_summarised():
    assert Redactor().excerpt(b"\x89PNG\r\n\x1a\n\xff\xfe") == "[binary body, 10 bytes]"


def test_too_short_literals_are_ignored():
    assert Redactor(secrets=["ab", "", None]).text("about a cab") == "about a cab"


def test_stream_bodies_are_not_read():
    assert Redactor().excerpt(iter([b"chunk"])) == "[list_iterator body not captured]"
