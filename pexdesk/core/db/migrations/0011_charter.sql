-- Schema step « charter »: the charte départementale de prévention de l'expulsion (décret
-- n° 2016-393, shared/domain.md §6.3), drafted by the préfet and the président du conseil
-- départemental, approved by the comité responsable du PDALHPD, in force at most six years
-- and evaluated every year before that comité and the CCAPEX.
--
-- charter: its name, the day the comité approved it, the day it was signed, and the years
-- it runs (valid_to at most six years after valid_from; SQLite's date() moves 29 February
-- to 1 March as the core does). charter_objective: its objectives, year by year; one tied
-- to an indicator of the catalogue is quantitative and has a target (its achieved value is
-- read from that indicator's monthly values), one without is qualitative. An indicator
-- holds one objective a year in a charte (the unique index; qualitative ones, NULL, are
-- not limited). An indicator an objective measures cannot be deleted from the catalogue.
-- Both tables are journaled as records (triggers written by tests/core/journal_triggers.py).
-- Which partners signed stays on partner.charter_signatory, as before.

CREATE TABLE charter (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    approved_on TEXT,
    signed_on TEXT,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (valid_to >= valid_from),
    CHECK (valid_to <= date(valid_from, '+6 years')),
    CHECK (signed_on IS NULL OR approved_on IS NULL OR signed_on >= approved_on)
);
CREATE INDEX charter_valid_idx ON charter(valid_from, valid_to);

CREATE TABLE charter_objective (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    charter_id INTEGER NOT NULL REFERENCES charter(id) ON DELETE CASCADE,
    indicator_id INTEGER REFERENCES indicator(id),
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    year INTEGER NOT NULL CHECK (typeof(year) = 'integer' AND year BETWEEN 2000 AND 2100),
    baseline REAL CHECK (baseline IS NULL OR baseline >= 0),
    target REAL CHECK (target IS NULL OR target >= 0),
    direction TEXT NOT NULL DEFAULT 'BAISSE' CHECK (direction IN ('BAISSE', 'HAUSSE', 'MAINTIEN')),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (indicator_id IS NULL OR target IS NOT NULL)
);
CREATE UNIQUE INDEX charter_objective_indicator_year ON charter_objective(charter_id, indicator_id, year);
CREATE INDEX charter_objective_indicator_idx ON charter_objective(indicator_id);

-- charter
CREATE TRIGGER journal_charter_insert AFTER INSERT ON charter BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'charter', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_charter_update AFTER UPDATE ON charter
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.label IS NOT new.label
   OR old.approved_on IS NOT new.approved_on
   OR old.signed_on IS NOT new.signed_on
   OR old.valid_from IS NOT new.valid_from
   OR old.valid_to IS NOT new.valid_to
   OR old.notes IS NOT new.notes
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'charter', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.label IS NOT new.label THEN 'label, ' ELSE '' END
        || CASE WHEN old.approved_on IS NOT new.approved_on THEN 'approved_on, ' ELSE '' END
        || CASE WHEN old.signed_on IS NOT new.signed_on THEN 'signed_on, ' ELSE '' END
        || CASE WHEN old.valid_from IS NOT new.valid_from THEN 'valid_from, ' ELSE '' END
        || CASE WHEN old.valid_to IS NOT new.valid_to THEN 'valid_to, ' ELSE '' END
        || CASE WHEN old.notes IS NOT new.notes THEN 'notes, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_charter_delete AFTER DELETE ON charter BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'charter', CAST(old.id AS TEXT), old.uuid,
        '');
END;

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

