"""The integration registry: each vendor app registers one typed spec; base code looks it up by channel.

An integration's `AppConfig.ready()` calls `register(IntegrationSpec(...))` once. The framework
never names a vendor: it finds the spec from `channel.integration` (set by the vendor's channel
subclass) and from it the channel model, the client, the step class for a usage (`product.sync`,
`price.update`, ...), the import processor for an import kind, and the capabilities that shape
flows (a marketplace queues one task per view, a storefront one per channel).

Vendors with bulk endpoints also register `batch_steps` (usage -> BatchStep subclass: the runner
hands it up to `capabilities.max_batch_size` tasks at once) and `job_handlers` (job kind ->
RemoteJobHandler subclass: polls an asynchronous vendor job and reads its report).
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, Protocol

from sales_channels.surfaces import ConnectSpec, SandboxSpec

if TYPE_CHECKING:
    from core.models import MultiTenantCompany
    from sales_channels.factories.base import SyncStep
    from sales_channels.factories.batch import BatchStep
    from sales_channels.http import VendorSession
    from sales_channels.models import SalesChannel
    from sales_channels.webhooks.spec import WebhookSpec


class ClientBuilder(Protocol):
    """Builds the vendor client of one channel on the channel's shared VendorSession."""

    def __call__(self, *, channel: "SalesChannel", session: "VendorSession") -> Any: ...


class CredentialRefresher(Protocol):
    """Refreshes a channel's credentials once after an AuthExpired (raises when it cannot)."""

    def __call__(self, *, channel: "SalesChannel") -> None: ...


class TextSink(Protocol):
    """Where a command writes its lines (a management command's `self.stdout`, a file, `sys.stdout`)."""

    def write(self, text: str, /) -> object: ...


class DemoRunner(Protocol):
    """Connects a company's channel to the integration's sandbox, runs the demo, returns one summary line."""

    def __call__(self, *, company: "MultiTenantCompany", stdout: TextSink) -> str: ...


VendorKind = Literal["storefront", "marketplace"]
STOREFRONT: VendorKind = "storefront"
MARKETPLACE: VendorKind = "marketplace"


@dataclass(frozen=True)
class Capabilities:
    """What a vendor can do: its kind, whether it has bulk endpoints and how big a batch may be."""

    kind: VendorKind = STOREFRONT
    supports_bulk: bool = False
    max_batch_size: int = 50

    def __post_init__(self) -> None:
        if self.kind not in (STOREFRONT, MARKETPLACE):
            raise ValueError(f"Capabilities.kind must be 'storefront' or 'marketplace', not {self.kind!r}.")
        if self.max_batch_size < 1:
            raise ValueError("Capabilities.max_batch_size must be at least 1.")


@dataclass(frozen=True)
class IntegrationSpec:
    """Everything the framework needs to drive one vendor, registered once by its app."""

    integration: str
    channel_model: type["SalesChannel"]
    build_client: ClientBuilder
    # The vendor's name as a person reads it in messages ("WooCommerce", "eBay"); empty: from `integration`.
    label: str = ""
    steps: Mapping[str, type["SyncStep"]] = field(default_factory=dict)  # usage -> SyncStep subclass
    import_processors: Mapping[str, type] = field(default_factory=dict)  # kind -> ImportProcessor subclass
    capabilities: Capabilities = field(default_factory=Capabilities)
    refresh_credentials: CredentialRefresher | None = None
    non_retryable: tuple[type[BaseException], ...] = ()
    demo: DemoRunner | None = None
    batch_steps: Mapping[str, type["BatchStep"]] = field(default_factory=dict)  # usage -> BatchStep subclass
    job_handlers: Mapping[str, type] = field(default_factory=dict)  # job kind -> RemoteJobHandler subclass
    # Incoming webhooks: the vendor's verifier, retry window and topic handlers (the inbox does the rest).
    webhooks: "WebhookSpec | None" = None
    # How the admin connects a channel (its form fields and its OAuth or credentials flow).
    connect: ConnectSpec | None = None
    # The vendor emulator `run_stack` serves on a fixed port, and how a demo channel is reconnected to it.
    sandbox: SandboxSpec | None = None

    def __post_init__(self) -> None:
        if not self.integration:
            raise ValueError("IntegrationSpec.integration must be a non-empty name.")
        object.__setattr__(self, "steps", MappingProxyType(dict(self.steps)))
        object.__setattr__(self, "import_processors", MappingProxyType(dict(self.import_processors)))
        object.__setattr__(self, "batch_steps", MappingProxyType(dict(self.batch_steps)))
        object.__setattr__(self, "job_handlers", MappingProxyType(dict(self.job_handlers)))

    @property
    def is_marketplace(self) -> bool:
        """Marketplaces list per view (one task and mirror per marketplace); storefronts per channel."""
        return self.capabilities.kind == MARKETPLACE

    def step_for(self, usage: str) -> type["SyncStep"]:
        """The step class registered for `usage`; KeyError names the integration and the usage."""
        try:
            return self.steps[usage]
        except KeyError:
            raise KeyError(f"Integration '{self.integration}' registers no step for usage '{usage}'.") from None

    def batch_step_for(self, usage: str) -> type["BatchStep"] | None:
        """The batch step registered for `usage`, or None (the runner then runs one step per task)."""
        return self.batch_steps.get(usage)

    def job_handler_for(self, kind: str) -> type:
        """The remote job handler registered for job `kind`."""
        try:
            return self.job_handlers[kind]
        except KeyError:
            raise KeyError(f"Integration '{self.integration}' registers no job handler for '{kind}'.") from None

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
