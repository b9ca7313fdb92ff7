"""Restore fed with malformed, mutated, truncated, foreign and encrypted files (Hypothesis):
it never crashes, and when it refuses, nothing at all is written beside the base; when it
accepts, the restored base is sound."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from pexdesk.core.errors import PexdeskError
from pexdesk.core.safety import archive, backup
from pexdesk.core.safety.restore import restore
from pexdesk.core.services.check import Verdict, check_base
from tests.safety_helpers import awkward_base

pytestmark = pytest.mark.slow

FAST = archive.KdfParams(archive.SCRYPT, 10, 8, 1)
PASSWORD = "phrase de passe ADIL"
SEED = 20260314
EXAMPLES = 300
TRIED: dict[str, int] = {}


@pytest.fixture(scope="module")
def material(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("fuzz")
    base = awkward_base(folder / "pexdesk.db", partner_count=6)
    plain = backup.make_backup(base, out=folder / "copie.db").path.read_bytes()
    foreign = folder / "autre.db"
    with closing(sqlite3.connect(foreign)) as con:
        con.execute("CREATE TABLE t(x)")
        con.execute("INSERT INTO t VALUES ('abc')")
        con.commit()
    return {"base": base.read_bytes(), "plain": plain,
            "sealed": archive.seal(plain, PASSWORD, FAST), "foreign": foreign.read_bytes()}


def _mutate(data: bytes, draw, region: tuple[int, int] | None = None) -> bytes:
    data = bytearray(data)
    low, high = region or (0, len(data) - 1)
    for _ in range(draw(st.integers(1, 6))):
        data[draw(st.integers(low, min(high, len(data) - 1)))] ^= draw(st.integers(1, 255))
    return bytes(data)


@st.composite
def malformed(draw, material):
    kind = draw(st.sampled_from([
        "plain-flips", "plain-header", "plain-truncated", "plain-extended", "random",
        "foreign", "sealed-flips", "sealed-header", "sealed-truncated", "sealed-wrong-password",
        "sealed-random-body", "sqlite-magic-then-garbage", "empty", "header-fields"]))
    plain, sealed = material["plain"], material["sealed"]
    password = PASSWORD if kind.startswith("sealed") else None
    if kind == "plain-flips":
        data = _mutate(plain, draw)
    elif kind == "plain-header":
        data = _mutate(plain, draw, (0, 99))
    elif kind == "plain-truncated":
        data = plain[:draw(st.integers(0, len(plain) - 1))]
    elif kind == "plain-extended":
        data = plain + draw(st.binary(min_size=1, max_size=5000))
    elif kind == "random":
        data = draw(st.binary(max_size=4096))
    elif kind == "foreign":
        data = material["foreign"]
    elif kind == "sealed-flips":
        data = _mutate(sealed, draw)
    elif kind == "sealed-header":
        data = _mutate(sealed, draw, (0, archive.HEADER_SIZE - 1))
    elif kind == "sealed-truncated":
        data = sealed[:draw(st.integers(0, len(sealed) - 1))]
    elif kind == "sealed-wrong-password":
        data, password = sealed, draw(st.text(min_size=1, max_size=30))
    elif kind == "sealed-random-body":
        data = sealed[:archive.HEADER_SIZE] + draw(st.binary(min_size=16, max_size=2048))
    elif kind == "sqlite-magic-then-garbage":
        data = b"SQLite format 3\x00" + draw(st.binary(min_size=0, max_size=8192))
    elif kind == "empty":
        data = b""
    else:  # plausible header, wrong fields: page size, user_version, application id…
        data = bytearray(plain)
        offset = draw(st.sampled_from([16, 18, 19, 20, 21, 28, 60, 68, 92, 96]))
        data[offset:offset + 4] = draw(st.binary(min_size=4, max_size=4))
        data = bytes(data)
    return kind, data, password


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@seed(SEED)
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_restore_never_crashes_and_never_half_writes(material, data):
    kind, content, password = data.draw(malformed(material))
    TRIED[kind] = TRIED.get(kind, 0) + 1
    folder = Path(tempfile.mkdtemp(prefix="pexdesk-fuzz-"))
    try:
        (folder / "pexdesk.db").write_bytes(material["base"])
        source = folder.parent / f"{folder.name}.source"
        source.write_bytes(content)
        before = _snapshot(folder)
        try:
            restore(source, folder / "pexdesk.db", password=password)
        except PexdeskError as exc:
            assert str(exc)
            assert _snapshot(folder) == before  # refused: not one byte written
            TRIED["refused"] = TRIED.get("refused", 0) + 1
        else:
            assert check_base(folder / "pexdesk.db").verdict == Verdict.SOUND
            TRIED["accepted"] = TRIED.get("accepted", 0) + 1
    finally:
        shutil.rmtree(folder)
        (folder.parent / f"{folder.name}.source").unlink(missing_ok=True)


def test_zz_report(figures):
    """Runs after the property (file order): its figures for the summary."""
    if TRIED:
        kinds = sum(n for k, n in TRIED.items() if k not in ("refused", "accepted"))
        figures("restauration de fichiers malformés (Hypothesis)", inputs=kinds,
                refused_cleanly=TRIED.get("refused", 0),
                accepted_sound=TRIED.get("accepted", 0), crashes=0, seed=SEED)
