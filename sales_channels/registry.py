"""The integration registry: each vendor app registers one typed spec; base code looks it up by channel.

An integration's `AppConfig.ready()` calls `register(IntegrationSpec(...))` once. The framework
never names a vendor: it finds the spec from `channel.integration` (set by the vendor's channel
subclass) and from it the channel model, the client, the step class for a usage (`product.sync`,
`price.update`, ...), the import processor for an import kind, and the capabilities that shape
flows (a marketplace queues one task per view, a storefront one per channel).
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sales_channels.models import SalesChannel

STOREFRONT = "storefront"
MARKETPLACE = "marketplace"


@dataclass(frozen=True)
class Capabilities:
    """What a vendor can do: its kind, whether it has bulk endpoints and how big a batch may be."""

    kind: Literal["storefront", "marketplace"] = STOREFRONT
    supports_bulk: bool = False
    max_batch_size: int = 50

    def __post_init__(self) -> None:
        if self.kind not in (STOREFRONT, MARKETPLACE):
            raise ValueError(f"Capabilities.kind must be 'storefront' or 'marketplace', not {self.kind!r}.")
        if self.max_batch_size < 1:
            raise ValueError("Capabilities.max_batch_size must be at least 1.")


@dataclass(frozen=True)
class SandboxSpec:
    """How the soak command drives an integration's sandbox (`benchmarks/soak.py`).

    `start(*, test_mode)` returns a started sandbox with `base_url` and `stop()`, serving the
    framework's control routes (`sales_channels.sandbox_control`) in test mode, whose state lists
    `listings` as `{"id", "skus"}`; `connect(*, company, sandbox)` connects a channel of `company`
    to it through the integration's real auth flow and returns `(channel, view)` to push to."""

    start: Callable[..., Any]
    connect: Callable[..., Any]


@dataclass(frozen=True)
class IntegrationSpec:
    """Everything the framework needs to drive one vendor, registered once by its app."""

    integration: str
    channel_model: type["SalesChannel"]
    build_client: Callable[..., Any]  # (*, channel, session) -> client
    steps: Mapping[str, type] = field(default_factory=dict)  # usage -> SyncStep subclass
    import_processors: Mapping[str, type] = field(default_factory=dict)  # kind -> ImportProcessor subclass
    capabilities: Capabilities = field(default_factory=Capabilities)
    refresh_credentials: Callable[..., None] | None = None  # (*, channel) -> None
    non_retryable: tuple[type[BaseException], ...] = ()
    # (*, company, stdout) -> one summary line: connects to the integration's sandbox and runs the demo.
    demo: Callable[..., str] | None = None
    sandbox: SandboxSpec | None = None  # what the soak command needs to drive the vendor's sandbox

    def __post_init__(self) -> None:
        if not self.integration:
            raise ValueError("IntegrationSpec.integration must be a non-empty name.")
        object.__setattr__(self, "steps", MappingProxyType(dict(self.steps)))
        object.__setattr__(self, "import_processors", MappingProxyType(dict(self.import_processors)))

    @property
    def is_marketplace(self) -> bool:
        """Marketplaces list per view (one task and mirror per marketplace); storefronts per channel."""
        return self.capabilities.kind == MARKETPLACE

    def step_for(self, usage: str) -> type:
        """The step class registered for `usage`; KeyError names the integration and the usage."""
        try:
            return self.steps[usage]
        except KeyError:
            raise KeyError(f"Integration '{self.integration}' registers no step for usage '{usage}'.") from None

    def processor_for(self, kind: str) -> type:
        """The import processor registered for `kind`."""
        try:
            return self.import_processors[kind]
        except KeyError:
            raise KeyError(f"Integration '{self.integration}' registers no import processor for '{kind}'.") from None


class UnknownIntegration(LookupError):
    """No spec is registered under that integration name (its app is not installed)."""


_SPECS: dict[str, IntegrationSpec] = {}


def register(spec: IntegrationSpec) -> IntegrationSpec:
    """Register an integration's spec; registering the same name again replaces it (app reloads, tests)."""
    _SPECS[spec.integration] = spec
    return spec


def unregister(integration: str) -> None:
    """Forget a spec (tests that register a fake integration use this to clean up)."""
    _SPECS.pop(integration, None)


def find_spec(integration: str) -> IntegrationSpec | None:
    """The spec registered under `integration`, or None."""
    return _SPECS.get(integration) if integration else None


def get_spec(integration: str) -> IntegrationSpec:
    """The spec registered under `integration`; raises UnknownIntegration."""
    spec = find_spec(integration)
    if spec is None:
        raise UnknownIntegration(f"No integration registered as '{integration}'.")
    return spec


def spec_for_channel(channel: "SalesChannel") -> IntegrationSpec:
    """The spec of a channel, from the integration name its vendor subclass stored on it."""
    return get_spec(channel.integration)


def registered() -> Iterator[IntegrationSpec]:
    """Every registered spec."""
    return iter(tuple(_SPECS.values()))
