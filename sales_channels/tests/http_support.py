"""Test doubles for the vendor HTTP session and throttle: a controllable clock and sleep."""

import time

from sales_channels.models import SalesChannel
from sales_channels.throttle import default_store

# Never a real credential: a recognisable value the redaction tests search every stored column for.
SECRET = "shpat_fake0123456789abcdef0123456789"
BASE = "https://shop.example.test"


class FakeClock:
    """Epoch clock that only moves when the code under test sleeps (or the test advances it)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_sales_channel(company) -> SalesChannel:
    """A plain channel row for call-log foreign keys."""
    return SalesChannel.objects.create(multi_tenant_company=company, name="Test shop", base_url=BASE)


def refill_throttle(*, key: str) -> None:
    """Fill a shared bucket to capacity in whichever store is configured (database or Redis): time passed."""
    store = default_store()
    state = store.state(key)
    if state is not None:
        store.adjust(
            key,
            points=state.capacity * 10,
            now=time.time(),
            capacity=state.capacity,
            refill_per_second=state.refill_per_second,
        )
