"""Password-protected archives, for the copies of a base that leave the computer.

Format version 1 (shared/reliability.md §3.4), all integers big-endian::

    offset size
     0      4  magic b"PEXB"
     4      1  format version (1)
     5      1  key derivation: 1 = scrypt, 2 = Argon2id
     6     12  three 32-bit parameters: scrypt (log2 n, r, p); Argon2id (memory in KiB,
               passes, lanes)
    18     16  salt (random)
    34     12  nonce (random)
    46      1  compression: 0 none, 1 zlib
    47      8  length of the content once decrypted and decompressed
    55      …  AES-256-GCM ciphertext of the (compressed) content, then its 16-byte tag

The 55-byte header is the GCM associated data: changing any byte of it (parameters, salt,
lengths) makes decryption fail like a wrong password does. The key is derived from the
password (NFC-normalised, UTF-8) with Argon2id (64 MiB, 3 passes, 4 lanes) when the
installed ``cryptography`` has it, scrypt (n = 2^17, r = 8, p = 1: 128 MiB) otherwise.
Reading refuses parameters beyond fixed caps before deriving anything, so a hostile header
cannot make pexdesk allocate gigabytes, and decompression stops at the announced length.
"""

from __future__ import annotations

import os
import struct
import unicodedata
import zlib
from dataclasses import dataclass

from pexdesk.core.errors import DamagedBackupError, NotABackupError, WrongPasswordError

MAGIC = b"PEXB"
VERSION = 1
SCRYPT, ARGON2ID = 1, 2
_HEADER = struct.Struct(">4sBBIII16s12sBQ")
HEADER_SIZE = _HEADER.size
TAG_SIZE = 16
ARCHIVE_SUFFIX = ".pexb"

DEFLATE_MAX_RATIO = 1032
"""deflate never makes data more than 1032 times smaller: a shorter ciphertext than the
announced length allows was cut (a copy interrupted, a download not finished)."""
MAX_CONTENT = 2 * 1024 ** 3
"""Largest content an archive may announce (a pexdesk base is a few MB)."""
MAX_KDF_MEMORY = 1024 ** 3
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class KdfParams:
    kind: int
    a: int
    b: int
    c: int

    def check(self) -> None:
        """Refuse parameters a legitimate archive never has (cost caps, minimum strength)."""
        if self.kind == SCRYPT:
            log_n, r, p = self.a, self.b, self.c
            ok = (10 <= log_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16
                  and 128 * r * (2 ** log_n) <= MAX_KDF_MEMORY)
        elif self.kind == ARGON2ID:
            memory_kib, passes, lanes = self.a, self.b, self.c
            ok = (1 <= lanes <= 16 and 8 * lanes <= memory_kib <= MAX_KDF_MEMORY // 1024
                  and 1 <= passes <= 16)
        else:
            ok = False
        if not ok:
            raise NotABackupError("Archive pexdesk illisible : paramètres de chiffrement "
                                  "inconnus ou invalides. Rien n'a été restauré.")

    def derive(self, password: str, salt: bytes) -> bytes:
        # cryptography is imported here, not at module level: opening the app need not pay
        # for it; only making or reading an encrypted archive does.
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        secret = password_bytes(password)
        if self.kind == SCRYPT:
            return Scrypt(salt=salt, length=32, n=2 ** self.a, r=self.b, p=self.c).derive(secret)
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        return Argon2id(salt=salt, length=32, iterations=self.b, lanes=self.c,
                        memory_cost=self.a).derive(secret)


STRONG_ARGON2ID = KdfParams(ARGON2ID, 64 * 1024, 3, 4)
STRONG_SCRYPT = KdfParams(SCRYPT, 17, 8, 1)


def default_kdf() -> KdfParams:
    """Argon2id where this ``cryptography`` (≥ 44, with OpenSSL ≥ 3.2) provides it."""
    from cryptography.exceptions import UnsupportedAlgorithm

    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        Argon2id(salt=b"\0" * 16, length=32, iterations=1, lanes=1, memory_cost=8).derive(b"x")
    except (ImportError, UnsupportedAlgorithm):
        return STRONG_SCRYPT
    return STRONG_ARGON2ID


