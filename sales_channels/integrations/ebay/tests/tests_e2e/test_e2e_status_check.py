"""`sales_channel_status --check` against the eBay sandbox over real HTTP: a connected channel passes (exit 0),
the same channel with its sandbox stopped fails the command, naming the channel and the cause."""

import pytest

from sales_channels.tests import e2e

pytestmark = pytest.mark.django_db(transaction=True)


def test_status_check_passes_for_a_connected_channel(ebay_channel):
    e2e.assert_status_check_passes(channel=ebay_channel)


def test_status_check_fails_naming_the_channel_when_its_sandbox_is_stopped(ebay_channel, ebay_sandbox):
    e2e.assert_status_check_fails_once_stopped(channel=ebay_channel, sandbox=ebay_sandbox)
