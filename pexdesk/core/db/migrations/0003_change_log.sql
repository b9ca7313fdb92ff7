-- Schema version 3: the journal of changes (« journal des modifications »).
-- One row per change of a record, written by the triggers below in the transaction of the
-- change itself (so it commits or rolls back with it, whatever code ran the SQL), and one
-- row per event the application records: backups, restores, exports, reports, imports,
-- purges. The journal names tables, record ids and the columns that changed, never their
-- values: it holds no personal data and survives a retention purge.
-- The triggers call built-in functions only: with ``trusted_schema=OFF`` SQLite refuses
-- application-defined functions in triggers. Every table has its triggers; a later step that
-- adds a table or a column adds or recreates them (tests/core/test_journal.py checks it,
-- tests/core/journal_triggers.py writes them).
-- A link row (a meeting's participant, a partner's tag, a response's answer) is journaled
-- as a change of its parent record, merged into the parent's entry of the same save.

CREATE TABLE change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    action TEXT NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE', 'BACKUP', 'RESTORE',
                                           'EXPORT', 'REPORT', 'IMPORT', 'PURGE')),
    table_name TEXT NOT NULL DEFAULT '',
    record_id TEXT NOT NULL DEFAULT '',
    record_uuid TEXT,
    summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX change_log_record_idx ON change_log(table_name, record_id);

-- department
CREATE TRIGGER journal_department_insert AFTER INSERT ON department BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'department', CAST(new.code AS TEXT), NULL,
        '');
END;
CREATE TRIGGER journal_department_update AFTER UPDATE ON department
WHEN old.code IS NOT new.code
   OR old.name IS NOT new.name BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'department', CAST(new.code AS TEXT), NULL,
        rtrim(CASE WHEN old.code IS NOT new.code THEN 'code, ' ELSE '' END
        || CASE WHEN old.name IS NOT new.name THEN 'name, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_department_delete AFTER DELETE ON department BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'department', CAST(old.code AS TEXT), NULL,
        '');
END;

-- partner_category
CREATE TRIGGER journal_partner_category_insert AFTER INSERT ON partner_category BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'partner_category', CAST(new.code AS TEXT), NULL,
        '');
END;
CREATE TRIGGER journal_partner_category_update AFTER UPDATE ON partner_category
WHEN old.code IS NOT new.code
   OR old.label IS NOT new.label
   OR old.synonyms IS NOT new.synonyms
   OR old.sort_order IS NOT new.sort_order
   OR old.active IS NOT new.active BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'partner_category', CAST(new.code AS TEXT), NULL,
        rtrim(CASE WHEN old.code IS NOT new.code THEN 'code, ' ELSE '' END
        || CASE WHEN old.label IS NOT new.label THEN 'label, ' ELSE '' END
        || CASE WHEN old.synonyms IS NOT new.synonyms THEN 'synonyms, ' ELSE '' END
        || CASE WHEN old.sort_order IS NOT new.sort_order THEN 'sort_order, ' ELSE '' END
        || CASE WHEN old.active IS NOT new.active THEN 'active, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_partner_category_delete AFTER DELETE ON partner_category BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'partner_category', CAST(old.code AS TEXT), NULL,
        '');
END;

-- profile
CREATE TRIGGER journal_profile_insert AFTER INSERT ON profile BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'profile', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_profile_update AFTER UPDATE ON profile
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.department_code IS NOT new.department_code
   OR old.adil_name IS NOT new.adil_name
   OR old.officer_name IS NOT new.officer_name
   OR old.mission_start IS NOT new.mission_start
   OR old.mission_end IS NOT new.mission_end
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'profile', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.department_code IS NOT new.department_code THEN 'department_code, ' ELSE '' END
        || CASE WHEN old.adil_name IS NOT new.adil_name THEN 'adil_name, ' ELSE '' END
        || CASE WHEN old.officer_name IS NOT new.officer_name THEN 'officer_name, ' ELSE '' END
        || CASE WHEN old.mission_start IS NOT new.mission_start THEN 'mission_start, ' ELSE '' END
        || CASE WHEN old.mission_end IS NOT new.mission_end THEN 'mission_end, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_profile_delete AFTER DELETE ON profile BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'profile', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- partner
