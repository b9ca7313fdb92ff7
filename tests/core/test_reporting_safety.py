"""Bilans on real, awkward data: user text shown literally whatever it holds, symbols in the
fallback face and « □ » for what no font draws, only embedded fonts in the file, empty
sections saying so, tiny and huge bases."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import getFont
from reporting_helpers import embedded_font_names, normalise, page_texts, pdf_text

from pexdesk.core.db.base import Base
from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.models import (Action, Axis, Campaign, IndicatorValue, JournalEntry,
                                        Meeting, Partner)
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import feedback, indicators, meetings, partners, roadmap
from pexdesk.core.repositories.mapper import now_utc
from pexdesk.core.formatting import format_number, format_percent, keep_signs_attached
from pexdesk.core.services import dashboard
from pexdesk.core.services.reporting.blocks import NO_DATA
from pexdesk.core.services.reporting.build import build_report, gather_report
from pexdesk.core.services.reporting.paragraph import Paragraph
from pexdesk.core.services.reporting.styles import styles
from pexdesk.core.services.reporting.text import escape, french_spacing

TODAY = date.today()
LONG = " ".join(f"mot{i:04d}" for i in range(260))[:1999] + "."
"""A 2,000-character paragraph of distinct words, to find its start and end in the PDF."""
HOSTILE = (
    "Dupont <b>& Fils",
    "Squat <img src=x.png>",
    "a </para> b",
    "loyer < 500 & charges > 20",
    '<img src="/etc/passwd"/>',
    "<font color=red>rouge</font> <br/> &amp; &lt;",
    "j'aime <3 « les guillemets » & l’apostrophe",
)


def make_base(path: Path) -> Base:
    return Base.create(path, Profile(department_code="35", adil_name="ADIL d'Ille-et-Vilaine",
                                     officer_name="Camille Martin",
                                     mission_start=TODAY - timedelta(days=500)))


# --- escaping ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [*HOSTILE, LONG, "ligne 1\nligne 2\r\nligne 3", "\x00\x07bip"])
def test_every_hostile_string_builds_as_a_literal_paragraph(text):
    paragraph = Paragraph(escape(text), styles().body)  # parses the markup: no error
    shown = "".join(getattr(frag, "text", "") for frag in paragraph.frags)
    assert all(getattr(frag, "fontName", "Carlito") == "Carlito" for frag in paragraph.frags)
    paragraph.wrap(300, 10_000)
    expected = text.replace("\x00", "").replace("\x07", "").replace("\u202f", "\u00a0")
    for newline in ("\r\n", "\n"):
        expected = expected.replace(newline, "")
    assert shown == expected


def test_escape_keeps_text_and_marks_only_line_breaks():
    assert escape("a <b> & c") == "a &lt;b&gt; &amp; c"
    assert escape("un\ndeux\r\ntrois") == "un<br/>deux<br/>trois"
    assert escape("bip\x00\x07") == "bip"
    assert escape("70\u202f%") == "70\u00a0%"
    assert escape("👍🏽 1️⃣ 👨‍👩‍👧 🇫🇷") == "👍 1 👨👩👧 🇫🇷"  # no skin tone, keycap nor joiner
    assert french_spacing("« oui » : <b>non</b> ; 5 %") == \
        "«\u00a0oui\u00a0»\u00a0: <b>non</b>\u00a0; 5\u00a0%"


def spaced_piece_by_piece(markup: str) -> str:
    """french_spacing's rule applied to the text between tags, one piece at a time."""
    parts = re.split(r"(<[^>]*>)", markup)
    return "".join(part if index % 2 else keep_signs_attached(part.replace("\u202f", "\u00a0"))
                   for index, part in enumerate(parts))


@given(st.text(alphabet="<>«» :;%a/\u202f", max_size=40))
def test_french_spacing_changes_the_text_between_tags_only(markup):
    """Changed whole when no tag holds a sign or a space it changes, piece by piece
    otherwise: the same markup either way."""
    assert french_spacing(markup) == spaced_piece_by_piece(markup)


@pytest.mark.parametrize("markup", ['<font name="a :b">x :</font> « y »', "<a\u202f> %",
                                    "<i>« </i> »", "a < b : c > d", '<a href="x ?"> ?'])
def test_french_spacing_leaves_a_tag_holding_a_sign_as_it_is(markup):
    assert french_spacing(markup) == spaced_piece_by_piece(markup)


def test_symbols_beside_markup_are_set_in_the_fallback_and_stay_literal():
    paragraph = Paragraph(escape("✓<b>&★ ok</b>&amp;⚠️"), styles().body)
    runs = groupby(paragraph.frags, key=lambda frag: frag.fontName)
    assert [("".join(frag.text for frag in frags), font) for font, frags in runs] == [
        ("✓", "DejaVuSans"), ("<b>&", "Carlito"), ("★", "DejaVuSans"),
        (" ok</b>&amp;", "Carlito"), ("⚠", "DejaVuSans")]


