#!/usr/bin/env python
"""Django's command-line utility for OneSila."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    """Run administrative tasks (defaults to the embedded `local` settings)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "OneSila.settings.local")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
