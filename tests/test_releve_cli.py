"""``pexdesk releve``: exit 0 and the path of the meeting's relevé; exit 2 with a French
message naming what to ask for when the day has no meeting or several; never a file left
at --out after a failure."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pexdesk.core.db.base import Base
from pexdesk.core.domain.kinds import MeetingKind
from pexdesk.core.domain.models import Action, Meeting, Partner
from pexdesk.core.domain.profile import Profile
from pexdesk.core.repositories import meetings, partners, roadmap
from tests.cli_helpers import run, spoil_root_page
from tests.core.reporting_helpers import pdf_text


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A sous-CCAPEX and a commission technique on 11 November 2025, a plénière in March and
    a groupe de travail in January 2026."""
    path = tmp_path_factory.mktemp("base") / "gers.db"
    with Base.create(path, Profile(department_code="32", adil_name="ADIL du Gers")) as opened:
        con = opened.con
        caf = partners.save(con, Partner(name="CAF du Gers", category_code="CAF"))
        meetings.save(con, Meeting(held_on=date(2025, 11, 11), kind=MeetingKind.SOUS_CCAPEX,
                                   territory="Condom", dossiers_examined=7), [caf.id])
        meetings.save(con, Meeting(held_on=date(2025, 11, 11), kind=MeetingKind.TECHNIQUE,
                                   dossiers_examined=21))
        meetings.save(con, Meeting(held_on=date(2025, 3, 4), kind=MeetingKind.PLENIERE))
        meetings.save(con, Meeting(held_on=date(2026, 1, 20),
                                   kind=MeetingKind.GROUPE_TRAVAIL))
    return path


def releve(base: Path, out: Path, capsys, *options) -> tuple[int, str, str]:
    return run(["releve", "--db", base, "--out", out, *options], capsys)


def test_the_meeting_of_the_day_is_written_and_its_path_printed(base, tmp_path, capsys):
    out = tmp_path / "releve.pdf"
    code, stdout, stderr = releve(base, out, capsys, "--date", "2025-03-04")
    assert (code, stdout, stderr) == (0, f"{out}\n", "")
    assert "CCAPEX plénière du 4 mars 2025" in pdf_text(out)
    assert [p.name for p in tmp_path.iterdir()] == ["releve.pdf"]


def test_the_releve_is_journaled(base, tmp_path, capsys):
    """A relevé leaves the ADIL: the journal says which, and where it went, as for a bilan."""
    out = tmp_path / "releve.pdf"
    assert releve(base, out, capsys, "--date", "2025-11-11", "--kind", "SOUS_CCAPEX")[0] == 0
    code, stdout, _ = run(["journal", "--db", base, "--limit", 1], capsys)
    assert code == 0 and stdout.rstrip().endswith(
        f" – document PDF – Relevé de la réunion (Sous-CCAPEX du 11 novembre 2025, Condom) "
        f"vers {out}")


def test_a_releve_of_a_base_open_elsewhere_says_it_is_not_journaled(base, tmp_path, capsys):
    out = tmp_path / "releve.pdf"
    with Base.open(base) as opened:
        code, stdout, stderr = releve(base, out, capsys, "--date", "2025-03-04")
        written = opened.con.execute("SELECT count(*) FROM change_log WHERE action = 'REPORT' "
                                     "AND summary LIKE ?", (f"%{out}",)).fetchone()[0]
    assert code == 0 and stdout.strip() == str(out) and written == 0
    assert stderr.startswith("Note : le relevé n'a pas été inscrit au journal de la base, "
                             "ouverte en écriture par pexdesk sur ")


@pytest.mark.parametrize("kind, shown", [
    ("SOUS_CCAPEX", "Sous-CCAPEX du 11 novembre 2025 Territoire Condom"),
    ("technique", "Commission technique du 11 novembre 2025"),  # any case
])
def test_kind_chooses_among_the_meetings_of_the_day(base, tmp_path, capsys, kind, shown):
    out = tmp_path / "r.pdf"
    code, _, _ = releve(base, out, capsys, "--date", "2025-11-11", "--kind", kind)
    assert code == 0 and shown in pdf_text(out)


