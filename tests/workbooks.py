"""Workbooks of several sheets for the import tests, built with openpyxl."""

from __future__ import annotations

import io
from pathlib import Path

from tests.conftest import SURVEYS

PARTNER_DIRECTORY = SURVEYS.parent / "partners" / "annuaire.csv"


def workbook_bytes(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    """A workbook whose sheets, in this order, hold these rows (``hidden`` ones hidden)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append(row)
        if name in hidden:
            worksheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(path: Path, encoding: str, separator: str) -> list[list[str]]:
    return [line.split(separator) for line in path.read_text(encoding).splitlines()]


NOTES = [["Enquête envoyée aux membres de la CCAPEX en mars."],
         ["Relancer la CAF et la DDETS avant la fin du mois."]]
"""An officer's « Notes » tab: sentences in column A, no table."""


def survey_workbook(path: Path) -> Path:
    """« Notes », then « 2023 » (the first 3 respondents of generic.tsv), then « 2024 »
    (all 5): the default reads « 2024 », the latest year."""
    header, *answers = _rows(SURVEYS / "generic.tsv", "utf-8", "\t")
    path.write_bytes(workbook_bytes({"Notes": NOTES, "2023": [header, *answers[:3]],
                                     "2024": [header, *answers]}))
    return path


def directory_workbook(path: Path) -> Path:
    """« Lisez-moi », then « Annuaire » (annuaire.csv: 4 partners, 6 contacts), then
    « Anciens » (one partner, one contact): the default reads « Annuaire »."""
    directory = _rows(PARTNER_DIRECTORY, "cp1252", ";")
    former = [directory[2], ["Habitat 35", "OPH", "Rennes", "Lucie Bernard", "Conseillère",
                             "l.bernard@habitat35.fr", "02 99 00 11 30", "Non"]]
    path.write_bytes(workbook_bytes({"Lisez-moi": NOTES, "Annuaire": directory,
                                     "Anciens": former}))
    return path
