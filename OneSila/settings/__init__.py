"""Settings package: `base` (shared), `local` (default), `agent` (tests), `production`."""
