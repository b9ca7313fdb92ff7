"""Keeping the data safe: backups and restore, encrypted archives, the single-writer lock,
location warnings, the change journal and the retention purge (shared/reliability.md).

Each module has one job; none imports Qt. Messages are French and written for the user.
"""
