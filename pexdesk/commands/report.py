"""Placeholder: filled in with its subcommands."""

from __future__ import annotations


def register(commands) -> None:
    """Adds no subcommand yet."""
