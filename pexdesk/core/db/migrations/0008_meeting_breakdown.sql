-- Schema version 8: how a CCAPEX meeting's counts break down (pexdesk/core/reference/
-- breakdowns.py, shared/domain.md §5.3): its dossiers examined by origin of the saisine and by
-- stage of the procedure, its avis and recommandations by type. Counts of a session only,
-- never a household. A category left out counts nought, so no row holds 0; the CHECK on the
-- codes repeats the reference list as a last line of defence, and the repository checks that
-- no breakdown exceeds the meeting's own total. A breakdown row is a change of its meeting in
-- the journal (« ventilation »), like its participants (triggers written by
-- tests/core/journal_triggers.py).

CREATE TABLE meeting_breakdown (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    category TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (typeof(count) = 'integer' AND count > 0),
    PRIMARY KEY (meeting_id, dimension, category),
    CHECK ((dimension = 'ORIGIN' AND category IN ('SIGNALEMENT_CP', 'SAISINE_BAILLEUR_PM', 'CAF_MSA_APL', 'TRAVAILLEUR_SOCIAL', 'MENAGE', 'AUTRE'))
        OR (dimension = 'STAGE' AND category IN ('PRECONTENTIEUX', 'CP', 'ASSIGNATION', 'JUGEMENT', 'CQL', 'CFP_DEMANDE', 'CFP_ACCORDE', 'CFP_REFUSE', 'CFP_EXECUTE'))
        OR (dimension = 'OPINION' AND category IN ('FSL', 'PLAN_APUREMENT', 'ACCOMPAGNEMENT', 'MUTATION_RELOGEMENT', 'DALO', 'HEBERGEMENT', 'SURENDETTEMENT', 'APL', 'CLASSEMENT')))
) WITHOUT ROWID;
-- meeting_breakdown
CREATE TRIGGER journal_meeting_breakdown_insert AFTER INSERT ON meeting_breakdown
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'ventilation') > 0))
   AND EXISTS (SELECT 1 FROM meeting WHERE id = new.meeting_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'ventilation'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(new.meeting_id AS TEXT), (SELECT uuid FROM meeting WHERE id = new.meeting_id), 'ventilation'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_meeting_breakdown_update AFTER UPDATE ON meeting_breakdown
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'ventilation') > 0))
   AND EXISTS (SELECT 1 FROM meeting WHERE id = new.meeting_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'ventilation'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(new.meeting_id AS TEXT), (SELECT uuid FROM meeting WHERE id = new.meeting_id), 'ventilation'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(new.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;
CREATE TRIGGER journal_meeting_breakdown_delete AFTER DELETE ON meeting_breakdown
WHEN NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(old.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds')
                 AND (action <> 'UPDATE' OR instr(summary, 'ventilation') > 0))
   AND EXISTS (SELECT 1 FROM meeting WHERE id = old.meeting_id) BEGIN
    UPDATE change_log SET summary = summary || CASE WHEN summary = '' THEN '' ELSE ', ' END || 'ventilation'
    WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(old.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds') AND action = 'UPDATE';
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'meeting', CAST(old.meeting_id AS TEXT), (SELECT uuid FROM meeting WHERE id = old.meeting_id), 'ventilation'
    WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE id = (SELECT id FROM change_log WHERE table_name = 'meeting' AND record_id = CAST(old.meeting_id AS TEXT) ORDER BY id DESC LIMIT 1) AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 seconds'));
END;

