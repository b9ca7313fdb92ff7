"""The encrypted archive format: round trip, wrong password, every header byte protected,
hostile parameters refused before any key derivation, mutated archives never crash."""

from __future__ import annotations

import os
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pexdesk.core.errors import (DamagedBackupError, NotABackupError, PexdeskError,
                                 WrongPasswordError)
from pexdesk.core.safety import archive

FAST = archive.KdfParams(archive.SCRYPT, 10, 8, 1)
"""Cheap key derivation for tests (the header carries the parameters)."""
PASSWORD = "phrase de passe ADIL"
CONTENT = b"SQLite format 3\x00" + os.urandom(3000) + b"\x00" * 5000


def test_round_trip_with_both_key_derivations():
    for kdf in (FAST, archive.KdfParams(archive.ARGON2ID, 1024, 1, 1)):
        sealed = archive.seal(CONTENT, PASSWORD, kdf)
        assert sealed[:4] == b"PEXB" and archive.is_archive(sealed)
        assert archive.open_sealed(sealed, PASSWORD) == CONTENT
        assert CONTENT[100:200] not in sealed


def test_default_key_derivation_is_a_strong_one():
    kdf = archive.default_kdf()
    assert kdf in (archive.STRONG_ARGON2ID, archive.STRONG_SCRYPT)
    sealed = archive.seal(b"x" * 100, PASSWORD)
    assert archive.open_sealed(sealed, PASSWORD) == b"x" * 100


def test_password_is_normalised():
    decomposed, composed = "cle\u0301 de l'ADIL", "clé de l'ADIL"
    assert archive.open_sealed(archive.seal(b"abc", decomposed, FAST), composed) == b"abc"


def test_wrong_password_is_a_clear_french_message():
    sealed = archive.seal(CONTENT, PASSWORD, FAST)
    with pytest.raises(WrongPasswordError, match="Mot de passe incorrect.*rien n'a été restauré"):
        archive.open_sealed(sealed, PASSWORD + "!")


def test_short_password_refused_when_encrypting():
    with pytest.raises(WrongPasswordError, match="trop court"):
        archive.seal(b"x", "court", FAST)


@pytest.mark.parametrize("offset", range(archive.HEADER_SIZE))
def test_every_header_byte_is_authenticated_or_checked(offset):
    sealed = bytearray(archive.seal(CONTENT, PASSWORD, FAST))
    sealed[offset] ^= 0x01
    with pytest.raises((WrongPasswordError, NotABackupError, DamagedBackupError)):
        archive.open_sealed(bytes(sealed), PASSWORD)


def test_tampered_body_or_tag_fails():
    sealed = archive.seal(CONTENT, PASSWORD, FAST)
    for position in (archive.HEADER_SIZE, len(sealed) // 2, len(sealed) - 1):
        tampered = bytearray(sealed)
        tampered[position] ^= 0x80
        with pytest.raises(WrongPasswordError):
            archive.open_sealed(bytes(tampered), PASSWORD)
    with pytest.raises((WrongPasswordError, NotABackupError)):
        archive.open_sealed(sealed[:-1], PASSWORD)


def _header(kind=archive.SCRYPT, a=10, b=8, c=1, version=1, compression=1, length=10):
    return struct.pack(">4sBBIII16s12sBQ", b"PEXB", version, kind, a, b, c, b"s" * 16,
                       b"n" * 12, compression, length)


@pytest.mark.parametrize("fields", [
    dict(kind=9), dict(a=40), dict(a=20, b=32), dict(a=3), dict(b=0), dict(c=0), dict(c=99),
    dict(kind=archive.ARGON2ID, a=2 ** 31, b=3, c=4), dict(kind=archive.ARGON2ID, a=8, b=0, c=4),
    dict(kind=archive.ARGON2ID, a=1024, b=3, c=64), dict(compression=7),
    dict(length=2 ** 62), dict(version=2)],
    ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_hostile_parameters_refused_before_deriving(fields, monkeypatch):
    monkeypatch.setattr(archive.KdfParams, "derive",
                        lambda *a: pytest.fail("key derived from hostile parameters"))
    with pytest.raises(NotABackupError):
        archive.open_sealed(_header(**fields) + b"\x00" * 32, PASSWORD)


@pytest.mark.parametrize("kept", [100, 400])
def test_a_truncated_archive_is_damaged_not_a_wrong_password(kept):
    sealed = archive.seal(b"\x00" * 500_000, PASSWORD, FAST)  # 500 kB deflate to < 1 kB
    with pytest.raises(DamagedBackupError, match="Archive pexdesk endommagée ou incomplète"):
        archive.open_sealed(sealed[:kept], PASSWORD)


def test_newer_format_asks_for_an_update():
    with pytest.raises(NotABackupError, match="plus récente"):
        archive.open_sealed(_header(version=2) + b"\x00" * 32, PASSWORD)


def test_zip_bomb_content_stops_at_the_announced_length(monkeypatch):
    """Even an archive sealed with the right key cannot make pexdesk inflate past the
    length its (authenticated) header announces."""
    import zlib

    bomb = zlib.compress(b"\x00" * 50_000_000)
    kdf, salt, nonce = FAST, os.urandom(16), os.urandom(12)
    header = struct.pack(">4sBBIII16s12sBQ", b"PEXB", 1, kdf.kind, kdf.a, kdf.b, kdf.c, salt,
                         nonce, 1, 1000)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sealed = header + AESGCM(kdf.derive(PASSWORD, salt)).encrypt(nonce, bomb, header)
    with pytest.raises(NotABackupError, match="incohérente"):
        archive.open_sealed(sealed, PASSWORD)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_archives_never_crash(data):
    sealed = bytearray(archive.seal(b"contenu de test" * 20, PASSWORD, FAST))
    how = data.draw(st.sampled_from(["flip", "truncate", "extend", "random"]))
    if how == "flip":
        for _ in range(data.draw(st.integers(1, 4))):
            sealed[data.draw(st.integers(0, len(sealed) - 1))] ^= data.draw(st.integers(1, 255))
    elif how == "truncate":
        sealed = sealed[:data.draw(st.integers(0, len(sealed) - 1))]
    elif how == "extend":
        sealed += data.draw(st.binary(min_size=1, max_size=64))
    else:
        sealed = bytearray(b"PEXB" + data.draw(st.binary(max_size=200)))
    try:
        archive.open_sealed(bytes(sealed), PASSWORD)
    except PexdeskError as exc:
        assert str(exc)
    else:  # only a harmless change can pass, and then the content is intact
        assert how == "flip"
