-- Schema version 1: the whole mission.
-- Every business record carries a stable UUID and created/updated timestamps
-- (ISO 8601, UTC) so that bases from several départements can later be merged.
-- No table can hold a household's identity: CCAPEX activity is stored as counts.
-- AUTOINCREMENT: an id is never reused, so undoing a deletion can restore the record
-- under its own id even after other records were added and removed meanwhile.

CREATE TABLE department (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE partner_category (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    synonyms TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL UNIQUE,
    department_code TEXT NOT NULL REFERENCES department(code),
    adil_name TEXT NOT NULL,
    officer_name TEXT NOT NULL DEFAULT '',
    mission_start TEXT,
    mission_end TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (mission_end IS NULL OR mission_start IS NULL OR mission_end >= mission_start)
);

CREATE TABLE partner (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    category_code TEXT NOT NULL REFERENCES partner_category(code),
    territory TEXT NOT NULL DEFAULT '',
    charter_signatory INTEGER NOT NULL DEFAULT 0 CHECK (charter_signatory IN (0, 1)),
    charter_signed_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (charter_signed_on IS NULL OR charter_signatory = 1)
);
CREATE UNIQUE INDEX partner_name_unique ON partner(name COLLATE NOCASE);
CREATE INDEX partner_category_idx ON partner(category_code);

CREATE TABLE contact (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    partner_id INTEGER NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
    full_name TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contact_partner_idx ON contact(partner_id);

CREATE TABLE tag (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0)
);
CREATE UNIQUE INDEX tag_name_unique ON tag(name COLLATE NOCASE);

CREATE TABLE partner_tag (
    partner_id INTEGER NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    PRIMARY KEY (partner_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX partner_tag_tag_idx ON partner_tag(tag_id);

CREATE TABLE meeting (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('PLENIERE', 'TECHNIQUE', 'SOUS_CCAPEX',
                                       'COPIL_CHARTE', 'GROUPE_TRAVAIL', 'AUTRE')),
    territory TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT 'PRESENTIEL' CHECK (mode IN ('PRESENTIEL', 'VISIO', 'MIXTE')),
    place TEXT NOT NULL DEFAULT '',
    dossiers_examined INTEGER NOT NULL DEFAULT 0 CHECK (dossiers_examined >= 0),
    opinions_issued INTEGER NOT NULL DEFAULT 0 CHECK (opinions_issued >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (kind <> 'SOUS_CCAPEX' OR length(trim(territory)) > 0)
);
CREATE INDEX meeting_held_on_idx ON meeting(held_on);

CREATE TABLE meeting_attendance (
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX meeting_attendance_partner_idx ON meeting_attendance(partner_id);

CREATE TABLE meeting_followup (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    owner_partner_id INTEGER REFERENCES partner(id) ON DELETE SET NULL,
    due_on TEXT,
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meeting_followup_meeting_idx ON meeting_followup(meeting_id);

CREATE TABLE roadmap_axis (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    description TEXT NOT NULL DEFAULT '',
    official INTEGER NOT NULL DEFAULT 0 CHECK (official IN (0, 1)),
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE action (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    axis_id INTEGER NOT NULL REFERENCES roadmap_axis(id),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'A_LANCER'
        CHECK (status IN ('A_LANCER', 'EN_COURS', 'REALISEE', 'ABANDONNEE')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    start_on TEXT,
    due_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (due_on IS NULL OR start_on IS NULL OR due_on >= start_on)
);
CREATE INDEX action_axis_idx ON action(axis_id);
CREATE INDEX action_status_idx ON action(status);

CREATE TABLE action_lead (
    action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX action_lead_partner_idx ON action_lead(partner_id);

CREATE TABLE action_journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    entry_on TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX action_journal_action_idx ON action_journal(action_id, entry_on);

CREATE TABLE deliverable (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    delivered_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX deliverable_action_idx ON deliverable(action_id);

CREATE TABLE indicator (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0),
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    unit TEXT NOT NULL DEFAULT 'nb',
    periodicity TEXT NOT NULL DEFAULT 'M',
    source TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One value per indicator, département and month; month is the first day (YYYY-MM-01).
-- A NULL value means "not available", which is not zero.
CREATE TABLE indicator_value (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    department_code TEXT NOT NULL REFERENCES department(code),
    month TEXT NOT NULL CHECK (month LIKE '____-__-01'),
    value REAL,
    source TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (indicator_id, department_code, month)
);
CREATE INDEX indicator_value_month_idx ON indicator_value(month);

CREATE TABLE campaign (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    period_start TEXT,
    period_end TEXT,
    consulted_count INTEGER CHECK (consulted_count IS NULL OR consulted_count >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)
);
CREATE UNIQUE INDEX campaign_name_unique ON campaign(name COLLATE NOCASE);

CREATE TABLE campaign_item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    code TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL CHECK (length(trim(label)) > 0),
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX campaign_item_label_unique ON campaign_item(campaign_id, label COLLATE NOCASE);
CREATE INDEX campaign_item_position_idx ON campaign_item(campaign_id, position);

-- An anonymous response: who answered is only a partner category and a département.
CREATE TABLE response (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    responded_on TEXT,
    category_code TEXT NOT NULL REFERENCES partner_category(code),
    partner_id INTEGER REFERENCES partner(id) ON DELETE SET NULL,
    department_code TEXT NOT NULL REFERENCES department(code),
    overall_score INTEGER CHECK (overall_score BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT 'SAISIE' CHECK (origin IN ('SAISIE', 'FICHIER')),
    origin_file TEXT NOT NULL DEFAULT '',
    origin_row INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (origin = 'SAISIE' OR (length(origin_file) > 0 AND origin_row IS NOT NULL))
);
CREATE INDEX response_campaign_idx ON response(campaign_id, department_code, category_code);
-- The dashboard counts a département's responses by date without reading the table.
CREATE INDEX response_department_idx ON response(department_code, responded_on, overall_score,
                                                 campaign_id);
CREATE INDEX response_category_idx ON response(category_code);

-- Per-item answer: a score 1..5, or "non concerné"; no row means "sans réponse".
CREATE TABLE answer (
    response_id INTEGER NOT NULL REFERENCES response(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES campaign_item(id) ON DELETE CASCADE,
    score INTEGER CHECK (score BETWEEN 1 AND 5),
    not_concerned INTEGER NOT NULL DEFAULT 0 CHECK (not_concerned IN (0, 1)),
    PRIMARY KEY (response_id, item_id),
    CHECK ((score IS NULL) = (not_concerned = 1))
) WITHOUT ROWID;
CREATE INDEX answer_item_idx ON answer(item_id, score);
