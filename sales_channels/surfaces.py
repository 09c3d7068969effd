"""What an integration declares for the merchant-facing surfaces: its connect form and flow, its sandbox.

Both are optional fields of `IntegrationSpec` (`connect=`, `sandbox=`); the admin, `run_stack` and
`run_demo` read them, so a new integration gets "Add sales channel", the connect flow and a
long-running demo sandbox by declaring them, without framework code naming it.

- `ConnectSpec.fields`: the channel model's fields the integration's add form asks for, in order.
- `ConnectSpec.connect(*, channel, request) -> str | None`: runs the connect flow for a channel that
  was just saved inside the caller's transaction. It returns the URL to send the merchant to (an
  OAuth authorize page; the integration's own callback view finishes it) or None when it connected
  at once (a credentials check). It raises `SalesChannelError` with a message a merchant can act on
  when the vendor refuses; the caller then rolls back, so a failed connect creates nothing.
- `SandboxSpec.start(*, port) -> sandbox` starts the emulator in a background thread (the object has
  `base_url` and `stop()`); `reconnect(*, channel, sandbox) -> str` points a channel at it again and
  gets fresh credentials (a sandbox keeps its state in memory only, so tokens of an earlier run are
  unknown to it), returning one summary line. `port()` is where it serves: `default_port`, unless the
  environment variable (or setting) named `port_env` says otherwise when the sandbox starts (0: any
  free port).
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings


@dataclass(frozen=True)
class ConnectSpec:
    """The add form's fields and the connect flow of one integration."""

    fields: tuple[str, ...]
    connect: Callable[..., str | None]
    help_text: str = ""

    def __post_init__(self) -> None:
        if "name" not in self.fields:
            raise ValueError("ConnectSpec.fields must include 'name'.")


class RunningSandbox(Protocol):
    """A started vendor emulator: where it serves, and how to stop it."""

    base_url: str

    def stop(self) -> None: ...


@dataclass(frozen=True)
class SandboxSpec:
    """The vendor emulator `run_stack` and `run_demo` serve on `port()`, and how a channel reconnects."""

    default_port: int
    start: Callable[..., RunningSandbox]  # (*, port) -> a started sandbox serving the demo's shop
    reconnect: Callable[..., str]  # (*, channel, sandbox) -> status line, through the real auth flow
    # The soak command (`benchmarks/soak.py`): `soak_start(*, test_mode)` starts an empty sandbox whose
    # control routes (`sales_channels.sandbox_control`) list `listings` as {"id", "skus"};
    # `soak_connect(*, company, sandbox)` connects a channel through the real auth flow -> (channel, view).
    soak_start: Callable[..., Any] | None = None
    soak_connect: Callable[..., Any] | None = None
    # An environment variable (or Django setting) of this name overrides `default_port`; it is read
    # when the sandbox starts (`port()`), not at import, and 0 there means any free port.
    port_env: str = ""

    def __post_init__(self) -> None:
        if not 0 < self.default_port < 65536:
            raise ValueError("SandboxSpec.default_port must be a TCP port (1-65535).")

    def port(self) -> int:
        """The port to serve on, read now: env `port_env`, else the setting of that name, else `default_port`."""
        configured = os.environ.get(self.port_env) if self.port_env else None
        if configured in (None, "") and self.port_env:
            configured = getattr(settings, self.port_env, None)
        if configured in (None, ""):
            return self.default_port
        try:
            port = int(str(configured))
        except ValueError:
            port = -1
        if not 0 <= port < 65536:
            raise ValueError(
                f"{self.port_env} must be a TCP port (1-65535) or 0 for any free port, not {configured!r}."
            )
        return port


# -- a connect started in the admin: which channels it created (a refused connect deletes them) ---

PENDING_CONNECTS_SESSION_KEY = "sales_channels_pending_connects"


def remember_pending_connect(*, request, channel_id: int) -> None:
    """Note in the user's session that the admin created this channel for a connect still under way."""
    pending = set(request.session.get(PENDING_CONNECTS_SESSION_KEY, []))
    pending.add(int(channel_id))
    request.session[PENDING_CONNECTS_SESSION_KEY] = sorted(pending)


def forget_pending_connect(*, request, channel_id: int) -> bool:
    """Drop the note; True when this session's admin connect created the channel."""
    pending = set(request.session.get(PENDING_CONNECTS_SESSION_KEY, []))
    found = int(channel_id) in pending
    pending.discard(int(channel_id))
    request.session[PENDING_CONNECTS_SESSION_KEY] = sorted(pending)
    return found
