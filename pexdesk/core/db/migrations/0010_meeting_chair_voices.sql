-- Schema version 10: who chaired a CCAPEX meeting, who held its secretariat, its hours, and
-- the voice each organisation present had (shared/domain.md §5.2–5.3, décret n° 2026-83;
-- pexdesk/core/reference/membership.py). Organisations only, never a person (§9).
--
-- Its hours (« HH:MM », local time), each optional: NULL is « non saisi »; once both are
-- entered the end is after the start. Each co-president (the State, the conseil
-- départemental, the métropole where it runs its own FSL) was present, represented or
-- absent; NULL is « non renseigné » (a département without a métropole leaves it so). The
-- partner holding the secretariat (décret 2015 art. 10) is a reference to the directory,
-- cleared if that partner is deleted. The CHECKs repeat the core's lists and rules as a
-- last line of defence. The journal's update trigger is recreated to watch the new columns.
--
-- Each attendance gains its voice (délibérative, consultative, invité); NULL is « non
-- précisée », as for every attendance entered before this step: a voice is not guessed
-- from the category afterwards. A change of voice is a change of the meeting's
-- participants in the journal (the link's update trigger already says so).

ALTER TABLE meeting ADD COLUMN start_time TEXT
    CHECK (start_time IS NULL OR (typeof(start_time) = 'text'
                                  AND start_time GLOB '[0-2][0-9]:[0-5][0-9]'
                                  AND start_time <= '23:59'));
ALTER TABLE meeting ADD COLUMN end_time TEXT
    CHECK (end_time IS NULL OR (typeof(end_time) = 'text'
                                AND end_time GLOB '[0-2][0-9]:[0-5][0-9]'
                                AND end_time <= '23:59'))
    CHECK (start_time IS NULL OR end_time IS NULL OR end_time > start_time);
ALTER TABLE meeting ADD COLUMN chair_state TEXT
    CHECK (chair_state IS NULL OR chair_state IN ('PRESENT', 'REPRESENTE', 'ABSENT'));
ALTER TABLE meeting ADD COLUMN chair_department TEXT
    CHECK (chair_department IS NULL OR chair_department IN ('PRESENT', 'REPRESENTE', 'ABSENT'));
ALTER TABLE meeting ADD COLUMN chair_metropolis TEXT
    CHECK (chair_metropolis IS NULL OR chair_metropolis IN ('PRESENT', 'REPRESENTE', 'ABSENT'));
ALTER TABLE meeting ADD COLUMN secretariat_partner_id INTEGER
    REFERENCES partner(id) ON DELETE SET NULL;
CREATE INDEX meeting_secretariat_idx ON meeting(secretariat_partner_id);

ALTER TABLE meeting_attendance ADD COLUMN voice TEXT
    CHECK (voice IS NULL OR voice IN ('DELIBERATIVE', 'CONSULTATIVE', 'INVITE'));

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
   OR old.dossiers_adjourned IS NOT new.dossiers_adjourned
   OR old.start_time IS NOT new.start_time
   OR old.end_time IS NOT new.end_time
   OR old.chair_state IS NOT new.chair_state
   OR old.chair_department IS NOT new.chair_department
   OR old.chair_metropolis IS NOT new.chair_metropolis
   OR old.secretariat_partner_id IS NOT new.secretariat_partner_id BEGIN
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
        || CASE WHEN old.dossiers_adjourned IS NOT new.dossiers_adjourned THEN 'dossiers_adjourned, ' ELSE '' END
        || CASE WHEN old.start_time IS NOT new.start_time THEN 'start_time, ' ELSE '' END
        || CASE WHEN old.end_time IS NOT new.end_time THEN 'end_time, ' ELSE '' END
        || CASE WHEN old.chair_state IS NOT new.chair_state THEN 'chair_state, ' ELSE '' END
        || CASE WHEN old.chair_department IS NOT new.chair_department THEN 'chair_department, ' ELSE '' END
        || CASE WHEN old.chair_metropolis IS NOT new.chair_metropolis THEN 'chair_metropolis, ' ELSE '' END
        || CASE WHEN old.secretariat_partner_id IS NOT new.secretariat_partner_id THEN 'secretariat_partner_id, ' ELSE '' END, ', '));
END;
