"""Fixtures for this app's tests."""

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a per-test directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sales_channel_model():
    """The sales channel model, looked up by name: the catalog never imports the sales-channel framework."""
    return apps.get_model("sales_channels", "SalesChannel")