CREATE TRIGGER journal_partner_insert AFTER INSERT ON partner BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'partner', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_partner_update AFTER UPDATE ON partner
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.name IS NOT new.name
   OR old.category_code IS NOT new.category_code
   OR old.territory IS NOT new.territory
   OR old.charter_signatory IS NOT new.charter_signatory
   OR old.charter_signed_on IS NOT new.charter_signed_on
   OR old.notes IS NOT new.notes
   OR old.active IS NOT new.active
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'partner', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.name IS NOT new.name THEN 'name, ' ELSE '' END
        || CASE WHEN old.category_code IS NOT new.category_code THEN 'category_code, ' ELSE '' END
        || CASE WHEN old.territory IS NOT new.territory THEN 'territory, ' ELSE '' END
        || CASE WHEN old.charter_signatory IS NOT new.charter_signatory THEN 'charter_signatory, ' ELSE '' END
        || CASE WHEN old.charter_signed_on IS NOT new.charter_signed_on THEN 'charter_signed_on, ' ELSE '' END
        || CASE WHEN old.notes IS NOT new.notes THEN 'notes, ' ELSE '' END
        || CASE WHEN old.active IS NOT new.active THEN 'active, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_partner_delete AFTER DELETE ON partner BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'partner', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- contact
CREATE TRIGGER journal_contact_insert AFTER INSERT ON contact BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'contact', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_contact_update AFTER UPDATE ON contact
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.partner_id IS NOT new.partner_id
   OR old.full_name IS NOT new.full_name
   OR old.role IS NOT new.role
   OR old.email IS NOT new.email
   OR old.phone IS NOT new.phone
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'contact', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.partner_id IS NOT new.partner_id THEN 'partner_id, ' ELSE '' END
        || CASE WHEN old.full_name IS NOT new.full_name THEN 'full_name, ' ELSE '' END
        || CASE WHEN old.role IS NOT new.role THEN 'role, ' ELSE '' END
        || CASE WHEN old.email IS NOT new.email THEN 'email, ' ELSE '' END
        || CASE WHEN old.phone IS NOT new.phone THEN 'phone, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_contact_delete AFTER DELETE ON contact BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'contact', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- tag
CREATE TRIGGER journal_tag_insert AFTER INSERT ON tag BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'tag', CAST(new.id AS TEXT), NULL,
        '');
END;
CREATE TRIGGER journal_tag_update AFTER UPDATE ON tag
WHEN old.id IS NOT new.id
   OR old.name IS NOT new.name BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'tag', CAST(new.id AS TEXT), NULL,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.name IS NOT new.name THEN 'name, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_tag_delete AFTER DELETE ON tag BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'tag', CAST(old.id AS TEXT), NULL,
        '');
END;

