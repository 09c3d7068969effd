"""`manage.py test` runs the suite through pytest, so both entry points run the same tests."""

import sys
from pathlib import Path

import pytest


def _as_path(label: str) -> str:
    """'core.tests.test_x' -> 'core/tests/test_x.py'; paths and node ids pass through."""
    if "/" in label or label.endswith(".py") or "::" in label:
        return label
    candidate = label.replace(".", "/")
    return f"{candidate}.py" if Path(f"{candidate}.py").exists() else candidate


class PytestTestRunner:
    """Django TEST_RUNNER that hands the labels (paths or dotted modules) to pytest."""

    def __init__(self, verbosity: int = 1, failfast: bool = False, keepdb: bool = False, **kwargs):
        self.verbosity = verbosity
        self.failfast = failfast
        self.keepdb = keepdb

    @classmethod
    def add_arguments(cls, parser) -> None:
        parser.add_argument("--keepdb", action="store_true", help="Preserve the test database between runs.")

    def run_tests(self, test_labels: list[str], **kwargs) -> int:
        args = [_as_path(label) for label in test_labels]
        if self.verbosity == 0:
            args.append("-q")
        elif self.verbosity > 1:
            args.append("-v")
        if self.failfast:
            args.append("-x")
        if self.keepdb:
            args.append("--reuse-db")
        return pytest.main(args)


def main() -> None:  # pragma: no cover - convenience for `python -m core.test_runner`
    sys.exit(PytestTestRunner().run_tests(sys.argv[1:]))
