"""backup, restore, purge, journal: keeping a base safe from the command line.

    pexdesk backup --db PATH [--out FICHIER|DOSSIER] [--encrypt]
    pexdesk restore SAUVEGARDE --db PATH
    pexdesk purge --db PATH --years N [--yes]
    pexdesk journal --db PATH [--out FICHIER.csv] [--limit N]

Exit 0 done; 1 a damaged base or backup; 2 unusable input (missing or foreign file, wrong
password, a base open for writing elsewhere, bad option). Messages are French.

Passwords of encrypted archives are asked on the terminal (twice when encrypting) or, for
scripts, read from the environment variable ``PEXDESK_PASSWORD``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from pexdesk.commands import (EXIT_OK, EXIT_UNUSABLE, base_path, db_option, fail,
                              note_if_not_journaled)
from pexdesk.core.formatting import format_number, plural

PASSWORD_VARIABLE = "PEXDESK_PASSWORD"


def register(commands) -> None:
    backup = commands.add_parser(
        "backup", help="faire une copie vérifiée de la base (chiffrée avec --encrypt)",
        description="Copie vérifiée de la base, dans le dossier « sauvegardes » à côté d'elle "
                    "(les plus anciennes sont éclaircies) ou dans --out. Avec --encrypt, une "
                    f"archive protégée par mot de passe (demandé, ou lu dans {PASSWORD_VARIABLE}).")
    db_option(backup)
    backup.add_argument("--out", type=Path, metavar="FICHIER",
                        help="fichier à écrire (il ne doit pas exister) ou dossier où l'écrire")
    backup.add_argument("--encrypt", action="store_true",
                        help="chiffrer la copie (AES-256-GCM, clé tirée du mot de passe)")
    backup.add_argument("--keep-last", type=int, default=10, metavar="N",
                        help="sauvegardes récentes gardées dans « sauvegardes » (défaut : 10)")
    backup.add_argument("--keep-days", type=int, default=30, metavar="N",
                        help="jours pendant lesquels une sauvegarde par jour est gardée "
                             "(défaut : 30)")
    backup.set_defaults(run=run_backup)

    restore = commands.add_parser(
        "restore", help="remplacer la base par une sauvegarde (la base actuelle est gardée)",
        description="Remplace la base par une sauvegarde (.db ou archive chiffrée .pexb), "
                    "après l'avoir vérifiée ; la base remplacée est gardée dans « sauvegardes ».")
    restore.add_argument("backup", type=Path, metavar="SAUVEGARDE", help="fichier de sauvegarde")
    db_option(restore)
    restore.set_defaults(run=run_restore)

    purge = commands.add_parser(
        "purge", help="supprimer contacts et réponses plus anciens que la durée de conservation",
        description="Sans --yes, montre ce qui serait supprimé. Avec --yes, fait d'abord une "
                    "sauvegarde, puis supprime.")
    db_option(purge)
    purge.add_argument("--years", type=int, required=True, metavar="N",
                       help="durée de conservation en années")
    purge.add_argument("--yes", action="store_true", help="supprimer pour de bon")
    purge.set_defaults(run=run_purge)

    journal = commands.add_parser(
        "journal", help="afficher ou exporter (CSV) le journal des modifications",
        description="Affiche les dernières lignes du journal de la base : créations, "
                    "modifications et suppressions (les champs modifiés, jamais leurs valeurs), "
                    "sauvegardes, restaurations, exports, documents PDF (bilans, relevés, "
                    "questionnaires), imports et purges. Avec "
                    "--out, exporte tout le journal en CSV.")
    db_option(journal)
    journal.add_argument("--out", type=Path, metavar="FICHIER.csv",
                         help="exporter tout le journal dans ce fichier CSV")
    journal.add_argument("--limit", type=int, default=100, metavar="N",
                         help="nombre de lignes affichées, les plus récentes (défaut : 100)")
    journal.set_defaults(run=run_journal)


def _warn_location(path: Path) -> None:
    from pexdesk.core.safety.location import location_warnings

    for warning in location_warnings(path):
        print(f"Attention : {warning.message}", file=sys.stderr)


def _password(confirm: bool) -> str:
    from pexdesk.core.errors import WrongPasswordError

    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise WrongPasswordError(f"Mot de passe nécessaire : lancez la commande dans un terminal, "
                                 f"ou donnez-le dans la variable {PASSWORD_VARIABLE}.")
    password = getpass.getpass("Mot de passe : ")
    if confirm and getpass.getpass("Le même, pour vérifier : ") != password:
        raise WrongPasswordError("Les deux mots de passe diffèrent : rien n'a été écrit.")
    return password


def run_backup(args: argparse.Namespace) -> int:
    from pexdesk.core.errors import PexdeskError
    from pexdesk.core.safety.archive import check_new_password
    from pexdesk.core.safety.backup import BackupPolicy, make_backup

    path = base_path(args)
    try:
        policy = BackupPolicy(args.keep_last, args.keep_days)
    except ValueError:
        print("Erreur : --keep-last doit valoir au moins 1 et --keep-days au moins 0.",
              file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        password = None
        if args.encrypt:
            password = _password(confirm=True)
            check_new_password(password)
        _warn_location(path)
        result = make_backup(path, out=args.out, password=password, policy=policy)
    except PexdeskError as exc:
        return fail(exc)
    kind = "Archive chiffrée écrite" if result.encrypted else "Sauvegarde vérifiée écrite"
    print(f"{kind} : {result.path}")
    print(f"{plural(result.records, 'enregistrement')}, en {format_number(result.seconds, 1)} s.")
    if result.deleted:
        print(f"{plural(len(result.deleted), 'ancienne sauvegarde supprimée', 'anciennes sauvegardes supprimées')} (rotation).")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from pexdesk.core.errors import PexdeskError
    from pexdesk.core.safety.archive import HEADER_SIZE, is_archive
    from pexdesk.core.safety.restore import restore

    path = base_path(args)
    try:
        password = None
        try:
            with open(args.backup, "rb") as handle:
                encrypted = is_archive(handle.read(HEADER_SIZE))
        except OSError:
            encrypted = False  # restore() says what is wrong with the file
        if encrypted:
            password = _password(confirm=False)
        _warn_location(path)
        result = restore(args.backup, path, password=password)
    except PexdeskError as exc:
        return fail(exc)
    print(f"Base restaurée : {result.base_path} ({plural(result.records, 'enregistrement')}, "
          f"depuis {result.source.name}).")
    for kept in result.kept[:1]:
        print(f"La base remplacée est gardée dans : {kept}")
    return EXIT_OK


def run_purge(args: argparse.Namespace) -> int:
    from pexdesk.core.db.base import Base
    from pexdesk.core.errors import PexdeskError
    from pexdesk.core.safety import journal, retention
    from pexdesk.core.safety.backup import TAG_PURGE, make_backup

    path = base_path(args)
    try:
        retention.check_years(args.years)
        if not args.yes:
            with Base.open(path, read_only=True) as base:
                plan = retention.plan_purge(base.con, args.years)
            print("\n".join(plan.lines()))
            if not plan.empty:
                print("Rien n'a été supprimé. Relancez avec --yes pour supprimer ces données "
                      "(une sauvegarde est faite avant).")
            return EXIT_OK
        with Base.open(path) as base:
            plan = retention.plan_purge(base.con, args.years)
            if plan.empty:
                print("\n".join(plan.lines()))
                print("Rien à supprimer.")
                return EXIT_OK
            kept = make_backup(path, tag=TAG_PURGE, record=False)
            journal.record(base.con, "BACKUP", kept.summary)
            result = retention.purge(base.con, plan)
    except PexdeskError as exc:
        return fail(exc)
    print(f"Purge faite : {result.summary}.")
    print(f"Sauvegarde faite avant : {kept.path} (elle et les sauvegardes plus anciennes "
          "contiennent encore ces données, jusqu'à la rotation des sauvegardes).")
    return EXIT_OK


def run_journal(args: argparse.Namespace) -> int:
    from pexdesk.core.db.base import Base
    from pexdesk.core.errors import PexdeskError, StorageError
    from pexdesk.core.safety import journal
    from pexdesk.core.safety.files import check_new_file

    path = base_path(args)
    if args.limit < 1:
        print("Erreur : --limit doit valoir au moins 1.", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        out = None if args.out is None else check_new_file(
            args.out, ".csv", "le journal (CSV)", StorageError)
        with Base.open(path, read_only=True) as base:
            if not journal.has_journal(base.con):
                print("Cette base n'a pas encore de journal : il commence à sa prochaine "
                      "ouverture par cette version de pexdesk.")
                return EXIT_OK
            rows = journal.entries(base.con, limit=None if out else args.limit)
        if out is not None:
            _write_journal(out, rows)
    except PexdeskError as exc:
        return fail(exc)
    if out is not None:
        if not journal.record_at(path, "EXPORT", f"journal des modifications ({len(rows)} "
                                                 f"lignes) vers {out}"):
            note_if_not_journaled(path, "l'export du journal")
        print(f"Journal exporté : {args.out} ({len(rows)} lignes).")
        return EXIT_OK
    for entry in rows:
        print(entry.text())
    if not rows:
        print("Le journal est vide.")
    return EXIT_OK


def _write_journal(out: Path, rows) -> None:
    """The journal as CSV at ``out``, atomically; StorageError (French) if it cannot be."""
    from pexdesk.core.errors import StorageError
    from pexdesk.core.safety import journal
    from pexdesk.core.safety.files import atomic_write_bytes, os_error_message

    try:
        atomic_write_bytes(out, journal.csv_bytes(rows))
    except OSError as exc:
        raise StorageError(os_error_message(exc, "le journal n'a pas été exporté")) from exc
