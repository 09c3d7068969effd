"""Listing issues on a mirror: the schema check's before a send, the vendor's after it."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from sales_channels.exceptions import SalesChannelError
from sales_channels.factories.binders import MirrorBinder
from sales_channels.marketplaces.validation import ValidationReport, validate_listing
from sales_channels.models import ListingIssue, MirrorStatus, RemoteProduct

SCHEMA = ListingIssue.Source.SCHEMA
VENDOR = ListingIssue.Source.VENDOR


@dataclass(frozen=True)
class IssueInfo:
    """One issue as an integration reports it."""

    message: str
    severity: str = ListingIssue.Severity.ERROR
    code: str = ""
    attribute_names: list[str] = field(default_factory=list)


class ListingInvalid(SalesChannelError):
    """The listing breaks its marketplace schema (or the vendor refused it); nothing more is sent until it is fixed."""

    retryable = False

    def __init__(self, issues: list[IssueInfo]) -> None:
        self.issues = issues
        errors = [issue.message for issue in issues if issue.severity == ListingIssue.Severity.ERROR]
        super().__init__("The listing is not valid: " + "; ".join(errors or [i.message for i in issues]))


def report_issues(report: ValidationReport) -> list[IssueInfo]:
    """A validation report as issues (one per violation)."""
    return [
        IssueInfo(message=v.message, code=v.keyword, attribute_names=[v.attribute] if v.attribute else [])
        for v in report.violations
    ]


@transaction.atomic
def store_issues(*, remote_product: RemoteProduct, source: str, issues: list[IssueInfo]) -> list[ListingIssue]:
    """Replace this source's issues on the listing mirror with `issues`."""
    ListingIssue.objects.filter(remote_product=remote_product, source=source).delete()
    rows = [
        ListingIssue(
            multi_tenant_company_id=remote_product.multi_tenant_company_id,
            sales_channel_id=remote_product.sales_channel_id,
            remote_product=remote_product,
            source=source,
            severity=issue.severity if issue.severity in ListingIssue.Severity.values else ListingIssue.Severity.ERROR,
            code=issue.code[:64],
            message=issue.message,
            attribute_names=list(issue.attribute_names),
        )
        for issue in issues
    ]
    return ListingIssue.objects.bulk_create(rows)


def enforce_schema(
    *,
    binder: MirrorBinder,
    schema: dict[str, Any],
    listing: dict[str, Any],
    dry_run: bool = False,
    annotations: frozenset[str] = frozenset(),
) -> None:
    """Validate a listing before it is sent: on violations store them on its mirror and raise `ListingInvalid`.

    A listing that passes has its earlier schema issues cleared (only when its mirror failed before,
    so a healthy resync costs no query). A dry run stores nothing but still raises. `annotations`: the
    integration's own descriptive schema keywords (see `validation.validate_listing`).
    """
    report = validate_listing(schema=schema, listing=listing, annotations=annotations)
    mirror = binder.find()
    if report.valid:
        if mirror is not None and mirror.pk is not None and mirror.status == MirrorStatus.FAILED and not dry_run:
            ListingIssue.objects.filter(remote_product=mirror, source=SCHEMA).delete()
        return
    error = ListingInvalid(report_issues(report))
    if not dry_run:
        mirror = binder.record_failure(mirror, error)
        store_issues(remote_product=mirror, source=SCHEMA, issues=error.issues)
    raise error
