"""A PDF written whole or not at all, for every document of this package.

The PDF is laid out into a temporary file in the destination folder, flushed to disk,
then moved over the destination (:func:`pexdesk.core.safety.files.replace`: retried while
another program holds it on Windows, the folder synced): a failure or a cancellation never
leaves a half-written file at the destination, and an existing file there stays intact
until the new one is complete.

Every PDF of this package goes out through this module, imported before the layout
modules, so two ReportLab settings that make every document faster without changing a
pixel of it are set here, before ``reportlab.graphics`` is first imported (it reads the
first one then): shape checking validates every attribute set on a chart shape, a
development aid; ASCII85 only makes the compressed streams printable, a quarter bigger
and 10 % of a build. reportlab's writing of PDF objects goes through
:mod:`pdf_format`, which writes the same bytes faster.

Python's cycle collector is paused while a document is laid out: the layout makes
objects by the hundred thousand (fragments, lines, table cells, PDF operators) that live
until the file is written, and the collector went over them some twenty times an
activity bilan, 3 % of it, to find a few thousand objects in cycles. It resumes after,
as it was (another thread may have paused it), and then finds them.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab import rl_config

from pexdesk.core.safety.files import os_reason, replace, temporary_path
from pexdesk.core.services.reporting import pdf_format
from pexdesk.core.services.reporting.catalog import ReportError

rl_config.shapeChecking = 0
rl_config.useA85 = 0
pdf_format.install()


def write_atomically(out: Path, lay_out: Callable[[str], object], what: str,
                     before_replacing: Callable[[], object] | None = None) -> None:
    """``lay_out(temporary_path)`` writes the PDF, which then replaces ``out``; ``what``
    names the document in the French messages (« le bilan », « le questionnaire »).
    ``before_replacing()`` is called once the PDF is laid out: raising there keeps it
    from going out (the check of the base it was read from found it damaged).

    Whatever ``lay_out`` raises (a cancellation) passes through, the temporary file
    removed; a file system error becomes a :class:`ReportError`."""
    try:
        temporary = temporary_path(out.parent, out.name)
    except OSError as exc:
        raise ReportError(f"Impossible d'écrire dans le dossier {out.parent} "
                          f"({os_reason(exc)}) : {what} n'a pas été écrit.") from exc
    try:
        with _collector_paused():
            lay_out(str(temporary))
        if before_replacing is not None:
            before_replacing()
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        replace(temporary, out)
    except OSError as exc:
        raise ReportError(f"Impossible d'écrire {what} {out} ({os_reason(exc)}) : "
                          "aucun fichier n'a été écrit.") from exc
    finally:
        if temporary.exists():
            temporary.unlink()


@contextmanager
def _collector_paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
