"""French wording of the system's errors and of the checks made before a file is written
(shared by the command line and the application)."""

from __future__ import annotations

import errno

import pytest

from pexdesk.core.errors import StorageError
from pexdesk.core.safety.files import check_new_file, os_error_message, os_reason


@pytest.mark.parametrize("number, french", [
    (errno.EACCES, "permission refusée"),
    (errno.EROFS, "support en lecture seule"),
    (errno.EPERM, "opération non permise"),
    (errno.EISDIR, "c'est un dossier"),
    (errno.ENOSPC, "plus de place sur le disque"),
    (errno.ENOENT, "fichier ou dossier introuvable"),
])
def test_system_errors_are_worded_in_french(number, french):
    assert os_reason(OSError(number, "English words", "/un/fichier")) == french


def test_an_unknown_system_error_keeps_the_system_s_words():
    assert os_reason(OSError(errno.ENOTSOCK, "Socket operation on non-socket")) == (
        "Socket operation on non-socket")


def test_a_disk_error_quotes_the_french_reason():
    message = os_error_message(OSError(errno.EIO, "Input/output error"), "rien n'a été écrit")
    assert message == ("Erreur d'écriture sur le disque (erreur de lecture ou d'écriture du "
                       "disque) : rien n'a été écrit.")


def test_a_new_file_must_have_the_extension_of_its_content(tmp_path):
    with pytest.raises(StorageError) as refused:
        check_new_file(tmp_path / "journal.xlsx", ".csv", "le journal (CSV)", StorageError)
    assert str(refused.value) == ("Nom de fichier « .xlsx » refusé : le journal (CSV) s'écrit "
                                  "dans un fichier « .csv » (par exemple journal.csv). Rien n'a "
                                  "été écrit.")
    with pytest.raises(StorageError, match="Nom de fichier sans extension refusé"):
        check_new_file(tmp_path / "journal", ".csv", "le journal (CSV)", StorageError)
    assert check_new_file(tmp_path / "journal.CSV", ".csv", "le journal", StorageError) == (
        tmp_path / "journal.CSV")


def test_a_new_file_in_a_file_or_a_missing_folder_is_refused(tmp_path):
    (tmp_path / "demo.db").write_bytes(b"")
    with pytest.raises(StorageError) as refused:
        check_new_file(tmp_path / "demo.db" / "x.pdf", ".pdf", "un bilan", StorageError)
    assert str(refused.value) == (f"{tmp_path / 'demo.db'} est un fichier, pas un dossier : "
                                  "rien n'a été écrit.")
    with pytest.raises(StorageError, match="Le dossier .*absent n'existe pas : rien n'a été"):
        check_new_file(tmp_path / "absent" / "x.pdf", ".pdf", "un bilan", StorageError)
    with pytest.raises(StorageError, match="est un dossier : indiquez le nom du fichier"):
        check_new_file(tmp_path, ".pdf", "un bilan", StorageError)