def test_symbols_in_bold_text_are_bold_and_upright_in_italic_text():
    """The bold of a template's ``<b>`` or of a heading's style chooses the fallbacks' bold
    faces; italic text keeps them upright."""
    body = Paragraph(f"<b>Action {escape('✓ 👍')}</b> {escape('❤')}", styles().body)
    heading = Paragraph(escape("Axe ★🎉"), styles().h2)
    quote = Paragraph(escape("« ✓🙂 »"), styles().quote)
    assert [(frag.text, frag.fontName) for frag in body.frags] == [
        ("Action ", "Carlito-Bold"), ("✓", "DejaVuSans-Bold"), (" ", "Carlito-Bold"),
        ("👍", "NotoEmoji-Bold"), (" ", "Carlito"), ("❤", "DejaVuSans")]
    assert [(frag.text, frag.fontName) for frag in heading.frags] == [
        ("Axe ", "Carlito-Bold"), ("★", "DejaVuSans-Bold"), ("🎉", "NotoEmoji-Bold")]
    assert [(frag.text, frag.fontName) for frag in quote.frags] == [
        ("« ", "Carlito-Italic"), ("✓", "DejaVuSans"), ("🙂", "NotoEmoji"),
        (" »", "Carlito-Italic")]


DRAWN_BY_FALLBACK = "✓✔✗★☆☺❤⚠►⇒😀✅❌👍🙂🎉🩷"
NO_FONT = "مرحباשלום中文ພາ\u0301"
"""Arabic and Hebrew (right to left), Chinese, Lao (shaped), and an acute accent left
over once composed (« b́ »): all shown as « □ »."""
NOT_SHOWN = "\ufe0f\u200d\u20e3\U0001f3fd"
"""The emoji variation selector, the zero-width joiner of 👨‍👩‍👧, the keycap of 1️⃣ and a skin
tone (👍🏽): nothing of their own is shown."""
FALLBACK_FACES = {"DejaVuSans", "DejaVuSans-Bold", "NotoEmoji", "NotoEmoji-Bold"}
MIXED = st.text(alphabet=st.sampled_from(
    DRAWN_BY_FALLBACK + NO_FONT + NOT_SHOWN + "<>&;/b ab#éà«»\u00a0\u202f\n\r\x00\x07"),
    max_size=80)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


def drawn_frags(text: str, markup: str = "{}") -> list:
    """The fragments of the paragraph of ``text`` set in ``markup``, after checking that it
    lays out and that each of its characters is in its fragment's font, which is a
    fallback only where Carlito lacks the character."""
    paragraph = Paragraph(markup.format(escape(text)), styles().body)
    frags = [f for f in paragraph.frags if getattr(f, "text", "")]
    paragraph.wrap(300, 10_000)
    carlito = getFont("Carlito").face.charToGlyph
    for frag in frags:
        glyphs = getFont(frag.fontName).face.charToGlyph
        assert all(ord(c) in glyphs for c in frag.text), (frag.fontName, frag.text)
        if frag.fontName in FALLBACK_FACES:
            assert not any(ord(c) in carlito for c in frag.text), frag.text
    return frags


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_any_text_shows_literally_with_symbols_and_boxes_where_no_font_draws(text):
    """Markup characters, symbols, accents composed or not, boxes: the paragraph shows the
    typed text (plain spaces left out: a paragraph collapses them)."""
    shown = "".join(frag.text for frag in drawn_frags(text)).replace(" ", "")
    typed = unicodedata.normalize("NFC", re.sub("[\x00\x07]", "", text))
    typed = re.sub(f"[{NOT_SHOWN}\r\n ]", "", typed).replace("\u202f", "\u00a0")
    carlito = getFont("Carlito").face.charToGlyph
    assert len(shown) == len(typed), (shown, typed)
    for seen, char in zip(shown, typed):
        assert seen == ("□" if char in NO_FONT else char), (char, shown)
        assert char in NO_FONT or char in DRAWN_BY_FALLBACK or ord(char) in carlito


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_text_escapes_to_a_paragraph_whose_every_character_is_drawn(text):
    """Whatever the characters (controls, marks, any script): the paragraph parses, lays out,
    and sets no character in a font that lacks it, in bold and italic text too."""
    drawn_frags(text, "{0}<br/><b>{0}</b><i>{0}</i><b><i>{0}</i></b>")


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory) -> Path:
    """Hostile text in a partner name, a custom axis, an action, its journal, a meeting's
    territory and notes, an indicator value comment and the ADIL's own name."""
    folder = tmp_path_factory.mktemp("hostile")
    with make_base(folder / "hostile.db") as base:
        con = base.con
        con.execute("UPDATE profile SET adil_name = ?", ("ADIL ★<b>& Co</b> </para>",))
        named = [partners.save(con, Partner(name=f"{text} n°{i}", category_code="BAILSOC",
                                            charter_signatory=True, notes=LONG))
                 for i, text in enumerate(HOSTILE)]
        long_name = partners.save(con, Partner(name="Z" * 200, category_code="CD"))
        emoji = partners.save(con, Partner(name="CCAS ✓ 😀 中 ⚠️", category_code="CCAS"))
        ids = [p.id for p in named] + [long_name.id, emoji.id]
        meetings.save(con, Meeting(held_on=TODAY - timedelta(days=20), kind="SOUS_CCAPEX",
                                   territory="<i>Nord</i> & <b>", dossiers_examined=3,
                                   opinions_issued=2,
                                   notes="Relevé <b>gras</b> <img src=x> </para> & < \n" + LONG
                                         + "\n" + "W" * 3000),
                      attendee_ids=ids)
        axis = roadmap.save_axis(con, Axis(code="LOCAL_<b>", label_text="Axe <i>local</i> & co",
                                           description="</para>"))
        action = roadmap.save_action(con, Action(
            axis_id=axis.id, title="Action <b>piégée</b> & <img src=x>", status="EN_COURS",
            progress=30, start_on=TODAY - timedelta(days=400), due_on=TODAY - timedelta(days=30)),
            [named[0].id])
        roadmap.add_journal_entry(con, JournalEntry(action_id=action.id, entry_on=TODAY,
                                                    text="Note </para> <b>non fermée & " + LONG))
        indicator = indicators.catalogue(con)[0]
        month = TODAY.replace(day=1) - timedelta(days=1)
        indicators.set_values(con, [IndicatorValue(
            indicator_id=indicator.id, department_code="35", month=month.replace(day=1),
            value=12, comment="<b>commentaire</b>")])
    out = folder / "hostile.pdf"
    build_report(folder / "hostile.db", "activite", None, None, None, out, today=TODAY)
    return out


