"""The 101 French départements (INSEE codes as text: 01…19, 2A, 2B, 21…95, 971–976)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def departments() -> dict[str, str]:
    """INSEE code → name, in INSEE order."""
    text = resources.files("pexdesk.core.reference").joinpath("departements.csv").read_text("utf-8")
    return {row["code"]: row["nom"] for row in csv.DictReader(text.splitlines())}


def department_label(code: str) -> str:
    name = departments().get(code)
    return f"{name} ({code})" if name else code
