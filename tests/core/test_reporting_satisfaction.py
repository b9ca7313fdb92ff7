"""The « Bilan de satisfaction » (the ANIL-note format) and the activity bilan's « Retours des
partenaires »: every figure printed is the statistics module's (shares, n, Wilson bounds as
printed in French), the small-numbers rules hold (no mean under 5, a caution under 10),
rare categories are « autre partenaire », every comment is in the annex under its category
and shows literally, fonts are embedded and pages numbered."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reporting_helpers import (drawn_runs, embedded_font_names, font_is_embedded, fonts, normalise,
                               page_texts, pdf_text)

from pexdesk.core.db.base import Base
from pexdesk.core.db.connection import transaction
from pexdesk.core.domain.models import Campaign
from pexdesk.core.domain.profile import Profile
from pexdesk.core.formatting import format_date, format_number, format_parts, format_percent
from pexdesk.core.repositories import feedback
from pexdesk.core.services import dashboard
from pexdesk.core.services.charts_geometry import diverging_chart
from pexdesk.core.services.demo import write_demo_base
from pexdesk.core.services.reporting import catalog
from pexdesk.core.services.reporting.blocks import NO_DATA
from pexdesk.core.services.reporting.build import build_report, gather_report, render_report
from pexdesk.core.services.reporting.catalog import ReportError
from pexdesk.core.services.reporting.charts import LIKERT_AXIS_TITLE
from pexdesk.core.services.reporting.survey_blocks import has_bars, small_n_sentence
from pexdesk.core.services.statistics import (POOLED_LABEL, Scope, ScoreSummary, comments,
                                              resolve_scope, statistics)
from tests.survey_data import NC, add, anil_like_survey, new_campaign

TODAY = date.today()
HOSTILE = "Squat <img src=x.png> & </para> <b>gras « fin »"
HOSTILE_TOO = "loyer < 500 & charges > 20 <font color=red>rouge</font>"


def make_base(path: Path, department: str = "35") -> Base:
    return Base.create(path, Profile(department_code=department, adil_name="ADIL de test",
                                     officer_name="Camille Martin",
                                     mission_start=TODAY - timedelta(days=900)))


def as_quoted(comment: str) -> str:
    """A comment as quoted between « »: its own guillemets become “ ”."""
    return comment.replace("« ", "“").replace(" »", "”")


def percent(share: float) -> str:
    return normalise(format_percent(share))


def ci(summary) -> str:
    low, high = summary.top2_ci
    return f"{percent(low)} à {percent(high)}"


def ci_cell(summary) -> str:
    low, high = summary.top2_ci
    return normalise(f"{format_number(low * 100)}–{format_percent(high)}")


# --- the ANIL headline ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def anil(tmp_path_factory):
    """tests/survey_data.py's ANIL-like survey (163 responses, 20 départements), and its
    satisfaction bilan over the whole campaign."""
    folder = tmp_path_factory.mktemp("anil")
    with make_base(folder / "anil.db", "32") as base:
        anil_like_survey(base.con)
    out = build_report(folder / "anil.db", "satisfaction", None, None, None,
                       folder / "anil.pdf", campaign="anil 2022-2023", today=TODAY)
    with Base.open(folder / "anil.db", read_only=True) as base:
        result = statistics(base.con, resolve_scope(base.con, "ANIL 2022-2023"))
    return result, out, pdf_text(out)


def test_the_anil_headline_70_percent_of_163_responses_from_20_departements(anil):
    result, _, text = anil
    assert (result.responses, result.departments, result.overall.n) == (163, 20, 163)
    assert percent(result.overall.top2_share) == "70 %"
    headline = (f"70 % (114/163) des répondants attribuent 4 ou 5/5 à la mission dans son "
                f"ensemble — intervalle de confiance à 95 % : {ci(result.overall)}.")
    assert headline == ("70 % (114/163) des répondants attribuent 4 ou 5/5 à la mission dans "
                        "son ensemble — intervalle de confiance à 95 % : 63 % à 76 %.")
    assert headline in text
    assert "163 réponses de partenaires sont parvenues, de 20 départements" in text
    assert "campagne « ANIL 2022-2023 »" in text


def test_respondents_by_departement_are_the_statistics(anil):
    result, _, text = anil
    shares = format_parts([group.responses for group in result.by_department])
    assert sum(int(share.split()[0]) for share in shares) == 100  # the « Ensemble » row's
    for group, share in zip(result.by_department, shares):
        assert normalise(f"{group.label} {group.responses} {share} {group.overall.n}") in text
    assert normalise(f"Ensemble {result.responses} 100 % {result.overall.n}") in text
    assert ("La Réunion (974) avec 32 réponses, Morbihan (56) avec 29 réponses et Gers (32) "
            "avec 20 réponses.") in text  # no « (974) (32 réponses) »
    assert ") (" not in text


def test_items_table_equals_the_statistics_with_means_hidden_under_five(anil):
    result, _, text = anil
    for item in result.items:
        if item.shows_percentage:
            row = (f"{item.label} {item.n} {item.not_concerned} {item.no_answer} "
                   f"{percent(item.top2_share)} {ci_cell(item)} {format_number(item.mean, 1)}")
        else:
            row = (f"{item.label} {item.n} {item.not_concerned} {item.no_answer} – – – "
                   f"effectif trop faible pour un pourcentage : {item.counts_text()}")
        assert normalise(row) in text, row
    sous_ccapex = next(i for i in result.items if i.code == "M_SOUSCCAPEX")
    assert sous_ccapex.n == 2 and sous_ccapex.mean == 4.5
    assert "4,5" not in text  # its mean is nowhere
    assert ("Sur les 7 questions, une repose sur moins de 5 réponses valides (2) : effectif "
            "trop faible") in text


def test_the_lone_magistrate_is_pooled_with_the_rare_categories(anil):
    result, _, text = anil
    justice = next(g for g in result.by_category if g.code == "JUSTICE")
    assert justice.responses == 1
    assert "Justice" not in text and "magistrat" not in text.lower()
    assert normalise(f"{POOLED_LABEL} 1 1 % 1 – – effectif trop faible pour un "
                     "pourcentage") in text


# --- small numbers, « autre partenaire », comments --------------------------------------------

ITEMS = (("RARE", "Mission rare"), ("MOYENNE", "Mission moyenne"), ("COURANTE", "Mission courante"))
RESPONDENTS = [  # category, overall, (rare, moyenne, courante), comment
    ("CAF", 5, (4, 5, 5), "Très bonne animation des ateliers."),
    ("CAF", 4, (5, 4, 4), ""),
    ("CAF", 4, (3, 3, 4), HOSTILE_TOO),
    ("CAF", 5, (NC, 5, 5), ""),
    ("CAF", 3, (NC, 2, 3), "Un bilan d'étape serait utile."),
    ("BAILSOC", 4, (NC, 4, 4), ""),
    ("BAILSOC", 2, (NC, 1, 2), HOSTILE),
    ("BAILSOC", 5, (NC, None, 5), "Échanges constructifs."),
    ("BAILSOC", 4, (NC, None, 4), ""),
    ("JUSTICE", 5, (None, None, 5), "Réactivité de l'ADIL et esprit collaboratif."),
    ("DDETS", 1, (None, None, 1), "Trop de partenaires, certains juges et parties."),
    ("DDETS", 4, (None, None, 4), ""),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Twelve responses: items with n = 3, 7 and 12; a lone JUSTICE respondent and two DDETS
    (« autre partenaire »); hostile comments."""
    folder = tmp_path_factory.mktemp("petit")
    with make_base(folder / "petit.db") as base:
        con = base.con
        campaign = feedback.create_campaign(
            con, Campaign(name="Enquête <b>2025</b>", period_start=TODAY - timedelta(days=60),
                          period_end=TODAY - timedelta(days=30), consulted_count=40,
                          notes="Relance </para> & <i>courriel</i>"), list(ITEMS))
        items = feedback.items_of(con, campaign.id)
        with transaction(con):
            for category, overall, scores, comment in RESPONDENTS:
                add(con, campaign, items, category=category, overall=overall, scores=scores,
                    comment=comment)
    out = build_report(folder / "petit.db", "satisfaction", None, None, None,
                       folder / "petit.pdf", campaign="Enquête <b>2025</b>", today=TODAY)
    with Base.open(folder / "petit.db", read_only=True) as base:
        scope = resolve_scope(base.con, "Enquête <b>2025</b>")
        result, found = statistics(base.con, scope), comments(base.con, scope)
    return result, found, out, pdf_text(out)


