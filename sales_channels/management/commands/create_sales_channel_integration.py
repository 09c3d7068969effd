"""`manage.py create_sales_channel_integration <name> [--marketplace] [--target-dir DIR]`: playbook phase 1.

Scaffolds `sales_channels/integrations/<name>/` from `sales_channels/integration_template/`: an app
whose `ready()` registers an `IntegrationSpec` for its `SalesChannel` subclass and connects its
receivers, the playbook's folders (models, factories per domain, flows, schema, receivers, tasks,
tests), a client over the shared vendor session, and a first test. It refuses a bad name, a name
already taken by a module or app, and an existing directory; it writes nothing on a refusal.
`--target-dir` writes the package elsewhere (the module name stays `sales_channels.integrations.<name>`,
so tests can put it on that package's path).
"""

import keyword
import re
import shutil
import subprocess
import sys
import zlib
from importlib.util import find_spec
from pathlib import Path
from string import Template

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import sales_channels

TEMPLATE_DIR = Path(sales_channels.__file__).resolve().parent / "integration_template"
INTEGRATIONS_DIR = TEMPLATE_DIR.parent / "integrations"
PACKAGE = "sales_channels.integrations"
SUFFIX = ".py-tpl"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,23}$")
SANDBOX_PORTS_START = 8710
SANDBOX_PORTS = 80


def check_name(name: str) -> None:
    """Refuse a name that is not a short lower-case identifier or is already an app or module."""
    if not NAME_RE.match(name) or name.endswith("_") or "__" in name:
        raise CommandError(
            f"'{name}' is not a valid integration name: use 2-24 lower-case letters, digits and single "
            "underscores, starting with a letter (e.g. magento2, woocommerce)."
        )
    if keyword.iskeyword(name):
        raise CommandError(f"'{name}' is a Python keyword.")
    if any(config.label == name for config in apps.get_app_configs()):
        raise CommandError(f"An installed app is already labelled '{name}'.")
    if find_spec(f"{PACKAGE}.{name}") is not None:
        raise CommandError(f"The module {PACKAGE}.{name} already exists.")


def template_values(*, name: str, marketplace: bool) -> dict[str, str]:
    """What the templates' ${...} placeholders become."""
    words = name.split("_")
    return {
        "name": name,
        "camel": "".join(word[:1].upper() + word[1:] for word in words),
        "title": " ".join(word[:1].upper() + word[1:] for word in words),
        "module": f"{PACKAGE}.{name}",
        "kind": "marketplace" if marketplace else "storefront",
        # The sandbox's fixed port under `make run`: one per integration name, clear of Shopify's 8701.
        "port": str(SANDBOX_PORTS_START + zlib.crc32(name.encode()) % SANDBOX_PORTS),
    }


def first_party_packages() -> list[str]:
    """The project's top-level packages (how the generated imports are grouped, wherever the app is written)."""
    root = Path(settings.BASE_DIR)
    return sorted(path.parent.name for path in root.glob("*/__init__.py"))


def tidy(*, target: Path) -> bool:
    """Sort the imports and format the written files with the project's ruff (name lengths move line breaks).

    False when ruff is not installed (then the files are written as rendered).
    """
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        return False
    config = ["--config", str(Path(settings.BASE_DIR) / "pyproject.toml")]
    first_party = ["--config", f"lint.isort.known-first-party={first_party_packages()!r}"]
    for command in (["check", "--fix", "--select", "I", *first_party], ["format"]):
        subprocess.run([ruff, *command, *config, str(target)], capture_output=True, text=True, check=False)
    return True


def render(*, target: Path, values: dict[str, str]) -> list[Path]:
    """Write every template under `target` (which must not exist) and return the written files."""
    written = []
    for template in sorted(TEMPLATE_DIR.rglob(f"*{SUFFIX}")):
        relative = template.relative_to(TEMPLATE_DIR)
        destination = target / relative.with_name(relative.name[: -len(SUFFIX)] + ".py")
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(Template(template.read_text()).substitute(values))
        written.append(destination)
    return written


class Command(BaseCommand):
    """Create the skeleton of a new sales-channel integration app (playbook phase 1)."""

    help = "Scaffold sales_channels/integrations/<name>/ with a registered spec, receivers and tests."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The integration name, e.g. magento2 (lower case).")
        parser.add_argument("--marketplace", action="store_true", help="A marketplace (one listing per view).")
        parser.add_argument(
            "--target-dir", help=f"Create <target-dir>/<name> instead of {INTEGRATIONS_DIR}/<name> (for tests)."
        )

    def handle(self, *args, name: str, marketplace: bool, target_dir: str | None, **options):
        check_name(name)
        target = Path(target_dir or INTEGRATIONS_DIR) / name
        if target.exists():
            raise CommandError(f"{target} already exists; choose another name or remove it first.")
        values = template_values(name=name, marketplace=marketplace)
        written = render(target=target, values=values)
        tidy(target=target)
        self.stdout.write(self.style.SUCCESS(f"Created the {values['title']} integration in {target}:"))
        for path in written:
            self.stdout.write(f"  {path.relative_to(target)}")
        self.stdout.write("Next steps (playbook phase 1):")
        self.stdout.write(f'  1. Add to INSTALLED_APPS in OneSila/settings/base.py: "{values["module"]}",')
        self.stdout.write(f'  2. Add "{values["module"]}.schema" to SCHEMA_MODULES in OneSila/schema.py.')
        self.stdout.write(
            f"  3. Run `python manage.py check`; before first use, add the channel model's migration "
            f"(makemigrations {name})."
        )
