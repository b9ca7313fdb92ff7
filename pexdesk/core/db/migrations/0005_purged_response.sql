-- Schema version 5: the row digests of the imported responses a retention purge deleted
-- (pexdesk/core/safety/retention.py), so that re-importing a survey export that still
-- holds those rows does not bring them back: the importer skips them (« supprimée par une
-- purge »). Only the digest is kept, never a cell: it cannot be read back into a response,
-- and it names nobody (names and e-mails never enter a digest). ``purged_on`` says since
-- when the row has been refused. Journaled like every table (triggers written by
-- tests/core/journal_triggers.py).

CREATE TABLE purged_response (
    id         INTEGER PRIMARY KEY,
    row_digest TEXT NOT NULL UNIQUE,
    purged_on  TEXT NOT NULL
);

CREATE TRIGGER journal_purged_response_insert AFTER INSERT ON purged_response BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'purged_response', CAST(new.id AS TEXT), NULL,
        '');
END;
CREATE TRIGGER journal_purged_response_update AFTER UPDATE ON purged_response
WHEN old.id IS NOT new.id
   OR old.purged_on IS NOT new.purged_on BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'purged_response', CAST(new.id AS TEXT), NULL,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.purged_on IS NOT new.purged_on THEN 'purged_on, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_purged_response_delete AFTER DELETE ON purged_response BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'purged_response', CAST(old.id AS TEXT), NULL,
        '');
END;

