"""Write the root GraphQL schema's SDL to schema.graphql (the committed snapshot)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from OneSila.schema import schema


class Command(BaseCommand):
    """`manage.py export_graphql_schema [--path schema.graphql]`: refresh the SDL snapshot."""

    help = "Write the GraphQL SDL snapshot that tests compare the live schema against."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(Path(settings.BASE_DIR) / "schema.graphql"))

    def handle(self, *args, **options):
        Path(options["path"]).write_text(schema.as_str() + "\n")
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['path']}"))
