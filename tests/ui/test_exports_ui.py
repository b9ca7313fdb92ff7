"""« Exporter… » from the lists, the partner's mailing list and vCards."""

from __future__ import annotations

import csv

import openpyxl
import vobject
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from pexdesk.core.domain.models import Contact, Partner
from pexdesk.core.repositories import partners
from pexdesk.core.safety import journal
from tests.ui.helpers import open_section


def save_as(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(path), ""))


def add_caf(window):
    contacts = [Contact(full_name="Claire Dupont", email="claire.dupont@caf.example.fr"),
                Contact(full_name="Marc Lefèvre", email="marc.lefevre@caf.example.fr")]
    return partners.save(window.session.con, Partner(name="CAF du Gers", category_code="CAF"),
                         contacts)


def test_partners_list_exports_to_xlsx_and_is_journaled(window, qtbot, tmp_path, monkeypatch):
    add_caf(window)
    screen = open_section(window, qtbot, "partners")
    out = tmp_path / "partenaires.xlsx"
    save_as(monkeypatch, out)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.count_label.text().startswith("Export écrit"), timeout=10_000)
    sheet = openpyxl.load_workbook(out).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["CAF du Gers"]
    assert any(e.action == "EXPORT" for e in journal.entries(window.session.con))


def test_csv_chosen_by_extension(window, qtbot, tmp_path, monkeypatch):
    add_caf(window)
    screen = open_section(window, qtbot, "partners")
    out = tmp_path / "partenaires.csv"
    save_as(monkeypatch, out)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=10_000)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1][0] == "CAF du Gers"


def test_mailing_list_copied_and_vcards_exported(window, qtbot, tmp_path, monkeypatch):
    add_caf(window)
    screen = open_section(window, qtbot, "partners")
    qtbot.mouseClick(screen.copy_emails_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == (
        "claire.dupont@caf.example.fr; marc.lefevre@caf.example.fr")
    out = tmp_path / "contacts.vcf"
    save_as(monkeypatch, out)
    qtbot.mouseClick(screen.vcard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=10_000)
    cards = list(vobject.readComponents(out.read_text("utf-8")))
    assert sorted(card.fn.value for card in cards) == ["Claire Dupont", "Marc Lefèvre"]


def test_every_list_offers_its_export(window, qtbot):
    for key in ("partners", "meetings", "roadmap"):
        assert open_section(window, qtbot, key).export_button.isVisibleTo(window), key
