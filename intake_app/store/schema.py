"""The vault's tables and their migrations, applied in order by `PRAGMA user_version`."""

from __future__ import annotations

import sqlcipher3

from intake_app.domain.errors import VaultDamaged

MIGRATIONS: tuple[str, ...] = (
    # 1: people, cases, answers, audit log, settings.
    """
    CREATE TABLE people (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('volunteer', 'attorney', 'admin')),
        created_at TEXT NOT NULL
    );
    CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        interview_language TEXT NOT NULL,
        form_id TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        created_by TEXT REFERENCES people(id),
        -- Cached so the case list of thousands of cases needs no form evaluation.
        progress_answered INTEGER NOT NULL DEFAULT 0,
        progress_required INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE answers (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        value_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT REFERENCES people(id),
        PRIMARY KEY (case_id, question_id)
    ) WITHOUT ROWID;
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        person_id TEXT,
        case_id TEXT,
        action TEXT NOT NULL
    );
    CREATE INDEX audit_log_case ON audit_log(case_id);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 2: attached documents (exhibits): metadata, and the file itself as ordered chunk rows
    # (sqlcipher3 has no incremental blob I/O); both go when their case is deleted.
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        category TEXT NOT NULL,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('pdf', 'image')),
        media_type TEXT NOT NULL,
        file_name TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        evidence_id TEXT,
        supports TEXT NOT NULL DEFAULT '',
        provided_by TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'en',
        date_received TEXT,
        translation TEXT NOT NULL DEFAULT 'not_needed'
            CHECK (translation IN ('not_needed', 'needed', 'attached')),
        size INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT NOT NULL DEFAULT '',
        pages INTEGER NOT NULL DEFAULT 1,
        width INTEGER,
        height INTEGER,
        chunk_size INTEGER NOT NULL,
        chunk_count INTEGER NOT NULL DEFAULT 0,
        thumbnail BLOB,
        created_at TEXT NOT NULL,
        created_by TEXT
    );
    CREATE INDEX documents_case ON documents(case_id, category, position);
    CREATE TABLE document_chunks (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (document_id, seq)
    );
    """,
    # 3: people and their lifecycle. `title` marks an accredited representative (role attorney);
    # `removed_at` keeps a removed person's row so the audit log still names them; `public_key`
    # (X25519, base64) is what a new vault key is sealed to when someone else is removed; it
    # lives here, inside the authenticated database, not in the editable key-slot file.
    # The audit log's `detail` holds what code chose (a person's id, a count), never a value.
    """
    ALTER TABLE people ADD COLUMN title TEXT NOT NULL DEFAULT ''
        CHECK (title IN ('', 'accredited_representative'));
    ALTER TABLE people ADD COLUMN removed_at TEXT;
    ALTER TABLE people ADD COLUMN public_key TEXT;
    ALTER TABLE audit_log ADD COLUMN detail TEXT;
    """,
    # 4: counsel's per-case packet state in typed tables that go with their case (ON DELETE
    # CASCADE, in the delete's own transaction), instead of a `case.<id>.packet` setting that a
    # second transaction had to remove. The review names its reviewer by foreign key, so a
    # bundle carries that person like any other. Existing settings move over, then go.
    """
    CREATE TABLE packet_state (
        case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        legal_bases_json TEXT,
        relief_json TEXT NOT NULL DEFAULT '[]',
        roads_json TEXT NOT NULL DEFAULT '[]',
        pro_se INTEGER NOT NULL DEFAULT 0 CHECK (pro_se IN (0, 1)),
        reviewed_by TEXT REFERENCES people(id),
        review_name TEXT,
        review_at TEXT,
        review_fingerprint TEXT
    ) WITHOUT ROWID;
    CREATE TABLE paragraph_overrides (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        block_key TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (case_id, block_key)
    ) WITHOUT ROWID;
    INSERT INTO packet_state (case_id, legal_bases_json, relief_json, roads_json, pro_se,
        reviewed_by, review_name, review_at, review_fingerprint)
    SELECT c.id,
        json_extract(s.value_json, '$.legal_bases'),
        coalesce(json_extract(s.value_json, '$.relief'), '[]'),
        coalesce(json_extract(s.value_json, '$.roads'), '[]'),
        CASE WHEN json_extract(s.value_json, '$.pro_se') THEN 1 ELSE 0 END,
        (SELECT p.id FROM people p WHERE p.id = json_extract(s.value_json, '$.review.person_id')),
        json_extract(s.value_json, '$.review.by'),
        json_extract(s.value_json, '$.review.at'),
        json_extract(s.value_json, '$.review.fingerprint')
    FROM settings s JOIN cases c ON s.key = 'case.' || c.id || '.packet';
    INSERT INTO paragraph_overrides (case_id, block_key, text)
    SELECT c.id, o.key, o.value
    FROM settings s JOIN cases c ON s.key = 'case.' || c.id || '.packet',
        json_each(json_extract(s.value_json, '$.overrides')) o
    WHERE o.type = 'text';
    DELETE FROM settings WHERE key LIKE 'case.%'
    """,
    # 5: the clinic network (store/clinic.py). This vault's own member keys; the roster as last
    # verified; each shared case's token and keys by epoch; every answer's version (a hybrid
    # logical clock) for merging; changes waiting to be published, and published ones kept
    # byte for byte so a crash never publishes two different files under one number; what was
    # imported from whom; and true conflicts for counsel.
    """
    CREATE TABLE clinic_identity (
        only INTEGER PRIMARY KEY CHECK (only = 1),
        clinic_id TEXT,
        member_id TEXT NOT NULL,
        seal_private BLOB NOT NULL,
        sign_private BLOB NOT NULL,
        hlc_wall INTEGER NOT NULL DEFAULT 0,
        hlc_counter INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE clinic_members (
        member_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('volunteer', 'attorney', 'admin')),
        seal_public BLOB NOT NULL,
        sign_public BLOB NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
    ) WITHOUT ROWID;
    CREATE TABLE clinic_roster (
        version INTEGER PRIMARY KEY,
        digest TEXT NOT NULL
    );
    CREATE TABLE shared_cases (
        case_id TEXT PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        token TEXT NOT NULL UNIQUE,
        next_seq INTEGER NOT NULL DEFAULT 1
    ) WITHOUT ROWID;
    CREATE TABLE case_keys (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        key BLOB NOT NULL,
        PRIMARY KEY (case_id, epoch)
    ) WITHOUT ROWID;
    CREATE TABLE answer_versions (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        hlc TEXT NOT NULL,
        base TEXT,
        PRIMARY KEY (case_id, question_id)
    ) WITHOUT ROWID;
    CREATE TABLE clinic_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        change_json TEXT NOT NULL
    );
    CREATE TABLE clinic_published (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (case_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE clinic_applied (
        token TEXT NOT NULL,
        author TEXT NOT NULL,
        seq INTEGER NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (token, author, seq)
    ) WITHOUT ROWID;
    CREATE TABLE clinic_conflicts (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        hlc TEXT NOT NULL,
        value_json TEXT,
        PRIMARY KEY (case_id, question_id, hlc)
    ) WITHOUT ROWID;
    """,
    # 6: documents arriving from the clinic's other laptops: their description and their
    # content, kept aside until every chunk is in and the whole file's digest matches; only then
    # is the document attached to its case, in the same transaction.
    """
    CREATE TABLE clinic_incoming_documents (
        document_id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        meta_json TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE clinic_incoming_chunks (
        document_id TEXT NOT NULL,
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (document_id, seq)
    );
    """,
    # 7: a hash chain over the audit log (store/audit_chain.py): each new entry carries the
    # digest of itself and of the entry before; entries written before this version have none.
    """
    ALTER TABLE audit_log ADD COLUMN chain TEXT;
    """,
    # 8: signed membership (store/membership.py): each entry sets one member's role and keys and
    # is signed by an admin; the `people` table stays what the window lists.
    """
    CREATE TABLE membership (
        seq INTEGER PRIMARY KEY,
        entry TEXT NOT NULL,
        signature TEXT NOT NULL
    );
    """,
    # 9: what a volunteer typed that the form refused (an entry date "2012-13", an email
    # "javier@"), kept as typed until it is corrected: a refused value is never thrown away.
    # item_index is -1 outside a repeating group.
    """
    CREATE TABLE answer_drafts (
        case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        item_index INTEGER NOT NULL DEFAULT -1,
        typed TEXT NOT NULL,
        problem TEXT NOT NULL,
        PRIMARY KEY (case_id, question_id, item_index)
    ) WITHOUT ROWID;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlcipher3.Connection) -> None:
    """Bring the vault to SCHEMA_VERSION; each step is its own transaction."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise VaultDamaged(f"vault schema {current} is newer than this app ({SCHEMA_VERSION})")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[version - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
