"""Amazon's published API models (`../shared/vendor-specs/amazon/`) as validators of requests and answers.

Tests skip cleanly when the directory is absent; `ONESILA_SHARED_DIR` points elsewhere.
"""

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft4Validator, Draft7Validator

SHARED_DIR = Path(os.environ.get("ONESILA_SHARED_DIR") or Path(settings.BASE_DIR).parent / "shared")
SPEC_DIR = SHARED_DIR / "vendor-specs" / "amazon"
SPEC_FILES = (
    "listingsItems_2021-08-01.json",
    "feeds_2021-06-30.json",
    "sellers.json",
    "definitionsProductTypes_2020-09-01.json",
    "orders_2026-01-01.json",
    "reports_2021-06-30.json",
    "listingsRestrictions_2021-08-01.json",
    "notifications.json",
)


def available() -> bool:
    return all((SPEC_DIR / name).is_file() for name in SPEC_FILES)


@cache
def operations() -> dict[str, dict[str, Any]]:
    """operationId -> {"definitions", "request" (body definition or None), "responses" {status: definition}}."""
    found: dict[str, dict[str, Any]] = {}
    for name in SPEC_FILES:
        spec = json.loads((SPEC_DIR / name).read_text())
        for operations_of_path in spec["paths"].values():
            for operation in operations_of_path.values():
                if not isinstance(operation, dict) or "operationId" not in operation:
                    continue
                body = [p for p in operation.get("parameters", []) if p.get("in") == "body"]
                found[operation["operationId"]] = {
                    "definitions": spec["definitions"],
                    "request": body[0]["schema"]["$ref"] if body else None,
                    "responses": {
                        int(code): answer["schema"]["$ref"]
                        for code, answer in operation["responses"].items()
                        if code.isdigit() and "schema" in answer
                    },
                }
    return found


def _validator(definitions: dict, ref: str) -> Draft4Validator:
    return Draft4Validator({"$ref": ref, "definitions": definitions})


def request_errors(operation: str, body: Any) -> list[str]:
    """Why a request body breaks the operation's published request schema (empty: it validates)."""
    spec = operations()[operation]
    if spec["request"] is None:
        return [] if body in (None, b"", {}) else [f"{operation} takes no body"]
    return [error.message for error in _validator(spec["definitions"], spec["request"]).iter_errors(body)]


def answer_errors(operation: str, status: int, answer: Any) -> list[str]:
    """Why an answer breaks the published response schema of that status (a status the model lacks is an error)."""
    spec = operations()[operation]
    ref = spec["responses"].get(status)
    if ref is None:
        return [f"{operation} documents no HTTP {status}"]
    return [error.message for error in _validator(spec["definitions"], ref).iter_errors(answer)]


def feed_document_errors(document: Any) -> list[str]:
    schema = json.loads((SPEC_DIR / "feeds-schemas" / "listings-feed-schema-v2.json").read_text())
    return [error.message for error in Draft7Validator(schema).iter_errors(document)]


def feed_report_errors(report: Any) -> list[str]:
    schema = json.loads((SPEC_DIR / "feeds-schemas" / "listings-feed-processing-report-schema-v2.json").read_text())
    return [error.message for error in Draft7Validator(schema).iter_errors(report)]


def notification_errors(notification: Any, *, schema_file: str) -> list[str]:
    """Why a notification body breaks its published schema (`notification-schemas/<schema_file>`)."""
    schema = json.loads((SPEC_DIR / "notification-schemas" / schema_file).read_text())
    return [error.message for error in Draft7Validator(schema).iter_errors(notification)]
