"""Warnings about where a base lives: a network share or a synced folder.

SQLite's locking and its WAL need one computer and a local disk (sqlite.org/wal.html);
a sync client (OneDrive, Dropbox…) copies the files while they are being written. Both
corrupt bases (shared/reliability.md §1.3). pexdesk still opens such a base, with a
warning the user sees: refusing would lock them out of their own data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath
from typing import NamedTuple

NETWORK_FS_TYPES = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs",
                    "fuse.sshfs", "9p", "afs", "ceph", "glusterfs", "fuse.glusterfs", "davfs",
                    "fuse.davfs", "fuse.rclone", "fuse.s3fs", "lustre", "gpfs", "ncpfs",
                    "coda", "fuse.gvfsd-fuse", "fuse.onedriver"}

SYNC_FOLDER_NAMES = ("onedrive", "dropbox", "google drive", "googledrive", "my drive",
                     "mon drive", "nextcloud", "owncloud", "icloud drive", "iclouddrive",
                     "mobile documents", "pcloud drive", "box sync", "box drive", "tresorit",
                     "megasync", "seafile")
"""Folder names (case-insensitive, or their start: « OneDrive - ADIL 35 ») of sync clients."""

SYNC_MARKERS = (".dropbox", ".dropbox.cache", ".owncloudsync.log", ".nextcloudsync.log",
                ".sync_journal.db", ".tresorit", ".sync", ".megaignore")
"""Files or folders that sync clients leave at the root of what they sync."""

SYNC_ENVIRONMENT = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


class LocationWarning(NamedTuple):
    kind: str  # "reseau" or "synchronise"
    message: str


def location_warnings(path: Path | str) -> list[LocationWarning]:
    """French warnings for a base at ``path`` (empty: a local, unsynced folder)."""
    path = Path(os.path.abspath(path))
    warnings = []
    network = network_location(path)
    if network:
        warnings.append(LocationWarning("reseau", (
            f"La base est sur un lecteur réseau ({network}). SQLite n'y garantit pas le "
            "verrouillage : deux ordinateurs pourraient l'abîmer. Copiez-la sur le disque de "
            "cet ordinateur (utilisez « Sauvegarder une copie… » pour la transmettre).")))
    synced = synced_location(path)
    if synced:
        warnings.append(LocationWarning("synchronise", (
            f"La base est dans un dossier synchronisé ({synced}). Le logiciel de "
            "synchronisation peut copier le fichier pendant une écriture et l'abîmer. "
            "Déplacez-la dans un dossier local non synchronisé (par défaut : le dossier "
            "de données de pexdesk).")))
    return warnings


def network_location(path: Path) -> str | None:
    """A short description of the network location holding ``path``, or None."""
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "chemin réseau " + "\\".join(PurePath(text).parts[:1])
    if text.startswith("\\\\?\\UNC\\"):
        return "chemin réseau"
    if sys.platform == "win32":
        return _windows_remote_drive(path)
    fs_type = mount_type(path)
    if fs_type and (fs_type in NETWORK_FS_TYPES or fs_type.split(".")[0] in NETWORK_FS_TYPES):
        return f"système de fichiers {fs_type}"
    return None


def mount_type(path: Path, mounts: str | None = None) -> str | None:
    """The file-system type of the mount holding ``path``, from /proc/mounts (Linux)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            return None
    best, best_type = "", None
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and \
                len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def synced_location(path: Path, environment: dict[str, str] | None = None) -> str | None:
    """The sync client's folder holding ``path``, or None."""
    environment = dict(os.environ) if environment is None else environment
    for variable in SYNC_ENVIRONMENT:
        root = environment.get(variable)
        if root and _is_within(path, Path(root)):
            return root
    for parent in [path, *path.parents]:
        name = parent.name.lower()
        if name and any(name == known or name.startswith(known + " -")
                        or name.startswith(known + "-") for known in SYNC_FOLDER_NAMES):
            return str(parent)
        for marker in SYNC_MARKERS:
            try:
                if (parent / marker).exists():
                    return str(parent)
            except OSError:
                continue
    return None


def _is_within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return os.path.normcase(str(path)).startswith(os.path.normcase(str(root)) + os.sep)


if sys.platform == "win32":
    import ctypes

    _DRIVE_REMOTE = 4

    def _windows_remote_drive(path: Path) -> str | None:
        drive = path.drive
        if not drive:
            return None
        if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == _DRIVE_REMOTE:
            return f"lecteur réseau {drive}"
        return None
