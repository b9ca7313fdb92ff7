-- Schema version 9: two things a CCAPEX meeting's record lacked (shared/domain.md §5.3).
--
-- How many dossiers were on its agenda (« inscrits à l'ordre du jour ») and how many were
-- postponed (« ajournés »): counts of a session, never a household. NULL is « non saisi »,
-- which is not 0: a relevé that gives neither leaves both NULL. The CHECKs repeat the core's
-- rules as a last line of defence: whole counts, and once the agenda is entered, the dossiers
-- examined and those postponed fit in it. The journal's update trigger is recreated to watch
-- the two columns.
--
-- Which actions of the roadmap the meeting dealt with (meeting_action), for the bilans and the
-- action's own record. A link row is a change of its meeting in the journal (« actions
-- abordées »), like its participants (triggers written by tests/core/journal_triggers.py); it
-- goes with its meeting and with its action.

ALTER TABLE meeting ADD COLUMN dossiers_registered INTEGER
    CHECK (dossiers_registered IS NULL
           OR (typeof(dossiers_registered) = 'integer' AND dossiers_registered >= 0));
ALTER TABLE meeting ADD COLUMN dossiers_adjourned INTEGER
    CHECK (dossiers_adjourned IS NULL
           OR (typeof(dossiers_adjourned) = 'integer' AND dossiers_adjourned >= 0))
    CHECK (dossiers_registered IS NULL
           OR dossiers_examined + coalesce(dossiers_adjourned, 0) <= dossiers_registered);

DROP TRIGGER journal_meeting_update;
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
   OR old.created_at IS NOT new.created_at
   OR old.dossiers_registered IS NOT new.dossiers_registered
   OR old.dossiers_adjourned IS NOT new.dossiers_adjourned BEGIN
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
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END
        || CASE WHEN old.dossiers_registered IS NOT new.dossiers_registered THEN 'dossiers_registered, ' ELSE '' END
        || CASE WHEN old.dossiers_adjourned IS NOT new.dossiers_adjourned THEN 'dossiers_adjourned, ' ELSE '' END, ', '));
END;

CREATE TABLE meeting_action (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, action_id)
) WITHOUT ROWID;
CREATE INDEX meeting_action_action_idx ON meeting_action(action_id);
-- meeting_action
CREATE TRIGGER journal_meeting_action_insert AFTER INSERT ON meeting_action
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'actions abordées') > 0))
   AND EXISTS (SELECT 1 FROM meeting WHERE id = new.meeting_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'actions abordées'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(new.meeting_id AS TEXT), (SELECT uuid FROM meeting WHERE id = new.meeting_id), 'actions abordées'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_meeting_action_update AFTER UPDATE ON meeting_action
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'actions abordées') > 0))
   AND EXISTS (SELECT 1 FROM meeting WHERE id = new.meeting_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'actions abordées'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(new.meeting_id AS TEXT), (SELECT uuid FROM meeting WHERE id = new.meeting_id), 'actions abordées'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_meeting_action_delete AFTER DELETE ON meeting_action
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(old.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'actions abordées') > 0))
   AND EXISTS (SELECT 1 FROM meeting WHERE id = old.meeting_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'actions abordées'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(old.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(old.meeting_id AS TEXT), (SELECT uuid FROM meeting WHERE id = old.meeting_id), 'actions abordées'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(old.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
