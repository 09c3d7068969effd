"""The SSRF guard: vendor calls never reach loopback, private, link-local or metadata addresses.

A base URL override (`SalesChannel.base_url`) exists for sandboxes, which listen on 127.0.0.1.
`settings.SALES_CHANNELS_ALLOW_SANDBOX_URLS` (on in `local` and `agent`, off in `production`)
allows them; with it off, every URL the shared `VendorSession` sends to is checked twice:

1. before sending, its host is resolved and *every* address it resolves to must be public
   (`is_global`, not multicast); one bad address refuses the call;
2. when a connection opens, the address actually connected to is checked again, so DNS that
   answers differently the second time (rebinding) and redirects (each hop opens or reuses a
   checked connection) cannot reach an internal address either.

A refused URL raises `UnsafeVendorUrl`, a non-retryable `SalesChannelError` whose message names
the host only (never what an internal service would have answered).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from sales_channels.exceptions import SalesChannelError

METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
ALLOWED_SCHEMES = ("http", "https")


class UnsafeVendorUrl(SalesChannelError):
    """A vendor URL points at an internal address (or is malformed) and was not called."""

    default_message = "The vendor URL points at an internal address and was not called."


def sandbox_urls_allowed() -> bool:
    """True when sandbox (loopback/private) URLs may be called: local development and tests only."""
    return bool(getattr(settings, "SALES_CHANNELS_ALLOW_SANDBOX_URLS", False))


def is_blocked_address(address: str) -> bool:
    """True for loopback, private, link-local, unspecified, reserved, multicast and metadata addresses."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip in METADATA_ADDRESSES or ip.is_multicast or not ip.is_global


def resolve(host: str, port: int | None) -> list[str]:
    """Every address `host` resolves to (an IP literal resolves to itself); [] when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def check_url(url: str) -> None:
    """Raise `UnsafeVendorUrl` when `url` may not be called under the current settings.

    A host that does not resolve passes (the connection fails on its own, and the connect-time
    check still applies to whatever it reaches)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
        raise UnsafeVendorUrl(f"Refused to call a URL that is not http(s) with a host: {parts.scheme or '?'}://...")
    if sandbox_urls_allowed():
        return
    try:
        port = parts.port
    except ValueError as error:
        raise UnsafeVendorUrl(f"Refused to call {parts.hostname}: invalid port.") from error
    blocked = [address for address in resolve(parts.hostname, port) if is_blocked_address(address)]
    if blocked:
        raise UnsafeVendorUrl(
            f"Refused to call {parts.hostname}: it resolves to an internal address ({', '.join(blocked)})."
        )


def url_field_error(url: str) -> str | None:
    """A form/model error for a URL a tenant entered (a base URL override), or None when it is acceptable."""
    if not url:
        return None
    if not sandbox_urls_allowed():
        return "A base URL override is for sandboxes only, and this server does not allow them: leave it empty."
    try:
        check_url(url)
    except UnsafeVendorUrl as error:
        return error.message
    return None


def _check_peer(sock: socket.socket, host: str) -> None:
    if sandbox_urls_allowed():
        return
    try:
        address = sock.getpeername()[0]
    except OSError:
        return  # not connected: the send fails on its own
    if is_blocked_address(address):
        sock.close()
        raise UnsafeVendorUrl(f"Refused to call {host}: it connected to an internal address ({address}).")


class GuardedHTTPConnection(HTTPConnection):
    """An urllib3 connection that refuses to talk to an internal address once connected."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class GuardedHTTPSConnection(HTTPSConnection):
    """The TLS variant of `GuardedHTTPConnection` (checked before the TLS handshake)."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    """A pool of guarded plain-HTTP connections."""

    ConnectionCls = GuardedHTTPConnection


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    """A pool of guarded HTTPS connections."""

    ConnectionCls = GuardedHTTPSConnection


GUARDED_POOL_CLASSES = {"http": GuardedHTTPConnectionPool, "https": GuardedHTTPSConnectionPool}
