"""The WooCommerce sandbox: a stateful `/wp-json/wc/v3/` store on 127.0.0.1 (see `server`)."""

from .server import WooCommerceSandbox, accept_http_urls, serve

__all__ = ["WooCommerceSandbox", "accept_http_urls", "serve"]
