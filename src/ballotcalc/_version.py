"""The one place the version is kept (read by pyproject.toml and by the CLI)."""

__version__ = "0.1.0"
