-- Schema version 7: the ADIL's logo, printed on the cover of the bilans. The base keeps the
-- bytes of the image file itself (PNG or JPEG, 2 Mo at most; pexdesk/core/domain/logo.py
-- checks them before a save): a base is one file, and a bilan built from it anywhere — the
-- application, `pexdesk report` — carries the logo without a path to a file that may have
-- moved. NULL: no logo, the bilans as before. The CHECK repeats the size limit as a last line
-- of defence. The journal's update trigger is recreated to watch the new column: a change
-- of logo is a change of the profile, named « logo » (never its bytes).

ALTER TABLE profile ADD COLUMN logo BLOB
    CHECK (logo IS NULL OR (typeof(logo) = 'blob' AND length(logo) <= 2097152));

DROP TRIGGER journal_profile_update;
CREATE TRIGGER journal_profile_update AFTER UPDATE ON profile
WHEN old.id IS NOT new.id
   OR old.uuid IS NOT new.uuid
   OR old.department_code IS NOT new.department_code
   OR old.adil_name IS NOT new.adil_name
   OR old.officer_name IS NOT new.officer_name
   OR old.mission_start IS NOT new.mission_start
   OR old.mission_end IS NOT new.mission_end
   OR old.created_at IS NOT new.created_at
   OR old.logo IS NOT new.logo BEGIN
    INSERT INTO change_log(created_at, action, table_name, record_id, record_uuid, summary)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'UPDATE', 'profile', CAST(new.id AS TEXT), new.uuid,
        rtrim(CASE WHEN old.id IS NOT new.id THEN 'id, ' ELSE '' END
        || CASE WHEN old.uuid IS NOT new.uuid THEN 'uuid, ' ELSE '' END
        || CASE WHEN old.department_code IS NOT new.department_code THEN 'department_code, ' ELSE '' END
        || CASE WHEN old.adil_name IS NOT new.adil_name THEN 'adil_name, ' ELSE '' END
        || CASE WHEN old.officer_name IS NOT new.officer_name THEN 'officer_name, ' ELSE '' END
        || CASE WHEN old.mission_start IS NOT new.mission_start THEN 'mission_start, ' ELSE '' END
        || CASE WHEN old.mission_end IS NOT new.mission_end THEN 'mission_end, ' ELSE '' END
        || CASE WHEN old.created_at IS NOT new.created_at THEN 'created_at, ' ELSE '' END
        || CASE WHEN old.logo IS NOT new.logo THEN 'logo, ' ELSE '' END, ', '));
END;
