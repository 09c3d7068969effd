"""create_sales_channel_integration: the scaffold is the playbook's layout, imports, registers and passes check.

The app is generated into a temporary directory; a subprocess puts that directory on the
`sales_channels.integrations` package path (so the module keeps its real name), installs the app
through a settings module that extends the test settings, and runs `manage.py check`, a shell
snippet that builds its GraphQL schema, and the generated tests: batch pushes, the vendor job,
the product and order imports, the metadata pulls (views, languages, currencies) through the
receivers, the webhook inbox and the connect flow against the generated sandbox over HTTP on 127.0.0.1.
"""

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

EXPECTED_FILES = {
    "__init__.py",
    "apps.py",
    "client.py",
    "receivers.py",
    "tasks.py",
    "spec.py",
    "answers.py",
    "connect.py",
    "webhooks.py",
    "sandbox/__init__.py",
    "sandbox/server.py",
    "sandbox/state.py",
    "factories/imports/records.py",
    "factories/products/payloads.py",
    "factories/products/steps.py",
    "tests/conftest.py",
    "tests/tests_e2e/__init__.py",
    "tests/tests_e2e/test_push.py",
    "tests/tests_e2e/test_imports.py",
    "tests/tests_e2e/test_webhooks.py",
    "tests/tests_e2e/test_metadata.py",
    "tests/tests_factories/test_connect.py",
    "models/__init__.py",
    "models/sales_channels.py",
    "factories/__init__.py",
    "factories/mixins.py",
    "factories/sales_channels/__init__.py",
    "factories/sales_channels/metadata.py",
    "factories/products/__init__.py",
    "factories/properties/__init__.py",
    "factories/prices/__init__.py",
    "factories/imports/__init__.py",
    "flows/__init__.py",
    "schema/__init__.py",
    "schema/types.py",
    "schema/queries.py",
    "schema/mutations.py",
    "tests/__init__.py",
    "tests/tests_factories/__init__.py",
    "tests/tests_factories/test_registration.py",
    "tests/tests_flows/__init__.py",
    "tests/tests_schemas/__init__.py",
}

FIRST_PARTY = [
    "core",
    "currencies",
    "inventory",
    "media",
    "orders",
    "products",
    "properties",
    "sales_channels",
    "sales_prices",
]

SETTINGS = """
import sales_channels.integrations as integrations
from OneSila.settings.agent import *  # noqa: F403

integrations.__path__.append({target!r})
INSTALLED_APPS = [*INSTALLED_APPS, "sales_channels.integrations.{name}"]  # noqa: F405
"""

PROBE = """
import strawberry
from sales_channels.registry import get_spec
from sales_channels.integrations.{name}.schema import Mutation, Query
from sales_channels.integrations.{name}.tests.tests_factories import test_registration

spec = get_spec("{name}")
print("spec", spec.integration, spec.channel_model.__name__, spec.capabilities.kind, spec.build_client.__module__)
print("sdl", strawberry.Schema(query=Query, mutation=Mutation).as_str().count("SalesChannelType"))
test_registration.test_spec_is_registered_for_the_channel_model()
print("generated test passed")
"""


def scaffold(name: str, target: Path, *extra: str) -> str:
    out = StringIO()
    call_command("create_sales_channel_integration", name, "--target-dir", str(target), *extra, stdout=out)
    return out.getvalue()


def in_subprocess(*args: str, target: Path, name: str) -> subprocess.CompletedProcess:
    (target / "scaffold_settings.py").write_text(SETTINGS.format(target=str(target), name=name))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scaffold_settings",
        "PYTHONPATH": os.pathsep.join([str(target), str(settings.BASE_DIR)]),
    }
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)


def in_subprocess_pytest(tests: Path, *, target: Path, name: str) -> subprocess.CompletedProcess:
    """Run the generated tests under the project's pytest configuration, with the app installed."""
    (target / "scaffold_settings.py").write_text(SETTINGS.format(target=str(target), name=name))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scaffold_settings",
        "PYTHONPATH": os.pathsep.join([str(target), str(settings.BASE_DIR)]),
    }
    ini = str(Path(settings.BASE_DIR) / "pytest.ini")
    command = [sys.executable, "-m", "pytest", "-c", ini, "--rootdir", str(settings.BASE_DIR), "-q", "-p", "no:xdist"]
    return subprocess.run(
        [*command, str(tests)], env=env, capture_output=True, text=True, timeout=300, check=False, cwd=target
    )