def password_bytes(password: str) -> bytes:
    """The same typed password gives the same bytes on every system (NFC)."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WrongPasswordError(
            f"Mot de passe trop court : choisissez au moins {MIN_PASSWORD_LENGTH} caractères "
            "(une phrase de passe de plusieurs mots est plus sûre).")


def is_archive(head: bytes) -> bool:
    return head[:4] == MAGIC


def seal(content: bytes, password: str, kdf: KdfParams | None = None) -> bytes:
    """The archive of ``content`` protected by ``password``."""
    check_new_password(password)
    kdf = kdf or default_kdf()
    kdf.check()
    salt, nonce = os.urandom(16), os.urandom(12)
    packed = zlib.compress(content, 6)
    header = _HEADER.pack(MAGIC, VERSION, kdf.kind, kdf.a, kdf.b, kdf.c, salt, nonce, 1,
                          len(content))
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = kdf.derive(password, salt)
    return header + AESGCM(key).encrypt(nonce, packed, header)


def open_sealed(archive: bytes, password: str) -> bytes:
    """The content of ``archive``; :class:`WrongPasswordError` for a wrong password or an
    altered archive, :class:`NotABackupError` for a file that is not one."""
    if len(archive) < HEADER_SIZE + TAG_SIZE or not is_archive(archive):
        raise NotABackupError("Ce fichier n'est pas une archive pexdesk (ou il est tronqué). "
                              "Rien n'a été restauré.")
    header = archive[:HEADER_SIZE]
    magic, version, kind, a, b, c, salt, nonce, compression, length = _HEADER.unpack(header)
    if version != VERSION:
        raise NotABackupError(
            f"Cette archive a été écrite par une version plus récente de pexdesk (format "
            f"{version}). Mettez pexdesk à jour pour la lire. Rien n'a été restauré.")
    if compression not in (0, 1) or length > MAX_CONTENT:
        raise NotABackupError("Archive pexdesk illisible : en-tête invalide. "
                              "Rien n'a été restauré.")
    if _truncated(len(archive) - HEADER_SIZE - TAG_SIZE, compression, length):
        raise DamagedBackupError("Archive pexdesk endommagée ou incomplète (fichier tronqué, "
                                 "par exemple une copie interrompue) : rien n'a été restauré.")
    kdf = KdfParams(kind, a, b, c)
    kdf.check()
    from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        key = kdf.derive(password, salt)
        packed = AESGCM(key).decrypt(nonce, archive[HEADER_SIZE:], header)
    except InvalidTag:
        raise WrongPasswordError(
            "Mot de passe incorrect, ou archive incomplète (copie interrompue) ou modifiée "
            "depuis sa création : rien n'a été restauré.") from None
    except (UnsupportedAlgorithm, MemoryError) as exc:
        raise NotABackupError(f"Archive pexdesk illisible sur cet ordinateur ({exc}). "
                              "Rien n'a été restauré.") from exc
    content = packed if compression == 0 else _inflate(packed, length)
    if len(content) != length:
        raise NotABackupError("Archive pexdesk incohérente (longueur). Rien n'a été restauré.")
    return content


def _truncated(ciphertext: int, compression: int, length: int) -> bool:
    """Whether ``ciphertext`` bytes (tag aside) are too few to hold ``length`` bytes of
    content: told before asking the key, which would otherwise blame the password."""
    if compression == 0:
        return ciphertext < length
    return ciphertext * DEFLATE_MAX_RATIO < length


def _inflate(packed: bytes, length: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        content = inflater.decompress(packed, length + 1)  # never more than announced
    except zlib.error as exc:
        raise NotABackupError("Archive pexdesk illisible (compression). "
                              "Rien n'a été restauré.") from exc
    if len(content) > length or not inflater.eof:
        raise NotABackupError("Archive pexdesk incohérente (longueur). Rien n'a été restauré.")
    return content
