"""Browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser), a logged-in page,
and a screenshot of every failed test kept under var/test-artifacts/.

Skipped cleanly when /usr/bin/chromium or the playwright package is absent. Playwright's sync API runs an
event loop in this thread, so Django's async-safety check is relaxed for these tests only.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"
PASSWORD = "password"  # MultiTenantUserFactory's

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the dev requirements are not installed: the browser tests skip
    sync_playwright = None


def pytest_collection_modifyitems(config, items):
    reason = None
    if sync_playwright is None:
        reason = "playwright is not installed (pip install -r requirements-dev.txt)"
    elif not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        reason = "Chromium is not installed (apt-get install chromium)"
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def chromium():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    """A fresh browser page; a failed test leaves its screenshot in var/test-artifacts/<test>.png."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = request.node.nodeid.replace("/", "_").replace(":", "_")
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def logged_in(page, live_server, user):
    """The page, logged in to the admin as the company's user."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page