def test_small_base_figures(small):
    result, _, _, text = small
    overall = result.overall
    assert (overall.n, overall.top2) == (12, 9)
    assert (f"75 % (9/12) des répondants attribuent 4 ou 5/5 à la mission dans son ensemble — "
            f"intervalle de confiance à 95 % : {ci(overall)}.") in text
    assert ci(overall) == "47 % à 91 %"
    rare, moyenne, courante = result.items
    assert (rare.n, moyenne.n, courante.n) == (3, 7, 12)
    assert normalise(f"Mission rare 3 6 3 – – – effectif trop faible pour un pourcentage : "
                     f"{rare.counts_text()}") in text
    assert normalise(f"Mission moyenne 7 0 5 {percent(moyenne.top2_share)} {ci_cell(moyenne)} "
                     f"{format_number(moyenne.mean, 1)} à interpréter avec prudence "
                     "(n < 10)") in text
    assert normalise(f"Mission courante 12 0 0 {percent(courante.top2_share)} "
                     f"{ci_cell(courante)} {format_number(courante.mean, 1)} n < 30") in text
    assert format_number(rare.mean, 1) == "4,0" and "4,0" not in text  # no mean under 5


def test_chart_has_n_beside_each_bar_a_caution_and_no_bar_under_five(small):
    result, _, out, _ = small
    chart_page = next(normalise(p) for p in page_texts(out)
                      if "Figure" in p and "Mission moyenne" in p and "1–2" in p)
    for item in result.items:
        assert f"n = {item.n}" in chart_page
    assert "Mission moyenne — à interpréter avec prudence (n < 10)" in chart_page
    assert "effectif trop faible pour un pourcentage" in chart_page  # instead of a bar
    assert "4–5 : 57 %" in chart_page and "4–5 : 75 %" in chart_page  # moyenne, courante
    assert chart_page.count("4–5 :") == 2  # the rare mission has no bar


