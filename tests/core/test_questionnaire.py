"""The paper questionnaire of a campaign: what it asks, in the entry form's order; its
boxes are drawn squares; user text prints literally; a long questionnaire runs over pages
without cutting a question from its boxes; the file is written whole or not at all."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reporting_helpers import embedded_font_names, normalise, page_texts, pdf_text, squares

from pexdesk.core.db.base import Base
from pexdesk.core.domain.models import Campaign
from pexdesk.core.domain.profile import Profile
from pexdesk.core.errors import NotFoundError
from pexdesk.core.formatting import format_date
from pexdesk.core.reference.questionnaire import ANIL_ITEMS, OVERALL
from pexdesk.core.repositories import feedback
from pexdesk.core.services.charts_geometry import LEVEL_NAMES
from pexdesk.core.services.reporting import document
from pexdesk.core.services.reporting.catalog import ReportError
from pexdesk.core.services.reporting.form_fields import BOX
from pexdesk.core.services.reporting.questionnaire import (build_questionnaire,
                                                           gather_questionnaire)

TODAY = date.today()
HOSTILE = "Squat <img src=x.png> & </para> <b>gras « fin »"
LEGEND = ("1 = Très insatisfait · 2 = Insatisfait · 3 = Ni satisfait ni insatisfait · "
          "4 = Satisfait · 5 = Très satisfait")
LONG_ITEMS = [f"Mission {n} : accompagnement des ménages en difficulté avant l'assignation, "
              f"coordination avec les travailleurs sociaux et la commission de surendettement, "
              f"bilan numéro {n}" for n in range(1, 31)]


def make_base(path: Path, adil: str = "ADIL du Gers") -> Base:
    return Base.create(path, Profile(department_code="32", adil_name=adil,
                                     officer_name="Camille Martin"))


def add_campaign(base: Base, name: str, items, start: date | None = None,
                 end: date | None = None) -> Campaign:
    return feedback.create_campaign(base.con, Campaign(name=name, period_start=start,
                                                       period_end=end), list(items))


def categories(path: Path) -> list[str]:
    with Base.open(path, read_only=True) as base:
        return [label for label, in base.con.execute(
            "SELECT label FROM partner_category ORDER BY sort_order")]


@pytest.fixture(scope="module")
def anil(tmp_path_factory) -> tuple[Path, Path]:
    """A base with two campaigns, the later one on the ANIL questionnaire, and its PDF."""
    folder = tmp_path_factory.mktemp("questionnaire")
    path = folder / "gers.db"
    with make_base(path) as base:
        add_campaign(base, "Enquête 2024", ["Ancienne question"], date(2024, 3, 1),
                     date(2024, 4, 1))
        add_campaign(base, "Enquête 2025", [(i.code, i.label) for i in ANIL_ITEMS],
                     TODAY - timedelta(days=10), TODAY + timedelta(days=30))
    return path, build_questionnaire(path, folder / "questionnaire.pdf")


def test_it_asks_in_the_entry_form_s_order(anil):
    _, out = anil
    text = pdf_text(out)
    asked = ["Date de réponse", "Catégorie de votre structure", "Département :",
             OVERALL.label, *(f"{n}. {item.label}" for n, item in enumerate(ANIL_ITEMS, 1)),
             "Votre commentaire"]
    place = text.find("Votre structure")
    for question in asked:  # each after the one before
        place = text.find(normalise(question), place)
        assert place >= 0, question
    assert "Ancienne question" not in text  # the latest campaign, by default


def test_the_header_introduction_and_return_address(anil):
    _, out = anil
    text = pdf_text(out)
    collection = normalise(f"Collecte du {format_date(TODAY - timedelta(days=10))} au "
                           f"{format_date(TODAY + timedelta(days=30))}")
    assert "ADIL du Gers" in text and "Département : Gers (32)" in text
    assert "Enquête 2025" in text and collection in text
    assert ("Vos réponses restent anonymes ; n'inscrivez aucun nom de ménage ni de personne."
            in text)
    assert normalise("À retourner à l'ADIL du Gers, à l'attention de Camille Martin, "
                     "chargé(e) de mission PEX") in text
    assert normalise(f"si possible avant le {format_date(TODAY + timedelta(days=30))}") in text
    assert "N'inscrivez aucun nom de ménage ni de personne, ni rien qui permette" in text


def test_every_category_of_the_base_and_the_scale_legend(anil):
    path, out = anil
    text = pdf_text(out)
    assert all(normalise(label) in text for label in categories(path))
    assert LEGEND in text and "Non concerné" in text
    assert all(name in LEGEND for name in LEVEL_NAMES)


def test_boxes_are_drawn_squares_one_row_each(anil):
    """28 categories and 2 départements on the structure's page; 5 boxes for the overall
    score (no « non concerné »: the base stores none for it), 6 for each item."""
    path, out = anil
    boxes = sum(squares(out, page, BOX) for page in range(len(PdfReader(out).pages)))
    assert boxes == len(categories(path)) + 2 + 5 + 6 * len(ANIL_ITEMS)


def test_fonts_embedded_pages_numbered_and_metadata(anil):
    _, out = anil
    embedded_font_names(out)
    pages = page_texts(out)
    assert all(f"Page {n} / {len(pages)}" in p for n, p in enumerate(pages, start=1))
    assert all("Enquête 2025" in p for p in pages)  # the footer
    metadata = PdfReader(out).metadata
    assert metadata.title == "Questionnaire aux partenaires – Enquête 2025"
    assert metadata.author == "ADIL du Gers"
    assert "campagne « Enquête 2025 »" in metadata.subject


def test_a_campaign_is_chosen_by_name(anil, tmp_path):
    path, _ = anil
    out = build_questionnaire(path, tmp_path / "ancien.pdf", " enquête 2024 ")
    text = pdf_text(out)
    assert "1. Ancienne question" in text and ANIL_ITEMS[0].label not in text
    assert "si possible avant le" not in text  # its collection is over


def test_user_text_prints_literally(tmp_path):
    path = tmp_path / "hostile.db"
    with make_base(path, adil=f"ADIL {HOSTILE}") as base:
        add_campaign(base, f"Campagne {HOSTILE}", [HOSTILE, "Deuxième & <i>dernière</i>"])
    out = build_questionnaire(path, tmp_path / "q.pdf")
    text = pdf_text(out)
    assert f"Campagne {normalise(HOSTILE)}" in text
    assert f"1. {normalise(HOSTILE)}" in text
    assert "2. Deuxième & <i>dernière</i>" in text
    assert f"ADIL {normalise(HOSTILE)}" in text
    assert PdfReader(out).metadata.title.endswith(f"Campagne {HOSTILE}")


def test_thirty_long_items_run_over_pages_and_no_row_is_cut(tmp_path):
    """Each question is on one page with its six boxes; the legend and the column titles
    head every page the grid runs onto."""
    path = tmp_path / "long.db"
    with make_base(path) as base:
        add_campaign(base, "Grande enquête", LONG_ITEMS)
    out = build_questionnaire(path, tmp_path / "long.pdf")
    pages = [normalise(text) for text in page_texts(out)]
    assert len(pages) >= 4
    placed = [[index for index, text in enumerate(pages) if f"{n}. {normalise(label)}" in text]
              for n, label in enumerate(LONG_ITEMS, start=1)]
    assert all(len(where) == 1 for where in placed), placed  # whole, on one page
    on_page = [sum(1 for where in placed if where == [index]) for index in range(len(pages))]
    grid_pages = [index for index, count in enumerate(on_page) if count]
    assert len(grid_pages) >= 2
    for index in grid_pages:
        overall = 5 if OVERALL.label in pages[index] else 0
        structure = 30 if "Catégorie de votre structure" in pages[index] else 0
        assert squares(out, index, BOX) == 6 * on_page[index] + overall + structure
        assert pages[index].count(LEGEND) == 1 and "Non concerné" in pages[index]


def test_unknown_campaign_and_base_without_any(tmp_path, anil):
    path, _ = anil
    with pytest.raises(NotFoundError, match="Campagne inconnue : « Enquête 1999 ». Campagnes "
                                            "de la base : « Enquête 2025 », « Enquête 2024 »"):
        build_questionnaire(path, tmp_path / "q.pdf", "Enquête 1999")
    empty = tmp_path / "vide.db"
    make_base(empty).close()
    with pytest.raises(NotFoundError, match="ne contient aucune campagne de retours des "
                                            "partenaires"):
        with Base.open(empty, read_only=True) as base:
            gather_questionnaire(base.con)
    assert list(tmp_path.iterdir()) == [empty]


def test_a_failed_layout_leaves_the_destination_as_it_was(anil, tmp_path, monkeypatch):
    path, _ = anil
    out = tmp_path / "q.pdf"
    out.write_bytes(b"ancien")

    def fails(self, story):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(document.ReportDocument, "render", fails)
    with pytest.raises(ReportError, match="Impossible d'écrire le questionnaire .*plus de "
                                          "place sur le disque"):
        build_questionnaire(path, out)
    assert out.read_bytes() == b"ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["q.pdf"]  # no temporary file left


def test_a_destination_that_is_not_a_pdf_is_refused_before_reading(tmp_path):
    with pytest.raises(ReportError, match="un questionnaire \\(PDF\\) s'écrit dans un fichier "
                                          "« .pdf »"):
        build_questionnaire(tmp_path / "absente.db", tmp_path / "q.docx")