def test_scaffold_writes_the_playbook_layout_and_says_what_to_install(tmp_path):
    output = scaffold("acme_shop", tmp_path)

    written = {str(path.relative_to(tmp_path / "acme_shop")) for path in (tmp_path / "acme_shop").rglob("*.py")}
    assert written == EXPECTED_FILES
    assert 'Add to INSTALLED_APPS in OneSila/settings/base.py: "sales_channels.integrations.acme_shop",' in output
    apps_py = (tmp_path / "acme_shop" / "apps.py").read_text()
    assert "class AcmeShopConfig(AppConfig):" in apps_py
    assert "register(" in apps_py
    assert "receivers" in apps_py
    channel_py = (tmp_path / "acme_shop" / "models" / "sales_channels.py").read_text()
    assert "class AcmeShopSalesChannel(SalesChannel):" in channel_py
    assert 'INTEGRATION = "acme_shop"' in channel_py


def test_the_scaffolded_app_passes_check_registers_its_spec_and_builds_its_schema(tmp_path):
    scaffold("acme_market", tmp_path, "--marketplace")

    check = in_subprocess("check", target=tmp_path, name="acme_market")
    assert check.returncode == 0, check.stderr
    assert "System check identified no issues" in check.stdout

    probe = in_subprocess("shell", "-c", PROBE.format(name="acme_market"), target=tmp_path, name="acme_market")
    assert probe.returncode == 0, probe.stderr
    assert "spec acme_market AcmeMarketSalesChannel marketplace" in probe.stdout
    assert "sales_channels.integrations.acme_market.factories.mixins" in probe.stdout
    assert "generated test passed" in probe.stdout


@pytest.mark.parametrize("marketplace", [False, True], ids=["storefront", "marketplace"])
def test_the_generated_tests_pass_against_the_generated_sandbox(tmp_path, marketplace):
    scaffold("acme_vendor", tmp_path, *(["--marketplace"] if marketplace else []))

    result = in_subprocess_pytest(tmp_path / "acme_vendor" / "tests", target=tmp_path, name="acme_vendor")

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "15 passed" in result.stdout


def test_the_scaffolded_code_is_ruff_clean(tmp_path):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    for name in ("ab", "a_long_integration_name"):  # the longest names must still fit the line length
        scaffold(name, tmp_path)
    config = str(Path(settings.BASE_DIR) / "pyproject.toml")
    first_party = f"lint.isort.known-first-party={FIRST_PARTY!r}"
    lint = subprocess.run(
        [ruff, "check", "--config", config, "--config", first_party, str(tmp_path)], capture_output=True, text=True
    )
    style = subprocess.run(
        [ruff, "format", "--check", "--config", config, str(tmp_path)], capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout
    assert style.returncode == 0, style.stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Acme", "is not a valid integration name"),
        ("9shop", "is not a valid integration name"),
        ("a", "is not a valid integration name"),
        ("my__shop", "is not a valid integration name"),
        ("shop_", "is not a valid integration name"),
        ("a_name_that_is_far_too_long", "is not a valid integration name"),
        ("class", "is a Python keyword"),
        ("products", "An installed app is already labelled 'products'."),
        ("shopify", "already labelled 'shopify'|The module sales_channels.integrations.shopify already exists."),
    ],
)
def test_bad_names_are_refused_and_nothing_is_written(tmp_path, name, message):
    with pytest.raises(CommandError, match=message):
        scaffold(name, tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_an_existing_directory_is_refused(tmp_path):
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "mine.py").write_text("KEEP = True\n")

    with pytest.raises(CommandError, match="already exists"):
        scaffold("acme", tmp_path)

    assert [path.name for path in (tmp_path / "acme").iterdir()] == ["mine.py"]