def test_categories_of_fewer_than_three_are_autre_partenaire(small):
    result, found, _, text = small
    pooled = {g.label: g.responses for g in result.pooled_categories()}
    assert pooled == {"CAF": 5, "Bailleur social": 4, POOLED_LABEL: 3}
    assert f"{POOLED_LABEL} 3 25 % 3" in text
    assert "Autre partenaire" not in text  # no real « Autre » category here: no confusion
    assert ("Le bilan compte 12 réponses, de 4 catégories de partenaires et d'un seul "
            "département.") in text
    assert (f"Les 2 catégories de moins de 3 répondants chacune (3 répondants) sont "
            f"regroupées en « {POOLED_LABEL} ».") in text
    for hidden in ("Justice", "DDETS / DDETS-PP"):  # (the cover addresses « DDETS »)
        assert hidden not in text
    assert normalise(f"« Réactivité de l'ADIL et esprit collaboratif. » — {POOLED_LABEL}") in text
    assert [c.category for c in found if c.text.startswith("Trop de")] == [POOLED_LABEL]


def test_every_comment_is_in_the_annex_grouped_by_category(small):
    _, found, _, text = small
    annex = text[text.rindex("Tous les commentaires, par catégorie de partenaire"):]
    expected = []
    for category in dict.fromkeys(c.category for c in found):
        group = [c for c in found if c.category == category]
        heading = f"{category[:1].upper()}{category[1:]} — {len(group)} commentaire"
        expected += [heading] + [normalise(f"« {as_quoted(c.text)} »") for c in group]
    position = 0
    for piece in expected:
        found_at = annex.find(piece, position)
        assert found_at >= 0, piece
        position = found_at + len(piece)
    assert "CAF — 3 commentaires" in annex and f"{POOLED_LABEL} — 2 commentaires" in annex
    assert ") (" not in annex
    assert len(found) == sum(1 for r in RESPONDENTS if r[3])


def test_selected_comments_quote_the_category_only(small):
    _, _, _, text = small
    body = text[:text.rindex("Tous les commentaires, par catégorie de partenaire")]
    assert "Ce que les partenaires apprécient" in body and "Attentes et réserves" in body
    assert normalise("« Très bonne animation des ateliers. » — CAF") in body
    assert normalise(f"« {as_quoted(HOSTILE)} » — Bailleur social") in body


def test_hostile_text_shows_literally(small):
    _, _, out, text = small
    for literal in (as_quoted(HOSTILE), HOSTILE_TOO, "Enquête <b>2025</b>",
                    "Relance </para> & <i>courriel</i>"):
        assert normalise(literal) in text, literal


