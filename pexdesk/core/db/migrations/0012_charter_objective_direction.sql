-- Schema step « charter_objective_direction »: a qualitative objective of the charte (one
-- without an indicator) has no direction. Which side of its target an objective is met on
-- means something only for the figure an indicator gives; step 11 made every objective
-- hold one (NOT NULL, « BAISSE » by default), so that a qualitative objective showed, asked
-- and kept a direction for nothing.
--
-- SQLite cannot loosen a NOT NULL: the table is made again, as step 11 made it but with a
-- direction NULL for a qualitative objective and required for a quantitative one (the
-- core keeps them so, pexdesk/core/domain/models.py), its rows copied with their ids and
-- the table's AUTOINCREMENT counter, so that an id an objective deleted before had is never
-- given again (the journal names records by their id). The direction a qualitative
-- objective held goes; copied rows are not journaled (the step changes no record the user
-- wrote). Its indexes and journal triggers (tests/core/journal_triggers.py) are made again
-- with it.

CREATE TABLE charter_objective_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    charter_id INTEGER NOT NULL REFERENCES charter(id) ON DELETE CASCADE,
    indicator_id INTEGER REFERENCES indicator(id),
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    year INTEGER NOT NULL CHECK (typeof(year) = 'integer' AND year BETWEEN 2000 AND 2100),
    baseline REAL CHECK (baseline IS NULL OR baseline >= 0),
    target REAL CHECK (target IS NULL OR target >= 0),
    direction TEXT CHECK (direction IS NULL OR direction IN ('BAISSE', 'HAUSSE', 'MAINTIEN')),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (indicator_id IS NULL OR target IS NOT NULL),
    CHECK (indicator_id IS NULL OR direction IS NOT NULL)
);
INSERT INTO charter_objective_new (id, uuid, charter_id, indicator_id, label, year, baseline,
                                   target, direction, notes, created_at, updated_at)
    SELECT id, uuid, charter_id, indicator_id, label, year, baseline, target,
           CASE WHEN indicator_id IS NULL THEN NULL ELSE direction END, notes, created_at,
           updated_at
    FROM charter_objective;
DELETE FROM sqlite_sequence WHERE name = 'charter_objective_new';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'charter_objective_new', seq FROM sqlite_sequence WHERE name = 'charter_objective';
DROP TABLE charter_objective;
ALTER TABLE charter_objective_new RENAME TO charter_objective;
CREATE UNIQUE INDEX charter_objective_indicator_year ON charter_objective(charter_id, indicator_id, year);
CREATE INDEX charter_objective_indicator_idx ON charter_objective(indicator_id);

-- charter_objective
CREATE TRIGGER journal_charter_objective_insert AFTER INSERT ON charter_objective BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'charter_objective', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_charter_objective_update AFTER UPDATE ON charter_objective
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.charter_id IS NOT new.charter_id
   OR old.indicator_id IS NOT new.indicator_id
   OR old.label IS NOT new.label
   OR old.year IS NOT new.year
   OR old.baseline IS NOT new.baseline
   OR old.target IS NOT new.target
   OR old.direction IS NOT new.direction
   OR old.notes IS NOT new.notes
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'charter_objective', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.charter_id IS NOT new.charter_id THEN 'charter_id, ' ELSE '' END
        || CASE WHEN old.indicator_id IS NOT new.indicator_id THEN 'indicator_id, ' ELSE '' END
        || CASE WHEN old.label IS NOT new.label THEN 'label, ' ELSE '' END
        || CASE WHEN old.year IS NOT new.year THEN 'year, ' ELSE '' END
        || CASE WHEN old.baseline IS NOT new.baseline THEN 'baseline, ' ELSE '' END
        || CASE WHEN old.target IS NOT new.target THEN 'target, ' ELSE '' END
        || CASE WHEN old.direction IS NOT new.direction THEN 'direction, ' ELSE '' END
        || CASE WHEN old.notes IS NOT new.notes THEN 'notes, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_charter_objective_delete AFTER DELETE ON charter_objective BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'charter_objective', CAST(old.id AS TEXT), old.uuid,
        '');
END;
