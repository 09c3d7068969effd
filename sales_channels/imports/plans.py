"""What the catalog writer (`imports/catalog.py`) plans per imported value and returns for it."""

from dataclasses import dataclass, field

from products.models import Product
from sales_channels.imports.checks import RecordProblem
from sales_channels.imports.values import ImportedProduct, ImportedVariation
from sales_channels.models import RemoteProduct


@dataclass
class WrittenProduct:
    """What the writer did with one value: its outcome kind, local product, mirror and the warnings."""

    value: ImportedProduct
    kind: str
    product: Product | None = None
    mirror: RemoteProduct | None = None
    variations: list[tuple[ImportedVariation, Product]] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)
    detail: str = ""


@dataclass
class WritePlan:
    """One imported value on its way through the writer: its local product once found or created."""

    value: ImportedProduct
    problems: list[RecordProblem]
    product: Product | None = None
    created: bool = False
    variations: list[tuple[ImportedVariation, Product | None]] = field(default_factory=list)

    def ready(self) -> "ReadyPlan":
        """This plan once `_create` ran: its product and its variations' products exist."""
        if self.product is None:
            raise ValueError(f"Imported SKU '{self.value.sku}' has no local product after the create phase.")
        variations = [(variation, local) for variation, local in self.variations if local is not None]
        return ReadyPlan(
            value=self.value, problems=self.problems, product=self.product, created=self.created, variations=variations
        )


@dataclass
class ReadyPlan:
    """A plan after the create phase: its product and its variations' products exist."""

    value: ImportedProduct
    problems: list[RecordProblem]
    product: Product
    created: bool
    variations: list[tuple[ImportedVariation, Product]]
