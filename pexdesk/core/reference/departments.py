"""The 101 French départements (INSEE codes as text: 01…19, 2A, 2B, 21…95, 971–976)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DEPARTMENTS_FILE = Path(__file__).with_name("departements.csv")
"""Beside this module, in a source tree and in the frozen build alike (importlib.resources
would cost 9 ms of start-up to import for this one file)."""


@cache
def departments() -> dict[str, str]:
    """INSEE code → name, in INSEE order."""
    text = DEPARTMENTS_FILE.read_text("utf-8")
    return {row["code"]: row["nom"] for row in csv.DictReader(text.splitlines())}


def department_label(code: str) -> str:
    name = departments().get(code)
    return f"{name} ({code})" if name else code


def department_in_text(code: str) -> str:
    """« département 32 (Gers) », for running text (« les réponses du département 32
    (Gers) »): a name's own article (« du Gers », « de la Gironde », « des Landes ») is
    not stored, and « du département Gers » is not French."""
    name = departments().get(code)
    return f"département {code} ({name})" if name else f"département {code}"
