"""A sandbox's port is read when it starts, not at import: 0 (any free port) works for every integration."""

import importlib
from urllib.parse import urlsplit

import pytest

from sales_channels.management.commands.run_stack import start_sandboxes, stop_sandboxes
from sales_channels.registry import registered
from sales_channels.surfaces import SandboxSpec

PORT_ENVS = (
    "SHOPIFY_SANDBOX_PORT",
    "WOOCOMMERCE_SANDBOX_PORT",
    "MAGENTO2_SANDBOX_PORT",
    "AMAZON_SANDBOX_PORT",
    "EBAY_SANDBOX_PORT",
)


def spec() -> SandboxSpec:
    return SandboxSpec(default_port=8799, port_env="TEST_SANDBOX_PORT", start=lambda *, port: None, reconnect=str)


def test_the_port_is_read_when_asked_env_then_setting_then_default(monkeypatch, settings):
    monkeypatch.delenv("TEST_SANDBOX_PORT", raising=False)
    assert spec().port() == 8799
    settings.TEST_SANDBOX_PORT = 8800
    assert spec().port() == 8800
    monkeypatch.setenv("TEST_SANDBOX_PORT", "0")
    assert spec().port() == 0  # the environment wins, and 0 is any free port
    monkeypatch.setenv("TEST_SANDBOX_PORT", "eighty")
    with pytest.raises(ValueError, match="TEST_SANDBOX_PORT must be a TCP port .* not 'eighty'"):
        spec().port()


def test_port_zero_is_accepted_at_import(monkeypatch):
    monkeypatch.setenv("EBAY_SANDBOX_PORT", "0")
    module = importlib.import_module("sales_channels.integrations.ebay.demo_sandbox")
    reloaded = importlib.reload(module)  # used to raise: the port was computed and checked at import
    assert reloaded.sandbox_port() == 0
    assert reloaded.SANDBOX_SPEC.default_port == reloaded.DEFAULT_SANDBOX_PORT


@pytest.mark.django_db(transaction=True)
def test_every_sandbox_starts_on_a_free_port_when_its_port_is_zero(monkeypatch):
    for name in PORT_ENVS:
        monkeypatch.setenv(name, "0")
    expected = {spec.integration for spec in registered() if spec.sandbox is not None}
    started = start_sandboxes(ports={})
    try:
        ports = {name: urlsplit(sandbox.base_url).port for name, (_spec, sandbox) in started.items()}
    finally:
        stop_sandboxes(sandboxes=started)
    assert set(ports) == expected
    assert {"ebay", "shopify", "woocommerce", "magento2", "amazon"} <= expected
    for name, (spec_, _sandbox) in started.items():
        assert ports[name] not in (0, spec_.sandbox.default_port), (name, ports[name])
