"""Network analysis commands: co-attendance reports."""

from cthr.cli import main  # noqa: F401
