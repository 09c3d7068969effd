"""The framework's import writers: neutral vendor values -> the local catalog and orders, in bulk."""
