"""Magento2Client: one typed method per vendor operation, over the framework's shared vendor session."""

from typing import Any

from sales_channels.http import VendorSession


class Magento2Client:
    """Talks to the Magento2 API through the channel's `VendorSession` (throttle, retries, call log)."""

    def __init__(self, *, base_url: str, session: VendorSession) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def get_json(self, path: str, **kwargs: Any) -> Any:
        """GET a path and parse its JSON (non-2xx answers raise the framework's vendor errors)."""
        response = self.session.get(self.url(path), **kwargs)
        self.session.raise_for_vendor_status(response)
        return self.session.parse_json(response)
