"""The SSRF guard: vendor calls refuse internal addresses unless sandbox URLs are allowed."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
import responses
from django.core.exceptions import ValidationError
from django.test import override_settings

from sales_channels import net_guard
from sales_channels.exceptions import VendorValidationError
from sales_channels.http import RESPONSE_EXCERPT_LENGTH, VendorSession
from sales_channels.http_httpx import build_httpx_client
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.models import RemoteCallLog
from sales_channels.net_guard import UnsafeVendorUrl, is_blocked_address
from sales_channels.tests.http_support import make_sales_channel

PUBLIC_ADDRESS = "93.184.216.34"
guarded = override_settings(SALES_CHANNELS_ALLOW_SANDBOX_URLS=False)


class _RecordingServer(ThreadingHTTPServer):
    """An internal service on 127.0.0.1 that counts the requests that reached it."""

    hits = 0


class _RecordingHandler(BaseHTTPRequestHandler):
    """Answers every request like an internal service would, and remembers it was reached."""

    server: _RecordingServer

    def do_GET(self) -> None:
        self.server.hits += 1
        body = b"-ERR internal service banner"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args) -> None:
        return


@pytest.fixture
def internal_server():
    server = _RecordingServer(("127.0.0.1", 0), _RecordingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def session(company):
    channel = make_sales_channel(company)
    return VendorSession(company_id=company.pk, sales_channel_id=channel.pk, max_retries=0)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "224.0.0.1",
        "not-an-address",
    ],
)
def test_internal_addresses_are_blocked(address):
    assert is_blocked_address(address)


def test_public_addresses_pass():
    assert not is_blocked_address(PUBLIC_ADDRESS)
    assert not is_blocked_address("2606:4700:4700::1111")


@guarded
@pytest.mark.django_db
def test_loopback_base_url_is_refused_before_anything_is_sent(session, internal_server):
    url = f"http://127.0.0.1:{internal_server.server_port}/admin/api/graphql.json?x="
    with pytest.raises(UnsafeVendorUrl) as raised:
        session.post(url, json={"query": "{ shop { name } }"})
    assert internal_server.hits == 0
    assert "internal address" in raised.value.message
    assert "banner" not in raised.value.message
    logged = RemoteCallLog.objects.get()
    assert "UnsafeVendorUrl" in logged.error
    assert logged.status_code is None


@pytest.mark.django_db
def test_sandbox_urls_are_called_when_the_setting_is_on(session, internal_server):
    with override_settings(SALES_CHANNELS_ALLOW_SANDBOX_URLS=True):
        response = session.get(f"http://127.0.0.1:{internal_server.server_port}/")
    assert response.status_code == 200
    assert internal_server.hits == 1


@guarded
@pytest.mark.django_db
def test_a_host_with_any_internal_address_is_refused(session):
    with (
        mock.patch.object(net_guard, "resolve", return_value=[PUBLIC_ADDRESS, "10.0.0.7"]),
        pytest.raises(UnsafeVendorUrl, match="10.0.0.7"),
    ):
        session.get("https://shop.example.com/admin")


@guarded
@pytest.mark.django_db
def test_rebinding_to_an_internal_address_is_refused_at_connect(session, internal_server):
    # The pre-check sees a public address; the connection then reaches 127.0.0.1 (DNS rebinding).
    with (
        mock.patch.object(net_guard, "resolve", return_value=[PUBLIC_ADDRESS]),
        pytest.raises(UnsafeVendorUrl, match="connected to an internal address"),
    ):
        session.get(f"http://127.0.0.1:{internal_server.server_port}/")
    assert internal_server.hits == 0


@guarded
@pytest.mark.django_db
@responses.activate
def test_a_redirect_to_the_metadata_address_is_refused(session):
    responses.add(
        responses.GET,
        "https://shop.example.com/file.jsonl",
        status=302,
        headers={"Location": "http://169.254.169.254/latest/meta-data/"},
    )
    with (
        mock.patch.object(
            net_guard, "resolve", side_effect=lambda host, port: [host if host[0].isdigit() else PUBLIC_ADDRESS]
        ),
        pytest.raises(UnsafeVendorUrl, match="169.254.169.254"),
    ):
        session.get("https://shop.example.com/file.jsonl")
    assert len(responses.calls) == 1  # the metadata address was never requested


@guarded
@pytest.mark.django_db
def test_httpx_sdks_are_guarded_too(session, internal_server):
    client = build_httpx_client(session)
    with pytest.raises(UnsafeVendorUrl):
        client.get(f"http://127.0.0.1:{internal_server.server_port}/")
    assert internal_server.hits == 0


@pytest.mark.django_db
@responses.activate
def test_a_non_json_error_body_is_logged_trimmed_and_never_quoted(session):
    page = "<html>" + "internal detail " * 400 + "</html>"
    responses.add(responses.POST, "https://shop.example.com/api", status=422, body=page)
    response = session.post("https://shop.example.com/api", data="x")
    with pytest.raises(VendorValidationError) as raised:
        session.raise_for_vendor_status(response)
    assert "internal detail" not in raised.value.message
    assert raised.value.message == "HTTP 422 (Unprocessable Entity) from POST https://shop.example.com/api."
    excerpt = RemoteCallLog.objects.get().response_excerpt
    assert "internal detail" in excerpt
    assert len(excerpt) < RESPONSE_EXCERPT_LENGTH + 400  # headers and the truncation note on top


@pytest.mark.django_db
@responses.activate
def test_vendor_json_messages_are_cut_for_the_merchant(session):
    responses.add(responses.POST, "https://shop.example.com/api", status=422, json={"errors": ["x" * 5000, "short"]})
    response = session.post("https://shop.example.com/api", data="x")
    with pytest.raises(VendorValidationError) as raised:
        session.raise_for_vendor_status(response)
    assert [len(message) for message in raised.value.messages] == [300, 5]


def _channel(company, base_url: str) -> ShopifySalesChannel:
    return ShopifySalesChannel(
        multi_tenant_company=company, name="Shop", shop_domain="a.myshopify.com", base_url=base_url
    )


@pytest.mark.django_db
def test_base_url_override_is_a_field_error_when_sandboxes_are_off(company):
    with guarded, pytest.raises(ValidationError) as raised:
        _channel(company, "http://127.0.0.1:5432/x?x=").full_clean()
    assert "sandboxes only" in str(raised.value.message_dict["base_url"])
    with guarded, pytest.raises(ValidationError):
        _channel(company, "https://shop.example.com").full_clean()
    with override_settings(SALES_CHANNELS_ALLOW_SANDBOX_URLS=True):
        _channel(company, "http://127.0.0.1:8123").full_clean()
    with guarded:
        _channel(company, "").full_clean()
