"""`sales_channel_status --check` against the Magento 2 sandbox over real HTTP: a connected channel passes (exit 0),
the same channel with its sandbox stopped fails the command, naming the channel and the cause."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from sales_channels.registry import get_spec
from sales_channels.services import vendor_label

pytestmark = pytest.mark.django_db(transaction=True)


def test_status_check_passes_for_a_connected_channel(magento_channel):
    out = StringIO()
    call_command("sales_channel_status", check=True, stdout=out)

    assert f"{magento_channel.name}: connected" in out.getvalue()
    magento_channel.refresh_from_db()
    assert (magento_channel.connection_status, magento_channel.last_connection_error) == ("connected", "")


def test_status_check_fails_naming_the_channel_when_its_sandbox_is_stopped(magento_channel, magento_sandbox):
    port = urlsplit(magento_sandbox.base_url).port
    magento_sandbox.stop()
    out = StringIO()

    with pytest.raises(
        CommandError, match=rf"1 channel\(s\) failed the connection check: {magento_channel.name}\."
    ) as raised:
        call_command("sales_channel_status", check=True, stdout=out)

    assert raised.value.returncode == 1
    vendor = vendor_label(spec=get_spec("magento2"))
    assert f"{magento_channel.name}: failed. {vendor} could not be reached at 127.0.0.1:{port}" in out.getvalue()
    magento_channel.refresh_from_db()
    assert magento_channel.connection_status == "failed"
    assert "Check that the shop (or its sandbox) is running" in magento_channel.last_connection_error
