"""The step: one deterministic action on one remote object, and the context a run shares.

A step never decides *whether* to run (flows do) and never retries (tasks do). Its `run()` reads
like its recipe: lookup -> map (a pure payload builder) -> call (the integration's client) ->
bind (remote id and payload hash on the mirror) -> log, and returns a typed `StepOutcome`.
Several tasks of one channel, view and usage share a `StepContext`, so a step class can load the
local data of the whole batch in a few queries (`prefetch`) instead of a few per object.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

from sales_channels.factories.binders import MirrorWriter
from sales_channels.factories.outcomes import StepOutcome

if TYPE_CHECKING:
    from sales_channels.models import SalesChannel, SalesChannelView, SyncTask
    from sales_channels.registry import IntegrationSpec


T = TypeVar("T")


@dataclass(frozen=True)
class CacheKey(Generic[T]):
    """A typed key of the run's cache: `context.cached(KEY, load)` returns a T (the type checker knows it).

        CURRENCY = CacheKey[str]("shopify.import_currency")
        code = context.cached(CURRENCY, load_currency)     # str

    `parts` scopes one key per object (e.g. a view id): `CacheKey[Locale]("locale", (view_id,))`.
    """

    name: str
    parts: tuple = ()

    def scoped(self, *parts: Any) -> "CacheKey[T]":
        """The same key for one object (`LOCALE.scoped(view_id)`)."""
        return CacheKey(self.name, parts)


@dataclass
class StepContext:
    """What the steps of one run share: channel (vendor subclass), spec, client and session, view, dry run, caches."""

    channel: "SalesChannel"
    spec: "IntegrationSpec"
    client: Any
    view: "SalesChannelView | None" = None
    dry_run: bool = False
    sync_task: "SyncTask | None" = None
    session: Any = None
    cache: dict[Any, Any] = field(default_factory=dict)
    writer: MirrorWriter = field(default_factory=MirrorWriter)

    @property
    def company_id(self) -> int:
        return self.channel.multi_tenant_company_id

    def flush(self) -> None:
        """Write the buffered new mirrors (steps call it when their object is done)."""
        self.writer.flush(cache=self.cache)

    @overload
    def cached(self, key: CacheKey[T], load: Callable[[], T]) -> T: ...

    @overload
    def cached(self, key: Any, load: Callable[[], Any]) -> Any: ...

    def cached(self, key, load):
        """The cached value under `key` (a typed CacheKey, or any hashable for older callers), loaded once."""
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]

    def get(self, key: CacheKey[T]) -> T | None:
        """The value cached under a typed key, or None."""
        return self.cache.get(key)

    def put(self, key: CacheKey[T], value: T) -> T:
        """Cache a value under a typed key (replacing what was there); returns it."""
        self.cache[key] = value
        return value


class SyncStep:
    """Base of every step: `run()` performs one action for one local object and returns a StepOutcome."""

    usage: ClassVar[str] = ""

    def __init__(self, *, context: StepContext, object_id: int | None = None, payload: dict | None = None) -> None:
        self.context = context
        self.object_id = object_id
        self.task_payload = payload or {}

    @classmethod
    def prefetch(cls, *, context: StepContext, object_ids: list[int]) -> None:
        """Load what the steps for these objects will read, in a constant number of queries (optional)."""

    @property
    def channel(self) -> "SalesChannel":
        return self.context.channel

    @property
    def client(self) -> Any:
        return self.context.client

    @property
    def view(self) -> "SalesChannelView | None":
        return self.context.view

    @property
    def dry_run(self) -> bool:
        return self.context.dry_run

    def run(self) -> StepOutcome:
        raise NotImplementedError(f"{type(self).__name__} must implement run().")
