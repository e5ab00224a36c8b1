"""The package version, read by the build backend (hatch) and by ``reader --version``."""

__version__ = "0.1.0"
