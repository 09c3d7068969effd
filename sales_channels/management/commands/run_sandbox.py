"""`manage.py run_sandbox <integration> --port N`: serve an integration's vendor emulator on 127.0.0.1."""

import errno
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    """Start the sandbox of one integration in the foreground (Ctrl-C stops it)."""

    help = "Serve the stateful vendor emulator of an integration on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("integration", help="Integration name, e.g. shopify.")
        parser.add_argument("--port", type=int, default=0, help="Port (0 picks a free one).")
        parser.add_argument(
            "--test-mode",
            action="store_true",
            help="Also serve the fault switches over HTTP (/__sandbox__/faults, /__sandbox__/state).",
        )

    def handle(self, *args, integration: str, port: int, test_mode: bool = False, **options):
        # Looked up by name at run time: the framework never imports an integration statically.
        try:
            sandbox = import_module(f"sales_channels.integrations.{integration}.sandbox")
        except ModuleNotFoundError as exc:
            raise CommandError(f"No sandbox for integration '{integration}'.") from exc
        try:
            sandbox.serve(port=port, test_mode=test_mode)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise CommandError(
                f"Port {port} is busy: another process listens there (a sandbox or `make run`?); "
                "choose another with --port."
            ) from None