-- partner_tag
CREATE TRIGGER journal_partner_tag_insert AFTER INSERT ON partner_tag
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'partner' AND record_id = CAST(new.partner_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'étiquettes') > 0))
   AND EXISTS (SELECT 1 FROM partner WHERE id = new.partner_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'étiquettes'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'partner' AND record_id = CAST(new.partner_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'partner', CAST(new.partner_id AS TEXT), (SELECT uuid FROM partner WHERE id = new.partner_id), 'étiquettes'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'partner' AND record_id = CAST(new.partner_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_partner_tag_update AFTER UPDATE ON partner_tag
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'partner' AND record_id = CAST(new.partner_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'étiquettes') > 0))
   AND EXISTS (SELECT 1 FROM partner WHERE id = new.partner_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'étiquettes'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'partner' AND record_id = CAST(new.partner_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'partner', CAST(new.partner_id AS TEXT), (SELECT uuid FROM partner WHERE id = new.partner_id), 'étiquettes'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'partner' AND record_id = CAST(new.partner_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_partner_tag_delete AFTER DELETE ON partner_tag
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'partner' AND record_id = CAST(old.partner_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'étiquettes') > 0))
   AND EXISTS (SELECT 1 FROM partner WHERE id = old.partner_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'étiquettes'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'partner' AND record_id = CAST(old.partner_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'partner', CAST(old.partner_id AS TEXT), (SELECT uuid FROM partner WHERE id = old.partner_id), 'étiquettes'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'partner' AND record_id = CAST(old.partner_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;

-- meeting
CREATE TRIGGER journal_meeting_insert AFTER INSERT ON meeting BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'meeting', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_meeting_update AFTER UPDATE ON meeting
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.held_on IS NOT new.held_on
   OR old.kind IS NOT new.kind
   OR old.territory IS NOT new.territory
   OR old.mode IS NOT new.mode
   OR old.place IS NOT new.place
   OR old.dossiers_examined IS NOT new.dossiers_examined
   OR old.opinions_issued IS NOT new.opinions_issued
   OR old.notes IS NOT new.notes
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.held_on IS NOT new.held_on THEN 'held_on, ' ELSE '' END
        || CASE WHEN old.kind IS NOT new.kind THEN 'kind, ' ELSE '' END
        || CASE WHEN old.territory IS NOT new.territory THEN 'territory, ' ELSE '' END
        || CASE WHEN old.mode IS NOT new.mode THEN 'mode, ' ELSE '' END
        || CASE WHEN old.place IS NOT new.place THEN 'place, ' ELSE '' END
        || CASE WHEN old.dossiers_examined IS NOT new.dossiers_examined THEN 'dossiers_examined, ' ELSE '' END
        || CASE WHEN old.opinions_issued IS NOT new.opinions_issued THEN 'opinions_issued, ' ELSE '' END
        || CASE WHEN old.notes IS NOT new.notes THEN 'notes, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_meeting_delete AFTER DELETE ON meeting BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'meeting', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- meeting_attendance
CREATE TRIGGER journal_meeting_attendance_insert AFTER INSERT ON meeting_attendance
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'participants') > 0))
   AND EXISTS (SELECT 1 FROM meeting WHERE id = new.meeting_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'participants'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(new.meeting_id AS TEXT), (SELECT uuid FROM meeting WHERE id = new.meeting_id), 'participants'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_meeting_attendance_update AFTER UPDATE ON meeting_attendance
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'participants') > 0))
   AND EXISTS (SELECT 1 FROM meeting WHERE id = new.meeting_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'participants'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(new.meeting_id AS TEXT), (SELECT uuid FROM meeting WHERE id = new.meeting_id), 'participants'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_meeting_attendance_delete AFTER DELETE ON meeting_attendance
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(old.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'participants') > 0))
   AND EXISTS (SELECT 1 FROM meeting WHERE id = old.meeting_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'participants'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(old.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(old.meeting_id AS TEXT), (SELECT uuid FROM meeting WHERE id = old.meeting_id), 'participants'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(old.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;

-- meeting_followup
CREATE TRIGGER journal_meeting_followup_insert AFTER INSERT ON meeting_followup BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'meeting_followup', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_meeting_followup_update AFTER UPDATE ON meeting_followup
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.meeting_id IS NOT new.meeting_id
   OR old.description IS NOT new.description
   OR old.owner_partner_id IS NOT new.owner_partner_id
   OR old.due_on IS NOT new.due_on
   OR old.done IS NOT new.done
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting_followup', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.meeting_id IS NOT new.meeting_id THEN 'meeting_id, ' ELSE '' END
        || CASE WHEN old.description IS NOT new.description THEN 'description, ' ELSE '' END
        || CASE WHEN old.owner_partner_id IS NOT new.owner_partner_id THEN 'owner_partner_id, ' ELSE '' END
        || CASE WHEN old.due_on IS NOT new.due_on THEN 'due_on, ' ELSE '' END
        || CASE WHEN old.done IS NOT new.done THEN 'done, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_meeting_followup_delete AFTER DELETE ON meeting_followup BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'meeting_followup', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- roadmap_axis
CREATE TRIGGER journal_roadmap_axis_insert AFTER INSERT ON roadmap_axis BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'roadmap_axis', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_roadmap_axis_update AFTER UPDATE ON roadmap_axis
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.code IS NOT new.code
   OR old.label IS NOT new.label
   OR old.description IS NOT new.description
   OR old.official IS NOT new.official
   OR old.sort_order IS NOT new.sort_order
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'roadmap_axis', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.code IS NOT new.code THEN 'code, ' ELSE '' END
        || CASE WHEN old.label IS NOT new.label THEN 'label, ' ELSE '' END
        || CASE WHEN old.description IS NOT new.description THEN 'description, ' ELSE '' END
        || CASE WHEN old.official IS NOT new.official THEN 'official, ' ELSE '' END
        || CASE WHEN old.sort_order IS NOT new.sort_order THEN 'sort_order, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_roadmap_axis_delete AFTER DELETE ON roadmap_axis BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'roadmap_axis', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- action
CREATE TRIGGER journal_action_insert AFTER INSERT ON action BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'action', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_action_update AFTER UPDATE ON action
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.axis_id IS NOT new.axis_id
   OR old.title IS NOT new.title
   OR old.description IS NOT new.description
   OR old.status IS NOT new.status
   OR old.progress IS NOT new.progress
   OR old.start_on IS NOT new.start_on
   OR old.due_on IS NOT new.due_on
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'action', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.axis_id IS NOT new.axis_id THEN 'axis_id, ' ELSE '' END
        || CASE WHEN old.title IS NOT new.title THEN 'title, ' ELSE '' END
        || CASE WHEN old.description IS NOT new.description THEN 'description, ' ELSE '' END
        || CASE WHEN old.status IS NOT new.status THEN 'status, ' ELSE '' END
        || CASE WHEN old.progress IS NOT new.progress THEN 'progress, ' ELSE '' END
        || CASE WHEN old.start_on IS NOT new.start_on THEN 'start_on, ' ELSE '' END
        || CASE WHEN old.due_on IS NOT new.due_on THEN 'due_on, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_action_delete AFTER DELETE ON action BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'action', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- action_lead
CREATE TRIGGER journal_action_lead_insert AFTER INSERT ON action_lead
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'action' AND record_id = CAST(new.action_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'pilotes') > 0))
   AND EXISTS (SELECT 1 FROM action WHERE id = new.action_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'pilotes'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'action' AND record_id = CAST(new.action_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'action', CAST(new.action_id AS TEXT), (SELECT uuid FROM action WHERE id = new.action_id), 'pilotes'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'action' AND record_id = CAST(new.action_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_action_lead_update AFTER UPDATE ON action_lead
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'action' AND record_id = CAST(new.action_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'pilotes') > 0))
   AND EXISTS (SELECT 1 FROM action WHERE id = new.action_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'pilotes'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'action' AND record_id = CAST(new.action_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'action', CAST(new.action_id AS TEXT), (SELECT uuid FROM action WHERE id = new.action_id), 'pilotes'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'action' AND record_id = CAST(new.action_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_action_lead_delete AFTER DELETE ON action_lead
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'action' AND record_id = CAST(old.action_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'pilotes') > 0))
   AND EXISTS (SELECT 1 FROM action WHERE id = old.action_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'pilotes'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'action' AND record_id = CAST(old.action_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'action', CAST(old.action_id AS TEXT), (SELECT uuid FROM action WHERE id = old.action_id), 'pilotes'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'action' AND record_id = CAST(old.action_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;

-- action_journal
CREATE TRIGGER journal_action_journal_insert AFTER INSERT ON action_journal BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'action_journal', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_action_journal_update AFTER UPDATE ON action_journal
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.action_id IS NOT new.action_id
   OR old.entry_on IS NOT new.entry_on
   OR old.text IS NOT new.text
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'action_journal', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.action_id IS NOT new.action_id THEN 'action_id, ' ELSE '' END
        || CASE WHEN old.entry_on IS NOT new.entry_on THEN 'entry_on, ' ELSE '' END
        || CASE WHEN old.text IS NOT new.text THEN 'text, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_action_journal_delete AFTER DELETE ON action_journal BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'action_journal', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- deliverable
CREATE TRIGGER journal_deliverable_insert AFTER INSERT ON deliverable BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'deliverable', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_deliverable_update AFTER UPDATE ON deliverable
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.action_id IS NOT new.action_id
   OR old.label IS NOT new.label
   OR old.delivered_on IS NOT new.delivered_on
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'deliverable', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.action_id IS NOT new.action_id THEN 'action_id, ' ELSE '' END
        || CASE WHEN old.label IS NOT new.label THEN 'label, ' ELSE '' END
        || CASE WHEN old.delivered_on IS NOT new.delivered_on THEN 'delivered_on, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_deliverable_delete AFTER DELETE ON deliverable BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'deliverable', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- indicator
CREATE TRIGGER journal_indicator_insert AFTER INSERT ON indicator BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'indicator', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_indicator_update AFTER UPDATE ON indicator
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.code IS NOT new.code
   OR old.label IS NOT new.label
   OR old.unit IS NOT new.unit
   OR old.periodicity IS NOT new.periodicity
   OR old.source IS NOT new.source
   OR old.active IS NOT new.active
   OR old.sort_order IS NOT new.sort_order
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'indicator', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.code IS NOT new.code THEN 'code, ' ELSE '' END
        || CASE WHEN old.label IS NOT new.label THEN 'label, ' ELSE '' END
        || CASE WHEN old.unit IS NOT new.unit THEN 'unit, ' ELSE '' END
        || CASE WHEN old.periodicity IS NOT new.periodicity THEN 'periodicity, ' ELSE '' END
        || CASE WHEN old.source IS NOT new.source THEN 'source, ' ELSE '' END
        || CASE WHEN old.active IS NOT new.active THEN 'active, ' ELSE '' END
        || CASE WHEN old.sort_order IS NOT new.sort_order THEN 'sort_order, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_indicator_delete AFTER DELETE ON indicator BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'indicator', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- indicator_value
CREATE TRIGGER journal_indicator_value_insert AFTER INSERT ON indicator_value BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'indicator_value', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_indicator_value_update AFTER UPDATE ON indicator_value
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.indicator_id IS NOT new.indicator_id
   OR old.department_code IS NOT new.department_code
   OR old.month IS NOT new.month
   OR old.value IS NOT new.value
   OR old.source IS NOT new.source
   OR old.comment IS NOT new.comment
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'indicator_value', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.indicator_id IS NOT new.indicator_id THEN 'indicator_id, ' ELSE '' END
        || CASE WHEN old.department_code IS NOT new.department_code THEN 'department_code, ' ELSE '' END
        || CASE WHEN old.month IS NOT new.month THEN 'month, ' ELSE '' END
        || CASE WHEN old.value IS NOT new.value THEN 'value, ' ELSE '' END
        || CASE WHEN old.source IS NOT new.source THEN 'source, ' ELSE '' END
        || CASE WHEN old.comment IS NOT new.comment THEN 'comment, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_indicator_value_delete AFTER DELETE ON indicator_value BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'indicator_value', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- campaign
CREATE TRIGGER journal_campaign_insert AFTER INSERT ON campaign BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'campaign', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_campaign_update AFTER UPDATE ON campaign
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.name IS NOT new.name
   OR old.period_start IS NOT new.period_start
   OR old.period_end IS NOT new.period_end
   OR old.consulted_count IS NOT new.consulted_count
   OR old.notes IS NOT new.notes
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'campaign', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.name IS NOT new.name THEN 'name, ' ELSE '' END
        || CASE WHEN old.period_start IS NOT new.period_start THEN 'period_start, ' ELSE '' END
        || CASE WHEN old.period_end IS NOT new.period_end THEN 'period_end, ' ELSE '' END
        || CASE WHEN old.consulted_count IS NOT new.consulted_count THEN 'consulted_count, ' ELSE '' END
        || CASE WHEN old.notes IS NOT new.notes THEN 'notes, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_campaign_delete AFTER DELETE ON campaign BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'campaign', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- campaign_item
CREATE TRIGGER journal_campaign_item_insert AFTER INSERT ON campaign_item BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'campaign_item', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_campaign_item_update AFTER UPDATE ON campaign_item
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.campaign_id IS NOT new.campaign_id
   OR old.code IS NOT new.code
   OR old.label IS NOT new.label
   OR old.position IS NOT new.position
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'campaign_item', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.campaign_id IS NOT new.campaign_id THEN 'campaign_id, ' ELSE '' END
        || CASE WHEN old.code IS NOT new.code THEN 'code, ' ELSE '' END
        || CASE WHEN old.label IS NOT new.label THEN 'label, ' ELSE '' END
        || CASE WHEN old.position IS NOT new.position THEN 'position, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_campaign_item_delete AFTER DELETE ON campaign_item BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'campaign_item', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- response
CREATE TRIGGER journal_response_insert AFTER INSERT ON response BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'response', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_response_update AFTER UPDATE ON response
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.campaign_id IS NOT new.campaign_id
   OR old.responded_on IS NOT new.responded_on
   OR old.category_code IS NOT new.category_code
   OR old.partner_id IS NOT new.partner_id
   OR old.department_code IS NOT new.department_code
   OR old.overall_score IS NOT new.overall_score
   OR old.comment IS NOT new.comment
   OR old.origin IS NOT new.origin
   OR old.origin_file IS NOT new.origin_file
   OR old.origin_row IS NOT new.origin_row
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'response', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.campaign_id IS NOT new.campaign_id THEN 'campaign_id, ' ELSE '' END
        || CASE WHEN old.responded_on IS NOT new.responded_on THEN 'responded_on, ' ELSE '' END
        || CASE WHEN old.category_code IS NOT new.category_code THEN 'category_code, ' ELSE '' END
        || CASE WHEN old.partner_id IS NOT new.partner_id THEN 'partner_id, ' ELSE '' END
        || CASE WHEN old.department_code IS NOT new.department_code THEN 'department_code, ' ELSE '' END
        || CASE WHEN old.overall_score IS NOT new.overall_score THEN 'overall_score, ' ELSE '' END
        || CASE WHEN old.comment IS NOT new.comment THEN 'comment, ' ELSE '' END
        || CASE WHEN old.origin IS NOT new.origin THEN 'origin, ' ELSE '' END
        || CASE WHEN old.origin_file IS NOT new.origin_file THEN 'origin_file, ' ELSE '' END
        || CASE WHEN old.origin_row IS NOT new.origin_row THEN 'origin_row, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_response_delete AFTER DELETE ON response BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'response', CAST(old.id AS TEXT), old.uuid,
        '');
END;

-- answer
CREATE TRIGGER journal_answer_insert AFTER INSERT ON answer
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'response' AND record_id = CAST(new.response_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'réponses aux questions') > 0))
   AND EXISTS (SELECT 1 FROM response WHERE id = new.response_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'réponses aux questions'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'response' AND record_id = CAST(new.response_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'response', CAST(new.response_id AS TEXT), (SELECT uuid FROM response WHERE id = new.response_id), 'réponses aux questions'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'response' AND record_id = CAST(new.response_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_answer_update AFTER UPDATE ON answer
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'response' AND record_id = CAST(new.response_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'réponses aux questions') > 0))
   AND EXISTS (SELECT 1 FROM response WHERE id = new.response_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'réponses aux questions'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'response' AND record_id = CAST(new.response_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'response', CAST(new.response_id AS TEXT), (SELECT uuid FROM response WHERE id = new.response_id), 'réponses aux questions'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'response' AND record_id = CAST(new.response_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_answer_delete AFTER DELETE ON answer
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'response' AND record_id = CAST(old.response_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'réponses aux questions') > 0))
   AND EXISTS (SELECT 1 FROM response WHERE id = old.response_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'réponses aux questions'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'response' AND record_id = CAST(old.response_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'response', CAST(old.response_id AS TEXT), (SELECT uuid FROM response WHERE id = old.response_id), 'réponses aux questions'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'response' AND record_id = CAST(old.response_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;

-- import_batch
CREATE TRIGGER journal_import_batch_insert AFTER INSERT ON import_batch BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'INSERT', 'import_batch', CAST(new.id AS TEXT), new.uuid,
        '');
END;
CREATE TRIGGER journal_import_batch_update AFTER UPDATE ON import_batch
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.kind IS NOT new.kind
   OR old.file_name IS NOT new.file_name
   OR old.file_sha256 IS NOT new.file_sha256
   OR old.campaign_id IS NOT new.campaign_id
   OR old.rows_imported IS NOT new.rows_imported
   OR old.imported_at IS NOT new.imported_at
   OR old.created_at IS NOT new.created_at BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'import_batch', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.kind IS NOT new.kind THEN 'kind, ' ELSE '' END
        || CASE WHEN old.file_name IS NOT new.file_name THEN 'file_name, ' ELSE '' END
        || CASE WHEN old.file_sha256 IS NOT new.file_sha256 THEN 'file_sha256, ' ELSE '' END
        || CASE WHEN old.campaign_id IS NOT new.campaign_id THEN 'campaign_id, ' ELSE '' END
        || CASE WHEN old.rows_imported IS NOT new.rows_imported THEN 'rows_imported, ' ELSE '' END
        || CASE WHEN old.imported_at IS NOT new.imported_at THEN 'imported_at, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END, ', '));
END;
CREATE TRIGGER journal_import_batch_delete AFTER DELETE ON import_batch BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'DELETE', 'import_batch', CAST(old.id AS TEXT), old.uuid,
        '');
END;

