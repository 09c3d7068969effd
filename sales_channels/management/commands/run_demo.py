"""`manage.py run_demo`: the main job on the embedded default, as `make demo` runs it.

Seeds the demo company (idempotent), prints its catalog summary, then lets every registered
integration that ships a demo (connect to its sandbox, pull, map, import, push, live change)
run it and print its line of the per-channel summary.
"""

import errno
import io
import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.models import MultiTenantCompany
from products.demo.summary import catalog_summary
from sales_channels.registry import registered


class Command(BaseCommand):
    """Seed the demo catalog and run every integration's demo against its sandbox."""

    help = "Seed the demo company and run each sales-channel integration's demo against its sandbox."

    def add_arguments(self, parser):
        parser.add_argument("--company", default="Demo Company")
        parser.add_argument("--products", type=int, default=400)

    def handle(self, *args, company: str, products: int, **options):
        if options.get("verbosity", 1) < 2:
            # One INFO line per vendor call is right for workers, too much for a demo (-v 2 shows them).
            logging.getLogger("sales_channels.http").setLevel(logging.WARNING)
        started = time.monotonic()
        call_command("seed_demo_catalog", company=company, products=products, verbosity=0, stdout=io.StringIO())
        tenant = MultiTenantCompany.objects.get(name=company)
        self.stdout.write(self.style.MIGRATE_HEADING(f"Catalog of '{tenant.name}'"))
        for label, count in catalog_summary(company=tenant).items():
            self.stdout.write(f"  {label:<28} {count:>8}")
        demos = [(spec, spec.demo) for spec in registered() if spec.demo is not None]
        if demos:
            self.stdout.write(self.style.MIGRATE_HEADING("Sales channels"))
        for spec, demo in demos:
            try:
                line = demo(company=tenant, stdout=self.stdout)
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise
                raise CommandError(
                    f"The {spec.integration} sandbox's port is busy: is `make run` still running? Stop it first."
                ) from None
            self.stdout.write(f"  {spec.integration:<12} {line}")
        self.stdout.write(self.style.SUCCESS(f"Demo ready in {time.monotonic() - started:.1f} s."))
        self.stdout.write(
            "Open the admin and GraphQL with `make run` (login: demo / demo): it serves the sandboxes on the same "
            "ports, reconnects the demo channels and pushes again what a fresh sandbox lacks."
        )