@pytest.mark.parametrize("options, french", [
    (["--date", "2025-11-11"],
     "Erreur : 2 réunions se sont tenues le 11 novembre 2025 : Sous-CCAPEX Condom "
     "(--kind SOUS_CCAPEX), Commission technique (--kind TECHNIQUE). Précisez laquelle avec "
     "--kind.\n"),
    (["--date", "2025-12-01"],
     "Erreur : Aucune réunion le 1er décembre 2025. Réunions les plus proches : le 11 novembre "
     "2025 (--date 2025-11-11 : Sous-CCAPEX Condom, Commission technique) et le 20 janvier "
     "2026 (--date 2026-01-20 : Groupe de travail).\n"),
    (["--date", "2027-01-01"],
     "Erreur : Aucune réunion le 1er janvier 2027. Réunion la plus proche : le 20 janvier 2026 "
     "(--date 2026-01-20 : Groupe de travail).\n"),
    (["--date", "2025-12-01", "--kind", "PLENIERE"],
     "Erreur : Aucune réunion de type CCAPEX plénière le 1er décembre 2025. Réunion la plus "
     "proche : le 4 mars 2025 (--date 2025-03-04 : CCAPEX plénière).\n"),
    (["--date", "2025-11-11", "--kind", "GROUPE_TRAVAIL"],
     "Erreur : Aucune réunion de type Groupe de travail le 11 novembre 2025 ; ce jour-là : "
     "Sous-CCAPEX Condom (--kind SOUS_CCAPEX), Commission technique (--kind TECHNIQUE).\n"),
    (["--date", "2025-12-01", "--kind", "COPIL_CHARTE"],
     "Erreur : Aucune réunion de type Comité de pilotage de la charte n'est enregistrée dans "
     "la base.\n"),
    (["--date", "11/11/2025"],
     "Erreur : Date invalide pour --date : « 11/11/2025 ». Format attendu : AAAA-MM-JJ, par "
     "exemple 2025-03-15.\n"),
    (["--date", "2025-03-04", "--out", "{tmp}/absent/r.pdf"],
     "Erreur : Le dossier {tmp}/absent n'existe pas : rien n'a été écrit.\n"),
    (["--date", "2025-03-04", "--out", "{tmp}/r.docx"],
     "Erreur : Nom de fichier « .docx » refusé : un relevé de réunion (PDF) s'écrit dans un "
     "fichier « .pdf » (par exemple r.pdf). Rien n'a été écrit.\n"),
])
def test_refusals_exit_2_in_french_and_write_nothing(base, tmp_path, capsys, options, french):
    options = [option.format(tmp=tmp_path) for option in options]
    out = ["--out", tmp_path / "r.pdf"] if "--out" not in options else []
    code, stdout, stderr = run(["releve", "--db", base, *out, *options], capsys)
    assert (code, stdout, stderr) == (2, "", french.format(tmp=tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def two_sous_ccapex(tmp_path) -> Path:
    """Two sous-CCAPEX on 11 November 2025, at Condom and at Éauze."""
    path = tmp_path / "gers.db"
    with Base.create(path, Profile(department_code="32", adil_name="ADIL du Gers")) as opened:
        for territory, dossiers in (("Condom", 7), ("Éauze", 4)):
            meetings.save(opened.con, Meeting(held_on=date(2025, 11, 11), territory=territory,
                                              kind=MeetingKind.SOUS_CCAPEX,
                                              dossiers_examined=dossiers))
    return path


def test_two_meetings_of_one_kind_on_one_day_are_told_apart_by_territory(two_sous_ccapex,
                                                                          tmp_path, capsys):
    out = tmp_path / "r.pdf"
    code, _, stderr = releve(two_sous_ccapex, out, capsys, "--date", "2025-11-11")
    assert code == 2 and stderr == (
        'Erreur : 2 réunions se sont tenues le 11 novembre 2025 : Condom (--territory '
        '"Condom"), Éauze (--territory "Éauze"). Précisez laquelle avec --territory.\n')
    assert not out.exists()
    code, stdout, _ = releve(two_sous_ccapex, out, capsys, "--date", "2025-11-11",
                             "--territory", "EAUZE.")  # nor case, accents, a full stop
    assert (code, stdout) == (0, f"{out}\n")
    assert "Sous-CCAPEX du 11 novembre 2025 Territoire Éauze" in pdf_text(out)


def test_a_territory_without_a_meeting_that_day_lists_those_held(two_sous_ccapex, tmp_path,
                                                                   capsys):
    code, _, stderr = releve(two_sous_ccapex, tmp_path / "r.pdf", capsys, "--date",
                             "2025-11-11", "--kind", "SOUS_CCAPEX", "--territory", "Auch")
    assert code == 2 and stderr == (
        'Erreur : Aucune réunion de type Sous-CCAPEX sur le territoire « Auch » le 11 novembre '
        '2025 ; ce jour-là : Condom (--territory "Condom"), Éauze (--territory "Éauze").\n')
    assert not (tmp_path / "r.pdf").exists()


def test_two_meetings_of_one_kind_and_territory_on_one_day_lead_to_the_application(tmp_path,
                                                                                  capsys):
    path = tmp_path / "gers.db"
    with Base.create(path, Profile(department_code="32", adil_name="ADIL du Gers")) as opened:
        for _ in range(2):
            meetings.save(opened.con, Meeting(held_on=date(2025, 11, 11), territory="Condom",
                                              kind=MeetingKind.SOUS_CCAPEX))
    code, _, stderr = releve(path, tmp_path / "r.pdf", capsys, "--date", "2025-11-11",
                             "--territory", "condom")
    assert code == 2 and stderr == (
        "Erreur : 2 réunions se sont tenues le 11 novembre 2025 (Condom, Condom) : la ligne de "
        "commande ne peut choisir entre elles. Produisez ce relevé depuis l'application "
        "(Réunions CCAPEX, bouton « Relevé PDF… »).\n")
    assert not (tmp_path / "r.pdf").exists()


def test_an_unknown_kind_is_a_usage_error_listing_the_codes(base, tmp_path, capsys):
    code, stdout, stderr = releve(base, tmp_path / "r.pdf", capsys, "--date", "2025-11-11",
                                  "--kind", "commission")
    assert (code, stdout) == (2, "")
    assert stderr.endswith("argument --kind : choix invalide : « COMMISSION » (valeurs "
                           "possibles : PLENIERE, TECHNIQUE, SOUS_CCAPEX, COPIL_CHARTE, "
                           "GROUPE_TRAVAIL, AUTRE)\n")
    assert list(tmp_path.iterdir()) == []


def test_a_base_without_any_meeting_says_so(tmp_path, capsys):
    empty = tmp_path / "vide.db"
    Base.create(empty, Profile(department_code="32", adil_name="ADIL du Gers")).close()
    code, _, stderr = releve(empty, tmp_path / "r.pdf", capsys, "--date", "2025-11-11")
    assert (code, stderr) == (2, "Erreur : Aucune réunion n'est enregistrée dans la base.\n")
    assert [p.name for p in tmp_path.iterdir()] == ["vide.db"]


def test_a_missing_base_exits_2(tmp_path, capsys):
    code, _, stderr = releve(tmp_path / "absente.db", tmp_path / "r.pdf", capsys, "--date",
                             "2025-11-11")
    assert code == 2 and stderr.startswith("Erreur : ")
    assert list(tmp_path.iterdir()) == []


def test_the_agenda_and_the_actions_dealt_with_are_in_the_releve(tmp_path, capsys):
    path = tmp_path / "gers.db"
    with Base.create(path, Profile(department_code="32", adil_name="ADIL du Gers")) as opened:
        con = opened.con
        charter = roadmap.save_action(con, Action(axis_id=roadmap.axes(con)[0].id,
                                                  title="Réécriture de la charte"))
        meetings.save(con, Meeting(held_on=date(2026, 3, 10), kind=MeetingKind.TECHNIQUE,
                                   dossiers_registered=18, dossiers_examined=15,
                                   dossiers_adjourned=3), action_ids=[charter.id])
    out = tmp_path / "releve.pdf"
    assert releve(path, out, capsys, "--date", "2026-03-10")[0] == 0
    text = pdf_text(out)
    assert ("Dossiers inscrits à l'ordre du jour 18 Dossiers examinés 15 Dossiers ajournés 3"
            in text)
    assert ("Actions de la feuille de route abordées 1 action abordée. Axe Action FR1_SUIVI "
            "Réécriture de la charte") in text


def test_a_base_damaged_where_the_releve_does_not_read_keeps_the_previous_releve(
        base, tmp_path, capsys):
    """The quick check runs while the relevé is laid out: the damage it finds keeps the
    relevé from replacing the one already there."""
    db = Path(shutil.copy(base, tmp_path / "gers.db"))
    spoil_root_page(db, "change_log")
    out = tmp_path / "releve.pdf"
    previous = b"%PDF- the previous one"
    out.write_bytes(previous)
    code, stdout, stderr = releve(db, out, capsys, "--date", "2025-03-04")
    assert (code, stdout) == (1, "")
    assert stderr.startswith(f"Erreur : La base {db} est endommagée.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gers.db", "releve.pdf"]
    assert out.read_bytes() == previous
