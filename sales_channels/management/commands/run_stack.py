"""`manage.py run_stack [--port 8000]`: what `make run` serves: the sandboxes, a Huey worker, the admin and GraphQL.

1. Every integration whose spec declares a `sandbox` gets it started on its fixed port (the one
   `make demo` used; `--sandbox-port NAME=PORT` overrides one). A busy port is a one-line error.
2. A sandbox keeps its shop in memory, so the tokens of the demo's run are unknown to the new one:
   every active channel pointing at a started sandbox (its base URL is that host and port) is
   reconnected through the integration's own flow (`SandboxSpec.reconnect`, real OAuth for
   Shopify); then its listings are verified against the new shop (`verify_remote`), which finds what
   the shop lost, marks it outdated and queues its resync for the worker.
3. A Huey worker runs in a child process and the development server in this one (no autoreload:
   a reload would restart the sandboxes). Ctrl-C stops all of it.

`--no-serve` stops after step 2 (tests, and a quick "do my demo channels answer" check).
"""

import errno
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sales_channels import services
from sales_channels.exceptions import SalesChannelError
from sales_channels.explain import explain_failure
from sales_channels.models import SalesChannel
from sales_channels.registry import IntegrationSpec, registered
from sales_channels.surfaces import RunningSandbox
from sales_channels.verify import verify_remote

LOOPBACK = {"127.0.0.1", "localhost"}


def busy_port_message(*, what: str, port: int) -> str:
    """One line for a port another process holds."""
    return (
        f"Port {port} for {what} is busy: another process listens there (an earlier `make run` or "
        "`run_sandbox`?). Stop it, or choose another port."
    )


def require_free_port(*, host: str, port: int, what: str) -> None:
    """CommandError (one line) when another process already listens on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(busy_port_message(what=what, port=port)) from None
            raise


def start_sandboxes(*, ports: dict[str, int]) -> dict[str, tuple[IntegrationSpec, RunningSandbox]]:
    """Start the sandbox of every spec that declares one: {integration: (spec, sandbox)}; CommandError if busy."""
    started: dict[str, tuple[IntegrationSpec, RunningSandbox]] = {}
    try:
        for spec in registered():
            if spec.sandbox is None:
                continue
            port = ports[spec.integration] if spec.integration in ports else spec.sandbox.port()
            try:
                started[spec.integration] = (spec, spec.sandbox.start(port=port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise CommandError(busy_port_message(what=f"the {spec.integration} sandbox", port=port)) from None
                raise
    except BaseException:
        stop_sandboxes(sandboxes=started)
        raise
    return started


def stop_sandboxes(*, sandboxes: dict[str, tuple[IntegrationSpec, RunningSandbox]]) -> None:
    """Stop every started sandbox."""
    for _spec, sandbox in sandboxes.values():
        sandbox.stop()


def _address(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url or "")
    return (parts.hostname or "").lower(), parts.port


def channels_on_sandbox(*, spec: IntegrationSpec, sandbox) -> list[SalesChannel]:
    """Active channels of the integration whose base URL points at the sandbox's loopback port."""
    _host, port = _address(sandbox.base_url)
    channels = SalesChannel.objects.filter(integration=spec.integration, active=True).order_by("pk")
    return [
        channel
        for channel in channels
        if _address(channel.base_url)[0] in LOOPBACK and _address(channel.base_url)[1] == port
    ]


def reconnect_channels(*, sandboxes: dict[str, tuple[IntegrationSpec, RunningSandbox]]) -> list[tuple[str, bool]]:
    """Reconnect and verify every channel on a started sandbox: [(line, ok)] to print."""
    lines = []
    for spec, sandbox in sandboxes.values():
        sandbox_spec = spec.sandbox
        if sandbox_spec is None:  # only specs with a sandbox were started
            continue
        lines.append((f"{spec.integration} sandbox on {sandbox.base_url}", True))
        vendor = services.vendor_label(spec=spec)
        for channel in channels_on_sandbox(spec=spec, sandbox=sandbox):
            try:
                status = sandbox_spec.reconnect(channel=channel, sandbox=sandbox)
                report = verify_remote(channel=channel)
            except (SalesChannelError, services.ChannelActionError) as error:
                reason = str(error) if isinstance(error, services.ChannelActionError) else None
                lines.append((f"  {channel.name}: {reason or explain_failure(error=error, vendor=vendor)}", False))
                continue
            lines.append((f"  {channel.name}: {status}; {report.summary()}", True))
    return lines


class Command(BaseCommand):
    """Serve the sandboxes, a Huey worker and the development server (the admin and /graphql/) together."""

    help = "Start every integration's sandbox (demo channels reconnected), a Huey worker and the server."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="The server's port (default 8000).")
        parser.add_argument("--host", default="127.0.0.1", help="The server's address (default 127.0.0.1).")
        parser.add_argument("--workers", type=int, default=2, help="Huey worker threads (default 2).")
        parser.add_argument(
            "--sandbox-port",
            action="append",
            default=[],
            metavar="NAME=PORT",
            help="Serve the sandbox of integration NAME on PORT instead of its default.",
        )
        parser.add_argument("--no-serve", action="store_true", help="Start, reconnect and verify, then stop.")

    def handle(self, *args, port: int, host: str, workers: int, sandbox_port: list[str], no_serve: bool, **options):
        if not no_serve:
            require_free_port(host=host, port=port, what="the server")
        sandboxes = start_sandboxes(ports=_parse_ports(sandbox_port))
        try:
            for line, ok in reconnect_channels(sandboxes=sandboxes):
                self.stdout.write(line if ok else self.style.ERROR(line))
            if no_serve:
                return
            self._serve(host=host, port=port, workers=workers)
        finally:
            stop_sandboxes(sandboxes=sandboxes)

    def _serve(self, *, host: str, port: int, workers: int) -> None:
        # SIGTERM (not only Ctrl-C) stops the server through `finally`, so the worker and the sandboxes stop too
        signal.signal(signal.SIGTERM, _exit_on_signal)
        manage = Path(settings.BASE_DIR) / "manage.py"
        worker = subprocess.Popen([sys.executable, str(manage), "run_huey", "--workers", str(workers)])  # noqa: S603
        self.stdout.write(f"Admin:   http://{host}:{port}/admin/   GraphQL: http://{host}:{port}/graphql/")
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)


def _exit_on_signal(signum, frame) -> None:
    raise SystemExit(0)


def _parse_ports(values: list[str]) -> dict[str, int]:
    ports = {}
    for value in values:
        name, _, number = value.partition("=")
        if not name or not number.isdigit():
            raise CommandError(f"--sandbox-port takes NAME=PORT (e.g. shopify=8701), not '{value}'.")
        ports[name] = int(number)
    return ports