def test_method_note(small):
    _, _, _, text = small
    collection = normalise(f"du {format_date(TODAY - timedelta(days=60))} au "
                           f"{format_date(TODAY - timedelta(days=30))}")
    assert "l'ensemble des réponses de la campagne « Enquête <b>2025</b> »" in text
    assert "Partenaires sollicités" in text and "Taux de réponse" in text
    assert normalise(f"{format_number(40)} 12 30 %") in text  # 12 responses of 40 solicited
    assert "12 réponses saisies dans pexdesk" in text
    assert "Un échantillon non exhaustif." in text
    assert "intervalle de confiance à 95 % (méthode de Wilson)" in text
    assert f"Enquête <b>2025</b> {collection}" in text  # the collection period


def test_fonts_embedded_numbering_metadata_and_outline(small):
    _, _, out, _ = small
    embedded_font_names(out)
    pages = page_texts(out)
    assert all(f"Page {n} / {len(pages)}" in p for n, p in enumerate(pages, start=1))
    reader = PdfReader(out)
    assert reader.metadata.title.startswith("Bilan de satisfaction")
    assert "campagne « Enquête <b>2025</b> »" in reader.metadata.subject
    titles = [i["/Title"] for i in reader.outline if not isinstance(i, list)]
    assert titles == ["Sommaire", *(f"{number}. {section.title}" for number, section
                                    in enumerate(catalog.SATISFACTION.sections, start=1))]
    assert all("Bilan de satisfaction ·" in p for p in pages[1:])


# --- scopes, empty bases, the wrong snapshot ----------------------------------------------------

def test_a_period_keeps_the_responses_dated_in_it(tmp_path):
    with make_base(tmp_path / "deux.db") as base:
        con = base.con
        old = feedback.create_campaign(con, Campaign(name="Ancienne",
                                                     period_start=date(2020, 3, 1),
                                                     period_end=date(2020, 4, 1)), ["Q"])
        new, items = new_campaign(con, "Récente", (("Q", "Q"),))
        old_items = feedback.items_of(con, old.id)
        with transaction(con):
            for _ in range(6):
                add(con, old, old_items, overall=1, scores=(1,), comment="Ancien avis")
            for score in (5, 5, 4, 4, 3, 2, 5):
                response = add(con, new, items, overall=score, scores=(score,),
                               comment="Avis récent")
                con.execute("UPDATE response SET responded_on = ? WHERE id = ?",
                            ((TODAY - timedelta(days=10)).isoformat(), response.id))
    out = build_report(tmp_path / "deux.db", "satisfaction", None, None, None,
                       tmp_path / "periode.pdf", today=TODAY)
    text = pdf_text(out)
    with Base.open(tmp_path / "deux.db", read_only=True) as base:
        data = gather_report(base.con, today=TODAY, kind="satisfaction")
        expected = statistics(base.con, Scope(first=data.period.first, last=data.period.last))
    assert expected.responses == 7 and data.survey == expected
    assert (f"{percent(expected.overall.top2_share)} (5/7) des répondants attribuent 4 ou 5/5"
            in text)
    assert "à interpréter avec prudence" in text
    assert "Avis récent" in text and "Ancien avis" not in text
    whole = pdf_text(build_report(tmp_path / "deux.db", "satisfaction", None, None, None,
                                  tmp_path / "ancienne.pdf", campaign="Ancienne", today=TODAY))
    assert "Ancien avis" in whole and "Avis récent" not in whole
    assert "0 % (0/6) des répondants attribuent 4 ou 5/5" in whole


def test_empty_base_says_no_data_in_every_section(tmp_path):
    with make_base(tmp_path / "vide.db"):
        pass
    out = build_report(tmp_path / "vide.db", "satisfaction", None, None, None,
                       tmp_path / "vide.pdf", today=TODAY)
    pages = page_texts(out)
    text = normalise("\n".join(pages))
    assert text.count(NO_DATA) == 8  # six sections, and the annexes A and C
    assert "Aucun questionnaire à présenter" in text  # annex B: not a matter of period
    assert all(f"Page {n} / {len(pages)}" in p for n, p in enumerate(pages, start=1))


def test_a_campaign_without_responses_lists_the_campaigns(tmp_path):
    with make_base(tmp_path / "c.db") as base:
        new_campaign(base.con, "Enquête à venir")
    text = pdf_text(build_report(tmp_path / "c.db", "satisfaction", None, None, None,
                                 tmp_path / "c.pdf", today=TODAY))
    assert NO_DATA in text and "Campagnes enregistrées dans la base : « Enquête à venir »" in text
    assert "s'obtient en choisissant la campagne au moment de produire le bilan" in text
    assert "--campaign" not in text and "option" not in text


