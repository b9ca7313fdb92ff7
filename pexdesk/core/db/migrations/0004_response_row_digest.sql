-- Schema version 4: each response imported from a file keeps the digest of its row
-- (``row_digest``: SHA-256 of the row's non-empty cells with their column names, the
-- respondent's name and e-mail columns left out), so that re-importing a survey export that
-- has grown since skips the rows already imported instead of doubling them. Responses typed
-- in, and those imported before this version, have none (NULL): the importer recognises the
-- latter by their file row and content instead (pexdesk/core/services/importing/responses.py).
-- The digest is bookkeeping written once, in the import's own transaction: the journal's
-- update trigger of ``response`` does not watch it (one import = one entry per response).

ALTER TABLE response ADD COLUMN row_digest TEXT;
CREATE INDEX response_row_digest_idx ON response(row_digest) WHERE row_digest IS NOT NULL;
