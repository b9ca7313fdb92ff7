-- Schema version 2: one row per imported file, so that importing the same file again is
-- detected and adds nothing. ``file_sha256`` is the digest of the file's normalised content
-- (cells as read, whatever the encoding, separator or line endings), not of its bytes.
-- ``kind`` names the importer ('REPONSES' for survey responses); deleting the campaign an
-- import fed deletes its record, so that the file can then be imported again.

CREATE TABLE import_batch (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    campaign_id INTEGER REFERENCES campaign(id) ON DELETE CASCADE,
    rows_imported INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE(kind, file_sha256)
);
CREATE INDEX import_batch_campaign_idx ON import_batch(campaign_id);