def test_each_kind_renders_only_its_own_snapshot(tmp_path):
    with make_base(tmp_path / "k.db") as base:
        activity = gather_report(base.con, today=TODAY)
        satisfaction = gather_report(base.con, today=TODAY, kind="satisfaction")
    with pytest.raises(ReportError, match="ne sont pas celles d'un bilan de satisfaction"):
        render_report(activity, "satisfaction", tmp_path / "x.pdf")
    with pytest.raises(ReportError, match="bilan d'activité"):
        render_report(satisfaction, "activite", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_campaign_is_a_french_error(small, tmp_path):
    *_, out, _ = small
    with pytest.raises(Exception, match="Campagne inconnue : « Fantôme »"):
        build_report(out.with_suffix(".db"), "satisfaction", None, None, None,
                     tmp_path / "f.pdf", campaign="Fantôme")
    assert not (tmp_path / "f.pdf").exists()


# --- the activity bilan's « Retours des partenaires » ---------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    write_demo_base(path, today=TODAY)
    out = build_report(path, "activite", None, None, ("retours",),
                       path.with_name("retours.pdf"), today=TODAY)
    with Base.open(path, read_only=True) as base:
        data = gather_report(base.con, today=TODAY)
        home = base.profile().department_code
        scope = Scope(department_code=home, first=data.period.first, last=data.period.last)
        result = statistics(base.con, scope)
        counted = dashboard.satisfaction(base.con, data.period.first, data.period.last)
    return result, counted, pdf_text(out), path


def test_activity_feedback_is_the_statistics_of_the_period(demo):
    result, counted, text, _ = demo
    overall = result.overall
    assert (result.responses, overall.n, overall.top2) == (
        counted.responses, counted.scored, counted.positive)
    assert (f"{percent(overall.top2_share)} ({overall.top2}/{overall.n}) des répondants "
            f"attribuent 4 ou 5/5 à la mission dans son ensemble — intervalle de confiance à "
            f"95 % : {ci(overall)}.") in text
    assert f"Intervalle de confiance à 95 % {ci(overall)}" in text
    assert "1.1 Appréciation par mission" in text
    for item in result.items:
        assert normalise(f"{item.label} {item.n} {item.not_concerned}") in text
        assert f"n = {item.n}" in text
    assert "Le bilan de satisfaction, à produire séparément, détaille" in text
    assert "type de bilan" not in text and "--" not in text


def first_respondents(path, count: int) -> None:
    """A base holding the first ``count`` of RESPONDENTS, all answering today."""
    with make_base(path) as base:
        campaign, items = new_campaign(base.con, "Enquête", ITEMS)
        with transaction(base.con):
            for category, overall, scores, _ in RESPONDENTS[:count]:
                response = add(base.con, campaign, items, category=category, overall=overall,
                               scores=scores)
                base.con.execute("UPDATE response SET responded_on = ? WHERE id = ?",
                                 (TODAY.isoformat(), response.id))


def test_activity_feedback_keeps_the_small_numbers_rules(tmp_path):
    first_respondents(tmp_path / "peu.db", 7)
    text = pdf_text(build_report(tmp_path / "peu.db", "activite", None, None, ("retours",),
                                 tmp_path / "peu.pdf", today=TODAY))
    assert "5 répondants sur 7" not in text
    assert "71 % (5/7) des répondants attribuent 4 ou 5/5" in text
    assert "Avec moins de dix réponses, ce résultat est à interpréter avec prudence." in text
    assert normalise("Mission rare 3") in text and "effectif trop faible pour un pourcentage" in text
    assert "n = 7 : à interpréter avec prudence (n < 10)." in text


def test_no_figure_when_no_mission_has_five_answers(tmp_path):
    """Every mission under 5 valid answers: one line instead of a legend and an axis
    around nothing, and no text promising a figure, in both bilans."""
    first_respondents(tmp_path / "quatre.db", 4)
    for kind, sections in (("satisfaction", None), ("activite", ("retours",))):
        text = pdf_text(build_report(tmp_path / "quatre.db", kind, None, None, sections,
                                     tmp_path / f"{kind}.pdf", today=TODAY))
        assert ("Effectif trop faible : aucune mission n'a 5 réponses ou plus ; les effectifs "
                "sont dans le tableau.") in text
        assert normalise("Mission courante 4") in text  # the table is there
        assert LIKERT_AXIS_TITLE not in text and "Très satisfait (5)" not in text
        assert "Répartition des notes par mission" not in text and "la figure" not in text


def test_satisfaction_bilan_of_the_demo_matches_its_campaign(demo, tmp_path):
    _, _, _, path = demo
    with Base.open(path, read_only=True) as base:
        campaign = feedback.campaigns(base.con)[0]
        by_period = gather_report(base.con, today=TODAY, kind="satisfaction")
        by_campaign = gather_report(base.con, campaign=campaign.name, today=TODAY,
                                    kind="satisfaction")
    # the demo's one campaign lies within the last twelve months: both scopes agree
    assert by_period.survey.overall == by_campaign.survey.overall
    assert by_period.survey.items == by_campaign.survey.items
    assert by_campaign.period is None and by_campaign.campaigns[0].consulted == \
        campaign.consulted_count
    assert by_period.comments == by_campaign.comments and by_period.comments
    assert by_period.survey.scope.dated and not by_campaign.survey.scope.dated


# --- what a DDETS reader of the demo's bilans sees ------------------------------------------------

@pytest.fixture(scope="module")
def demo_campaign(demo, tmp_path_factory):
    """The demo's campaign: its satisfaction bilan and the activité bilan's section 7 for it,
    as page texts, with its statistics."""
    *_, path = demo
    folder = tmp_path_factory.mktemp("demo-campagne")
    with Base.open(path, read_only=True) as base:
        name = feedback.campaigns(base.con)[0].name
        result = statistics(base.con, resolve_scope(base.con, name))
    satisfaction = build_report(path, "satisfaction", None, None, None,
                                folder / "satisfaction.pdf", campaign=name, today=TODAY)
    activity = build_report(path, "activite", None, None, None, folder / "activite.pdf",
                            campaign=name, today=TODAY)
    return name, result, page_texts(satisfaction), page_texts(activity)


def test_real_categories_are_counted_and_the_pool_is_named(demo_campaign):
    _, result, pages, _ = demo_campaign
    text = normalise("\n".join(pages))
    rare = result.rare_categories()
    assert len(result.by_category) > len(result.pooled_categories())
    assert (f"de {len(result.by_category)} catégories de partenaires et d'un seul "
            "département") in text
    assert (f"Les {len(rare)} catégories de moins de 3 répondants chacune "
            f"({sum(g.responses for g in rare)} répondants) sont regroupées en "
            f"« {POOLED_LABEL} »") in text
    assert "autre partenaire" not in text  # the real category's label is capitalised


def test_running_header_ends_on_a_whole_word_and_a_closed_quote(demo_campaign):
    name, _, pages, _ = demo_campaign
    headers = [line for page in pages[1:] for line in page.splitlines()
               if line.startswith("Bilan de satisfaction ·")]
    assert len(headers) == len(pages) - 1
    header = normalise(headers[0])
    assert header.endswith("… »") and header.count("«") == header.count("»")
    shown = header[header.index("« ") + 2:-len("… »")]
    assert name.startswith(shown) and name[len(shown)] == " "  # cut between two words


def test_cover_gives_the_collection_dates(demo, demo_campaign):
    *_, path = demo
    *_, pages, _ = demo_campaign
    with Base.open(path, read_only=True) as base:
        campaign = feedback.campaigns(base.con)[0]
    assert campaign.period_start and campaign.period_end
    assert normalise(f"COLLECTE du {format_date(campaign.period_start)} au "
                     f"{format_date(campaign.period_end)}") in normalise(pages[0])


def test_figure_and_table_of_the_missions_share_one_order(demo_campaign):
    _, result, pages, _ = demo_campaign
    text = normalise("\n".join(pages))
    by_share = [i.label for i in sorted(result.items, key=lambda i: -i.top2_share)]
    assert by_share != [i.label for i in result.items]  # the questionnaire order differs
    chart = text[text.index("5 Appréciation par mission"):text.index("Figure 3.")]
    table = text[text.index("Mission n NC Sans rép."):]
    for part in (chart, table):
        positions = [part.index(label) for label in by_share]
        assert positions == sorted(positions), part[:300]
    assert "missions rangées par part de 4 ou 5, dans le même ordre que le tableau" in text


def test_shares_come_with_the_rounding_note(demo_campaign):
    *_, pages, activity = demo_campaign
    note = "Les pourcentages étant arrondis, leur somme peut différer de 100 % ou du total."
    assert normalise("\n".join(pages)).count(note) == 2  # the overall and missions charts
    assert note in normalise("\n".join(activity))


def test_questionnaire_annex_shows_no_internal_code(demo_campaign):
    _, result, pages, _ = demo_campaign
    text = normalise("\n".join(pages))
    annex = text[text.index("B Questionnaire"):text.index("C Répartition détaillée")]
    assert all(item.code and item.code not in text for item in result.items)
    assert annex.count("Appréciation globale") == 1
    assert "Appréciation globale de la mission du chargé de mission PEX : note de 1 à 5" in annex


def test_wording_of_the_overall_section(demo_campaign):
    _, result, pages, _ = demo_campaign
    text = normalise("\n".join(pages))
    assert result.overall.no_answer == 1
    assert "Un répondant n'a pas donné d'appréciation globale." in text
    assert "de partenaires sont parvenues, d'un seul département." in text
    assert not re.search(r"[.:] \d+ (répondant|commentaire|question)", text)


def test_activity_section_for_one_campaign(demo_campaign):
    name, result, _, pages = demo_campaign
    text = normalise("\n".join(pages))
    assert (f"D'après les réponses de la campagne « {name} » venant du département 32 (Gers), "
            f"soit {result.responses} réponses :") in text
    assert "(32) (" not in text and "(Gers) (" not in text
    assert normalise(f"Campagne Réponses reçues {result.responses} dont avec une appréciation "
                     f"globale (n) {result.overall.n} Note") in text  # no empty third column
    closing = next(p for p in pages if "à produire séparément" in p)
    assert "Remarque" in closing  # the note shares its page with the missions' table
    assert "type de bilan" not in text


def test_comment_quotes_nest_and_undrawable_characters_show(tmp_path):
    with make_base(tmp_path / "glyphes.db") as base:
        campaign, items = new_campaign(base.con, "Enquête", ITEMS)
        with transaction(base.con):
            for _ in range(3):
                add(base.con, campaign, items, category="CAF", overall=4,
                    comment='Emoji 😀 … ✓ 中文, « guide » et "fiche"')
    text = pdf_text(build_report(tmp_path / "glyphes.db", "satisfaction", None, None, None,
                                 tmp_path / "glyphes.pdf", campaign="Enquête", today=TODAY))
    assert "« Emoji 😀 … ✓ □□, “guide” et “fiche” » — CAF" in text


def test_symbols_of_a_comment_show_in_the_embedded_fallback_and_arabic_as_boxes(tmp_path):
    """A partner's « ✓ ★ ❤ ⚠ » (as phones type them, with the emoji variation selector)
    come out of the PDF as typed, set in DejaVu Sans, embedded on the page that quotes
    them; Arabic, which reportlab would draw in reverse order, shows as « □ »."""
    comments = ("Très bonne réactivité ✓ ★ ❤️ ⚠️", "Merci شكرا", "Piège ✓<b>&★ &amp;")
    with make_base(tmp_path / "symboles.db") as base:
        campaign, items = new_campaign(base.con, "Enquête", ITEMS)
        with transaction(base.con):
            for comment in comments:
                add(base.con, campaign, items, category="CAF", overall=4, comment=comment)
    out = build_report(tmp_path / "symboles.db", "satisfaction", None, None, None,
                       tmp_path / "symboles.pdf", campaign="Enquête", today=TODAY)
    pages = [normalise(page) for page in page_texts(out)]
    text = " ".join(pages)
    assert "« Très bonne réactivité ✓ ★ ❤ ⚠ » — CAF" in text
    assert "« Merci □□□□ » — CAF" in text
    assert "« Piège ✓<b>&★ &amp; » — CAF" in text
    page = next(i for i, p in enumerate(pages) if "réactivité ✓ ★ ❤ ⚠" in p)
    fallback = [f for f in fonts(out, page) if str(f["/BaseFont"]).endswith("+DejaVuSans")]
    assert fallback and all(font_is_embedded(f) for f in fallback)


def test_emoji_of_a_comment_and_symbols_in_bold_are_drawn_by_the_fallbacks(tmp_path):
    """The emoji partners type in Google Forms (« 👍 ✅ ❌ 🙂 ») are drawn by the emoji
    font and come out of the PDF as typed, for copying and searching; in a bold label (a
    question's, in the questionnaire's list) a ✓ is drawn by DejaVu Sans Bold and a 👍 by
    Noto Emoji Bold. Every font is embedded."""
    comment = "Très bonne réactivité 👍 ✅ ❌ 🙂"
    with make_base(tmp_path / "emoji.db") as base:
        campaign, items = new_campaign(base.con, "Enquête", (*ITEMS, ("ACCUEIL", "Accueil ✓ 👍")))
        with transaction(base.con):
            for _ in range(3):
                add(base.con, campaign, items, category="CAF", overall=4, scores=(4, 4, 4, 5),
                    comment=comment)
    out = build_report(tmp_path / "emoji.db", "satisfaction", None, None, None,
                       tmp_path / "emoji.pdf", campaign="Enquête", today=TODAY)
    pages = [normalise(page) for page in page_texts(out)]
    assert f"« {comment} » — CAF" in " ".join(pages)
    quoted = drawn_runs(out, next(i for i, p in enumerate(pages) if comment in p))
    for emoji in "👍✅❌🙂":
        assert {font for text, font in quoted if emoji in text} == {"NotoEmoji-Regular"}, emoji
    listed = drawn_runs(out, next(i for i, p in enumerate(pages) if "Accueil ✓ 👍 : note" in p))
    assert ("Accueil", "Carlito-Bold") in listed
    assert ("✓", "DejaVuSans-Bold") in listed and ("👍", "NotoEmoji-Bold") in listed
    found = fonts(out)
    names = {str(f["/BaseFont"]).partition("+")[2] for f in found}
    assert {"NotoEmoji-Regular", "NotoEmoji-Bold", "DejaVuSans-Bold"} <= names
    assert all(font_is_embedded(f) for f in found), names


@pytest.mark.parametrize("counts, sentence", [
    ([3], "La question repose sur moins de 5 réponses valides (3)"),
    ([3, 7], "Les 2 questions reposent sur moins de 10 réponses valides (entre 3 et 7)"),
    ([3, 12, 20], "Sur les 3 questions, une repose sur moins de 5 réponses valides (3)"),
    ([3, 7, 20], "Sur les 3 questions, 2 reposent sur moins de 10 réponses valides"),
])
def test_the_small_n_warning_never_starts_with_a_numeral(counts, sentence):
    items = [ScoreSummary(f"Q{n}", (0, 0, 0, n, 0)) for n in counts]
    assert small_n_sentence(items).startswith(sentence)


@pytest.mark.parametrize("counts, sentence", [
    ([4, 4], "Les 2 questions reposent sur moins de 5 réponses valides (4) : effectif trop "
             "faible, seules les notes données sont indiquées, sans pourcentage, moyenne ni "
             "barre."),
    ([2, 4, 12], "Sur les 3 questions, 2 reposent sur moins de 5 réponses valides (entre 2 et "
                 "4) : effectif trop faible"),
    ([6, 9], "Les 2 questions reposent sur moins de 10 réponses valides (entre 6 et 9) : leurs "
             "résultats sont à interpréter avec prudence."),
    ([3, 6], "Les 2 questions reposent sur moins de 10 réponses valides (entre 3 et 6) : leurs "
             "résultats sont à interpréter avec prudence, et sous 5 réponses ni pourcentage"),
])
def test_no_caution_on_results_too_small_to_be_shown(counts, sentence):
    """« À interpréter avec prudence » only where a result is shown (5 to 9 answers)."""
    items = [ScoreSummary(f"Q{n}", (0, 0, 0, n, 0)) for n in counts]
    assert small_n_sentence(items).startswith(sentence)
    if max(counts) < 5:
        assert "prudence" not in small_n_sentence(items)


@pytest.mark.parametrize("distributions", [
    [(0, 0, 0, 0, 0)], [(1, 1, 1, 1, 0)], [(1, 1, 1, 1, 1)], [(0, 0, 0, 0, 4), (2, 0, 0, 0, 2)],
    [(0, 0, 0, 0, 4), (0, 0, 5, 0, 0)], [(3, 0, 0, 0, 3)], []])
def test_has_bars_says_what_the_chart_draws(distributions):
    """has_bars reads the items' rule without laying out the chart: the same answer."""
    items = [ScoreSummary(f"Q{i}", d) for i, d in enumerate(distributions)]
    assert has_bars(items) == any(row.has_bar for row in diverging_chart(items).rows)