def test_hostile_text_is_shown_literally(hostile_pdf):
    text = pdf_text(hostile_pdf)
    for i, hostile in enumerate(HOSTILE):
        assert normalise(f"{hostile} n°{i}") in text
    for literal in ("Action <b>piégée</b> & <img src=x>", "Axe <i>local</i> & co",
                    "Relevé <b>gras</b> <img src=x> </para> & <", "<i>Nord</i> & <b>",
                    "Note </para> <b>non fermée &", "ADIL ★<b>& Co</b> </para>"):
        assert literal in text


def test_table_cells_draw_symbols_in_the_fallback_and_a_box_for_what_no_font_has(hostile_pdf):
    """Cells that fit are drawn by the table itself in one font: one holding a symbol
    Carlito lacks must still show it, and one no font has must not vanish silently (the
    emoji variation selector after ⚠ is no character of its own)."""
    assert "CCAS ✓ 😀 □ ⚠ " in pdf_text(hostile_pdf)


def test_a_2000_character_paragraph_wraps_and_is_shown_whole(hostile_pdf):
    text = pdf_text(hostile_pdf)
    words = LONG.split()
    assert text.count(words[0]) >= 2  # journal note and meeting notes
    assert words[-2] in text and words[len(words) // 2] in text
    assert text.count("W" * 20) >= 3000 // 50  # a 3,000-letter word is cut, not clipped


def test_late_action_of_a_custom_axis_is_flagged(hostile_pdf):
    text = pdf_text(hostile_pdf)
    assert "EN RETARD" in text and "(axe propre au département)" in text


def test_every_font_is_embedded_and_none_is_base14(hostile_pdf, tmp_path):
    names = embedded_font_names(hostile_pdf)
    assert all(re.search(r"\+(Carlito|DejaVuSans|NotoEmoji)\b", n) for n in names), names
    assert any("Bold" in n for n in names) and any("DejaVuSans" in n for n in names)
    assert any("NotoEmoji" in n for n in names)  # the 😀 of « CCAS ✓ 😀 中 ⚠️ »


# --- empty and tiny bases ----------------------------------------------------------------------

def test_empty_base_says_no_data_in_every_empty_section(tmp_path):
    with make_base(tmp_path / "vide.db"):
        pass
    out = build_report(tmp_path / "vide.db", "activite", None, None, None,
                       tmp_path / "vide.pdf", today=TODAY)
    pages = page_texts(out)
    text = normalise("\n".join(pages))
    assert text.count(NO_DATA) >= 4
    expected = {
        "Feuille de route": ["Aucune action suivie sur la période"],
        "Activité de la CCAPEX": [NO_DATA],
        "Partenariat": ["Aucun partenaire dans l'annuaire ni en réunion sur la période",
                        "Aucun nouveau partenaire sur la période",
                        "Aucun signataire de la charte à la fin de la période"],
        "Indicateurs de suivi": [NO_DATA], "Retours des partenaires": [NO_DATA],
        "Annexes": ["Aucun partenaire dans l'annuaire", NO_DATA]}
    for title, messages in expected.items():
        page = next(normalise(p) for p in pages[2:] if title in normalise(p).split("Page")[-1])
        for message in messages:  # each section still there, saying so
            assert f"{message}." in page, (title, message)
    assert all(f"Page {n} / {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_a_long_adil_name_gives_way_to_the_departement_in_the_headers(tmp_path):
    name = "Agence départementale d'information sur le logement " + "et de l'habitat " * 8
    with Base.create(tmp_path / "long.db", Profile(department_code="2A", adil_name=name.strip(),
                                                   mission_start=TODAY - timedelta(days=500))):
        pass
    pages = page_texts(build_report(tmp_path / "long.db", "activite", None, None, None,
                                   tmp_path / "long.pdf", today=TODAY))
    cover, second = normalise(pages[0]), normalise(pages[1])
    assert ("LOCATIVES Agence départementale d'information sur le logement et de l'habitat "
            "et de l'habitat et… · Corse-du-Sud (2A) Chargé(e)") in cover
    assert second.startswith("Agence départementale d'information sur le… · Corse-du-Sud (2A) "
                             "Bilan d'activité ·")


def test_a_single_partner_and_no_meeting(tmp_path):
    with make_base(tmp_path / "seul.db") as base:
        partners.save(base.con, Partner(name="Unique partenaire", category_code="CAF"))
    out = build_report(tmp_path / "seul.db", "activite", None, None, None,
                       tmp_path / "seul.pdf", today=TODAY)
    text = pdf_text(out)
    assert "compte 1 partenaire actif." in text and "CAF 1 0 0" in text
    assert "Aucune réunion n'est enregistrée sur la période" in text
    assert "Unique partenaire" in text


def test_small_numbers_rules_for_the_partners_opinion(tmp_path):
    with make_base(tmp_path / "avis.db") as base:
        campaign = feedback.create_campaign(base.con, Campaign(name="Enquête 2025"), ["Q1"])
        con = base.con
        with transaction(con):
            for score in (5, 4, 2):
                con.execute("INSERT INTO response(uuid, campaign_id, responded_on, category_code,"
                            " department_code, overall_score, created_at, updated_at) VALUES "
                            "(?, ?, ?, 'CAF', '35', ?, ?, ?)",
                            (str(uuid.uuid4()), campaign.id, TODAY.isoformat(), score, now_utc(),
                             now_utc()))
    out = build_report(tmp_path / "avis.db", "activite", None, None, ("retours",),
                       tmp_path / "avis.pdf", today=TODAY)
    text = pdf_text(out)
    assert "2 répondants sur 3" in text and "effectif trop faible pour un pourcentage" in text
    assert "67 %" not in text


def test_a_hundred_thousand_responses(tmp_path):
    """Responses are counted in SQL: 100,000 of them cost the bilan nothing."""
    with make_base(tmp_path / "grand.db") as base:
        con = base.con
        campaign = feedback.create_campaign(con, Campaign(name="Enquête régionale"), ["Q1"])
        stamp = now_utc()
        with transaction(con):
            con.executemany(
                "INSERT INTO response(uuid, campaign_id, responded_on, category_code, "
                "department_code, overall_score, comment, created_at, updated_at) "
                "VALUES (?, ?, ?, 'BAILSOC', '35', ?, '<b>commentaire</b> &', ?, ?)",
                ((str(uuid.UUID(int=i)), campaign.id,
                  (TODAY - timedelta(days=i % 300)).isoformat(), (1, 2, 3, 4, 4, 5, 5, 5)[i % 8],
                  stamp, stamp) for i in range(100_000)))
    out = build_report(tmp_path / "grand.db", "activite", None, None, None,
                       tmp_path / "grand.pdf", today=TODAY)
    text = pdf_text(out)
    with Base.open(tmp_path / "grand.db", read_only=True) as base:
        period = gather_report(base.con, today=TODAY).period
        counted = dashboard.satisfaction(base.con, period.first, period.last)
    assert counted.responses > 90_000
    share = format_percent(counted.positive / counted.scored)
    assert normalise(f"{share} ({format_number(counted.positive)}/"
                     f"{format_number(counted.scored)}) des répondants attribuent 4 ou 5/5") \
        in text
    assert f"Réponses reçues {normalise(format_number(counted.responses))}" in text
