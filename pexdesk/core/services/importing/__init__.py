"""Importing tables (CSV, XLSX) into a base: read → plan (preview) → commit, all or nothing.

Generic machinery, shared by every importer:

* :mod:`reading` — a file's bytes to a :class:`Sheet` of text cells, with the size and
  zip-bomb caps checked before parsing;
* :mod:`values` — one cell to a value: scores, départements, partner categories, dates,
  and :func:`match_label` for any closed vocabulary;
* :mod:`plan` — :class:`Problem` (row, column, French message), the generic plan and
  its verdict;
* :mod:`commit` — one transaction, re-import detection by content digest.

Survey exports are downloaded again as they grow: each imported response keeps its row's
digest, so rows imported before are skipped (``RowStatus.ALREADY_IMPORTED``), or replaced
when ``ResponseImportOptions(replace=True)`` (after a wrong column choice). A new
download that lacks responses imported from an earlier one (edited or deleted in the
survey tool) names them in ``plan.vanished`` (:mod:`vanished`); the import deletes them,
in its transaction, only with ``ResponseImportOptions(drop_vanished=True)``.

Survey responses: :mod:`survey_formats` (which tool wrote the file) and :mod:`responses`.

    sheet = read_file(path, count_rows=count_response_rows)  # or sheet="2024": one sheet
    sheet.sheets             # each sheet and the rows it would import: a picker's choice
    plan = plan_responses(con, sheet, ResponseImportOptions(campaign="Enquête 2024"))
    plan.problems            # the preview: every problem by row and column
    result = commit_responses(con, plan, skip_invalid=False)

A wizard keeps the :class:`Sheet` and its :class:`ResponseImportOptions`. It shows
``plan.columns`` (name, :data:`ROLE_LABELS` of ``role``, ``note`` saying why, ``samples``),
``plan.items``, ``plan.unmatched``, ``plan.problems`` (``Problem.row``/``column``/``text()``),
the per-row ``plan.responses`` / ``row_status`` / ``row_problems`` and ``plan.previous``.
When the user changes a column's role (``options.with_role(column.index, Role.X)``) or ties a
column to an item of an existing campaign (``options.with_item(column.index, item_id)``), it
plans again from the same sheet — about 0.4 s for 10,000 rows, so off the UI thread — and
commits the last plan with ``skip_invalid`` from its check box.

Score labels pexdesk does not know (« Très bien », « Passable »…), and the known labels of a
column on another scale (« Bon », « Très bon », « Excellent »), are never guessed:
``plan.score_labels`` lists them (:class:`PlannedLabel`: the label as written, its cells,
its columns, the user's translation), and the user translates each into 1–5,
``NOT_CONCERNED`` or :data:`NO_ANSWER` with ``options.with_label_score(label, score)``,
for every score column; the wizard plans again, as for a role.
"""

from pexdesk.core.services.importing.commit import CommitResult, commit_batch, find_previous
from pexdesk.core.services.importing.plan import (ImportPlan, PreviousImport, Problem,
                                                  RowStatus, Severity)
from pexdesk.core.services.importing.reading import Sheet, SheetInfo, read_bytes, read_file
from pexdesk.core.services.importing.responses import (ROLE_LABELS, PlannedColumn, PlannedItem,
                                                       PlannedLabel, PlannedResponse,
                                                       ResponseImportOptions,
                                                       ResponseImportResult, ResponsePlan, Role,
                                                       commit_responses, plan_responses)
from pexdesk.core.services.importing.survey_formats import (Tool, count_response_rows,
                                                            detect_layout)
from pexdesk.core.services.importing.values import (NO_ANSWER, LabelScore, Vocabulary,
                                                    match_label)

__all__ = [
    "CommitResult", "ImportPlan", "LabelScore", "NO_ANSWER", "PlannedColumn", "PlannedItem",
    "PlannedLabel", "PlannedResponse",
    "PreviousImport", "Problem", "ROLE_LABELS", "ResponseImportOptions", "ResponseImportResult",
    "ResponsePlan", "Role", "RowStatus", "Severity", "Sheet", "SheetInfo", "Tool", "Vocabulary",
    "commit_batch", "commit_responses", "count_response_rows", "detect_layout",
    "find_previous", "match_label", "plan_responses", "read_bytes", "read_file",
]
