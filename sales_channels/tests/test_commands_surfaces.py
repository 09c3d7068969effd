"""Commands that tell the truth: status --check exits non-zero naming the failure, import --now fails loudly,
run_sandbox on a busy port says so in one line."""

import dataclasses
import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sales_channels.factories.base import SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome
from sales_channels.models import ImportProcess
from sales_channels.registry import get_spec, register
from sales_channels.tests.factories import SalesChannelFactory
from sales_channels.tests.fake.remote import MALFORMED, SERVER_ERROR
from sales_channels.tests.fake.spec import STOREFRONT


class FakeConnectionTest(SyncStep):
    """One cheap authenticated call (the fake vendor's view list)."""

    def run(self) -> StepOutcome:
        self.client.list_views()
        return StepOutcome(kind=UNCHANGED)


@pytest.fixture
def connection_step(fake_backend):
    spec = get_spec(STOREFRONT)
    register(dataclasses.replace(spec, steps={**spec.steps, "connection.test": FakeConnectionTest}))


def run(name: str, *args, **options) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_status_check_passes_when_every_channel_answers(storefront, connection_step):
    output = run("sales_channel_status", check=True)

    assert "Web shop: connected" in output


def test_status_check_names_the_failed_channel_and_the_cause(company, storefront, remote, connection_step):
    SalesChannelFactory(multi_tenant_company=company, name="Second", integration=STOREFRONT)
    remote.inject(SERVER_ERROR)
    out = StringIO()

    with pytest.raises(CommandError, match=r"1 channel\(s\) failed the connection check: Web shop\.") as raised:
        call_command("sales_channel_status", check=True, stdout=out)

    assert raised.value.returncode == 1
    text = out.getvalue()
    assert "Second: connected" in text
    assert "Web shop: failed. Fake storefront had a temporary problem (HTTP 500 from the fake vendor)" in text


def test_status_check_counts_a_channel_that_cannot_be_checked(storefront):
    with pytest.raises(CommandError, match="failed the connection check: Web shop"):
        run("sales_channel_status", check=True)


def test_import_now_exits_non_zero_when_the_import_fails(storefront, remote):
    remote.inject(MALFORMED, operation="list_products", times=10)

    with pytest.raises(CommandError, match=r"did not succeed \(failed\)") as raised:
        run("sales_channel_import", channel=storefront.pk, now=True)

    assert raised.value.returncode == 1
    assert ImportProcess.objects.get().status == "failed"


def test_run_sandbox_on_a_busy_port_says_so_in_one_line():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]

        with pytest.raises(CommandError) as raised:
            run("run_sandbox", "shopify", port=port)

    message = str(raised.value)
    assert message == (
        f"Port {port} is busy: another process listens there (a sandbox or `make run`?); choose another with --port."
    )
