"""Where a base lives when the user names none.

The per-user *local* application-data folder (``%LOCALAPPDATA%`` on Windows,
``~/.local/share`` on Linux): never *Documents*, which ADIL laptops often sync
to OneDrive, and a synced SQLite file gets corrupted (shared/reliability.md §1.3).
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_BASE_NAME = "pexdesk.db"
DEFAULT_BASE_HINT = "le dossier de données de l'utilisateur, fichier pexdesk.db"
"""How help texts name the default place without computing it at start-up."""


def default_base_path() -> Path:
    from platformdirs import user_data_path  # only when a default is really needed

    return user_data_path("pexdesk", appauthor=False, roaming=False) / DEFAULT_BASE_NAME
