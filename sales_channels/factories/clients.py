"""Building an integration's client: the channel's shared HTTP session (throttle, secrets) handed to the spec."""

from typing import Any

from django.conf import settings

from sales_channels.http import VendorSession
from sales_channels.registry import IntegrationSpec
from sales_channels.throttle import Throttle

# How long a worker sleeps for its turn in the shared budget before deferring the task instead.
DEFAULT_MAX_WAIT_SECONDS = 20.0


def build_session(*, channel, sync_task_id: int | None = None) -> VendorSession:
    """The channel's vendor session: its shared throttle bucket and its secrets registered for redaction."""
    throttle = Throttle(
        channel.throttle_key, capacity=float(channel.burst), refill_per_second=float(channel.requests_per_second)
    )
    return VendorSession(
        company_id=channel.multi_tenant_company_id,
        sales_channel_id=channel.pk,
        throttle=throttle,
        secrets=channel.secret_values(),
        sync_task_id=sync_task_id,
        max_inline_wait=float(getattr(settings, "SALES_CHANNELS_THROTTLE_MAX_WAIT_SECONDS", DEFAULT_MAX_WAIT_SECONDS)),
        read_timeout=float(getattr(settings, "SALES_CHANNELS_READ_TIMEOUT_SECONDS", 30.0)),
    )


def build_client(*, spec: IntegrationSpec, channel, sync_task_id: int | None = None) -> tuple[Any, VendorSession]:
    """(client, session) for a channel; the session is returned so the runner can name the current task."""
    session = build_session(channel=channel, sync_task_id=sync_task_id)
    return spec.build_client(channel=channel, session=session), session
