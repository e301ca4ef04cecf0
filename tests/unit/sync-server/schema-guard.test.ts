import { describe, expect, it } from 'vitest';
import { openMemoryDatabase, type WritableDB } from '../../../sync-server/db/database';
import { migrate, schemaVersion } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS, ROOM_SCHEMA_VERSION } from '../../../sync-server/db/migrations/index';

/**
 * Guards the room database's shape. Databases already in the field were created by shipped
 * migrations and older builds may still open them, so a table or column, once shipped, stays
 * with its name and type; changes come as new migrations that add. The literal below is the
 * schema a fresh database migrates to, written out by hand (not a vitest snapshot, which `-u`
 * would silently rewrite): removals, renames and retypes fail; additions fail too until they
 * are recorded here, so the next change is guarded against them.
 */
interface SchemaShape {
  /** `PRAGMA user_version` after every migration. */
  version: number;
  /** Each table: its kind (`table`, `virtual USING …`, `STRICT`, `WITHOUT ROWID`) and columns. */
  tables: Record<string, { kind: string; columns: Record<string, string> }>;
  /** Each index: its CREATE statement, or its columns and origin for one a constraint made. */
  indexes: Record<string, string>;
}

const ADDITIVE_ONLY =
  'Stored shapes are additive-only (like synced ones): existing databases and older builds rely on ' +
  'every shipped table and column. Do not drop, rename or retype one, and never edit a shipped ' +
  'migration: add a new migration (sync-server/db/migrations/) that adds a table or column instead.';

const RECORD_IT =
  'Additive changes are fine but must be recorded: add them to SHIPPED_SCHEMA in ' +
  'tests/unit/sync-server/schema-guard.test.ts in the same change as the migration, so they are ' +
  'guarded from then on.';

const INDEX_CHANGED =
  'An index was dropped or changed. Indexes hold no data, so a new migration may do this, but it ' +
  'must be deliberate (a UNIQUE index is a constraint the stores rely on): update SHIPPED_SCHEMA ' +
  'in the same change.';

const SHIPPED_SCHEMA: SchemaShape = {
  version: 100,
  tables: {
    agenda_items: {
      kind: 'table STRICT',
      columns: {
        id: 'TEXT NOT NULL PRIMARY KEY',
        meeting_id: 'TEXT NOT NULL',
        parent_id: 'TEXT',
        position: 'INTEGER NOT NULL',
        title: 'TEXT NOT NULL',
        presenter: "TEXT NOT NULL DEFAULT ''",
        duration_minutes: 'INTEGER NOT NULL DEFAULT 0',
        description: "TEXT NOT NULL DEFAULT ''",
      },
    },
    attendance: {
      kind: 'table STRICT',
      columns: {
        participant_id: 'TEXT NOT NULL PRIMARY KEY',
        meeting_id: 'TEXT NOT NULL',
        status: 'TEXT NOT NULL',
        reason: "TEXT NOT NULL DEFAULT ''",
        proxy_holder_id: 'TEXT',
        updated_at: 'TEXT NOT NULL',
      },
    },
    attendance_events: {
      kind: 'table STRICT',
      columns: {
        seq: 'INTEGER PRIMARY KEY',
        meeting_id: 'TEXT NOT NULL',
        participant_id: 'TEXT NOT NULL',
        participant_name: 'TEXT NOT NULL',
        kind: 'TEXT NOT NULL',
        status: 'TEXT NOT NULL',
        reason: "TEXT NOT NULL DEFAULT ''",
        proxy_holder_id: 'TEXT',
        proxy_holder_name: 'TEXT',
        by_id: 'TEXT',
        by_name: 'TEXT',
        at: 'TEXT NOT NULL',
      },
    },
    audit_log: {
      kind: 'table STRICT',
      columns: {
        seq: 'INTEGER PRIMARY KEY',
        at: 'TEXT NOT NULL',
        actor_id: 'TEXT',
        action: 'TEXT NOT NULL',
        meeting_id: 'TEXT',
        payload: 'TEXT NOT NULL',
        prev_hash: 'TEXT NOT NULL',
        hash: 'TEXT NOT NULL',
      },
    },
    device_sessions: {
      kind: 'table STRICT',
      columns: {
        id: 'TEXT NOT NULL PRIMARY KEY',
        participant_id: 'TEXT NOT NULL',
        token_hash: 'TEXT NOT NULL',
        device_label: "TEXT NOT NULL DEFAULT ''",
        created_at: 'TEXT NOT NULL',
        last_seen_at: 'TEXT NOT NULL',
        revoked_at: 'TEXT',
      },
    },
    document_grants: {
      kind: 'table STRICT',
      columns: {
        document_id: 'TEXT NOT NULL',
        participant_id: 'TEXT',
        group_name: 'TEXT',
      },
    },
    document_pages: {
      kind: 'table STRICT',
      columns: {
        id: 'INTEGER PRIMARY KEY',
        document_id: 'TEXT NOT NULL',
        version: 'INTEGER NOT NULL',
        page: 'INTEGER NOT NULL',
        text: 'TEXT NOT NULL',
      },
    },
    document_pages_fts: {
      kind: "virtual USING fts5(folded, content='', contentless_delete=1, tokenize='unicode61')",
      columns: {
        folded: '(no type)',
      },
    },
    document_versions: {
      kind: 'table STRICT',
      columns: {
        document_id: 'TEXT NOT NULL PRIMARY KEY 1/2',
        version: 'INTEGER NOT NULL PRIMARY KEY 2/2',
        sha256: 'TEXT NOT NULL',
        byte_size: 'INTEGER NOT NULL',
        page_count: 'INTEGER NOT NULL',
        original_name: "TEXT NOT NULL DEFAULT ''",
        created_at: 'TEXT NOT NULL',
        created_by: 'TEXT',
      },
    },
    documents: {
      kind: 'table STRICT',
      columns: {
        id: 'TEXT NOT NULL PRIMARY KEY',
        meeting_id: 'TEXT NOT NULL',
        agenda_item_id: 'TEXT',
        title: 'TEXT NOT NULL',
        kind: 'TEXT NOT NULL',
        classification: 'TEXT NOT NULL',
        no_export: 'INTEGER NOT NULL DEFAULT 0',
        position: 'INTEGER NOT NULL DEFAULT 0',
        sha256: 'TEXT NOT NULL',
        byte_size: 'INTEGER NOT NULL',
        page_count: 'INTEGER NOT NULL',
        created_at: 'TEXT NOT NULL',
        version: 'INTEGER NOT NULL DEFAULT 1',
        updated_at: 'TEXT',
        original_name: "TEXT NOT NULL DEFAULT ''",
        encrypted: 'INTEGER NOT NULL DEFAULT 0',
      },
    },
    join_codes: {
      kind: 'table STRICT',
      columns: {
        id: 'TEXT NOT NULL PRIMARY KEY',
        participant_id: 'TEXT NOT NULL',
        code_hash: 'TEXT NOT NULL',
        expires_at: 'TEXT NOT NULL',
        created_at: 'TEXT NOT NULL',
        used_at: 'TEXT',
      },
    },
    meetings: {
      kind: 'table STRICT',
      columns: {
        id: 'TEXT NOT NULL PRIMARY KEY',
        title: 'TEXT NOT NULL',
        body: "TEXT NOT NULL DEFAULT ''",
        type: 'TEXT NOT NULL',
        starts_at: 'TEXT NOT NULL',
        place: "TEXT NOT NULL DEFAULT ''",
        status: "TEXT NOT NULL DEFAULT 'draft'",
        demo_key: 'TEXT',
        created_at: 'TEXT NOT NULL',
        updated_at: 'TEXT NOT NULL',
        lead_time_working_days: 'INTEGER NOT NULL DEFAULT 3',
        published_at: 'TEXT',
        published_revision: 'INTEGER NOT NULL DEFAULT 0',
        ends_at: 'TEXT',
        time_zone: "TEXT NOT NULL DEFAULT 'Asia/Ho_Chi_Minh'",
      },
    },
    meeting_presenters: {
      kind: 'table STRICT',
      columns: {
        meeting_id: 'TEXT NOT NULL PRIMARY KEY',
        presenter_id: 'TEXT',
        shared_by: 'TEXT',
        document_id: 'TEXT',
        version: 'INTEGER',
        page: 'INTEGER',
        zoom: 'TEXT',
        rotation: 'INTEGER NOT NULL DEFAULT 0',
        shared_at: 'TEXT',
        updated_at: 'TEXT NOT NULL',
      },
    },
    minutes: {
      kind: 'table STRICT',
      columns: {
        meeting_id: 'TEXT NOT NULL PRIMARY KEY',
        state: 'TEXT NOT NULL',
        final_json: 'TEXT',
        sha256: 'TEXT',
        register_number: 'TEXT',
        finalised_at: 'TEXT',
        finalised_by: 'TEXT',
        published_at: 'TEXT',
        published_by: 'TEXT',
      },
    },
    minutes_addenda: {
      kind: 'table STRICT',
      columns: {
        id: 'TEXT NOT NULL PRIMARY KEY',
        meeting_id: 'TEXT NOT NULL',
        seq: 'INTEGER NOT NULL',
        at: 'TEXT NOT NULL',
        by_participant_id: 'TEXT',
        by_name: 'TEXT NOT NULL',
        text: 'TEXT NOT NULL',
      },
    },
    meeting_sessions: {
      kind: 'table STRICT',
      columns: {
        meeting_id: 'TEXT NOT NULL PRIMARY KEY',
        state: "TEXT NOT NULL DEFAULT 'not_started'",
        started_at: 'TEXT',
        ended_at: 'TEXT',
        paused_at: 'TEXT',
        paused_ms: 'INTEGER NOT NULL DEFAULT 0',
        current_item_id: 'TEXT',
        quorum_kind: "TEXT NOT NULL DEFAULT 'more_than_half'",
        quorum_count: 'INTEGER',
        proxies_allowed: 'INTEGER NOT NULL DEFAULT 0',
        limit_phat_bieu: 'INTEGER NOT NULL DEFAULT 420',
        limit_tranh_luan: 'INTEGER NOT NULL DEFAULT 180',
        limit_chat_van: 'INTEGER NOT NULL DEFAULT 180',
        updated_at: 'TEXT NOT NULL',
      },
    },
    participants: {
      kind: 'table STRICT',
      columns: {
        id: 'TEXT NOT NULL PRIMARY KEY',
        meeting_id: 'TEXT',
        name: 'TEXT NOT NULL',
        position: "TEXT NOT NULL DEFAULT ''",
        unit: "TEXT NOT NULL DEFAULT ''",
        role: 'TEXT NOT NULL',
        group_name: "TEXT NOT NULL DEFAULT ''",
        created_at: 'TEXT NOT NULL',
        protocol_order: 'INTEGER NOT NULL DEFAULT 0',
      },
    },
    read_receipts: {
      kind: 'table STRICT',
      columns: {
        document_id: 'TEXT NOT NULL PRIMARY KEY 1/3',
        participant_id: 'TEXT NOT NULL PRIMARY KEY 2/3',
        version: 'INTEGER NOT NULL PRIMARY KEY 3/3',
        first_opened_at: 'TEXT NOT NULL',
        last_opened_at: 'TEXT NOT NULL',
        open_count: 'INTEGER NOT NULL',
      },
    },
    speaker_requests: {
      kind: 'table STRICT',
      columns: {
        id: 'TEXT NOT NULL PRIMARY KEY',
        meeting_id: 'TEXT NOT NULL',
        item_id: 'TEXT',
        participant_id: 'TEXT NOT NULL',
        kind: 'TEXT NOT NULL',
        status: 'TEXT NOT NULL',
        queue_order: 'INTEGER NOT NULL DEFAULT 0',
        requested_at: 'TEXT NOT NULL',
        added_by: 'TEXT',
        started_at: 'TEXT',
        paused_at: 'TEXT',
        paused_ms: 'INTEGER NOT NULL DEFAULT 0',
        limit_seconds: 'INTEGER',
        ended_at: 'TEXT',
      },
    },
    meeting_vote_labels: {
      kind: 'table STRICT',
      columns: {
        meeting_id: 'TEXT NOT NULL PRIMARY KEY',
        for_label: 'TEXT NOT NULL',
        against_label: 'TEXT NOT NULL',
        abstain_label: 'TEXT NOT NULL',
      },
    },
    vote_open_ballots: {
      kind: 'table STRICT WITHOUT ROWID',
      columns: {
        vote_id: 'TEXT NOT NULL PRIMARY KEY 1/2',
        member_id: 'TEXT NOT NULL PRIMARY KEY 2/2',
        option_id: 'TEXT NOT NULL',
      },
    },
    vote_requests: {
      kind: 'table STRICT WITHOUT ROWID',
      columns: {
        vote_id: 'TEXT NOT NULL PRIMARY KEY 1/2',
        idempotency_key: 'TEXT NOT NULL PRIMARY KEY 2/2',
        holder_id: 'TEXT NOT NULL',
        outcome_json: 'TEXT NOT NULL',
      },
    },
    vote_secret_ballots: {
      kind: 'table STRICT WITHOUT ROWID',
      columns: {
        token: 'TEXT NOT NULL PRIMARY KEY',
        vote_id: 'TEXT NOT NULL',
        option_id: 'TEXT NOT NULL',
      },
    },
    vote_voters: {
      kind: 'table STRICT WITHOUT ROWID',
      columns: {
        vote_id: 'TEXT NOT NULL PRIMARY KEY 1/2',
        member_id: 'TEXT NOT NULL PRIMARY KEY 2/2',
        holder_id: 'TEXT NOT NULL',
        idempotency_key: 'TEXT NOT NULL',
      },
    },
    votes: {
      kind: 'table STRICT',
      columns: {
        id: 'TEXT NOT NULL PRIMARY KEY',
        meeting_id: 'TEXT NOT NULL',
        agenda_item_id: 'TEXT NOT NULL',
        title: 'TEXT NOT NULL',
        secrecy: 'TEXT NOT NULL',
        options_json: 'TEXT NOT NULL',
        rule_json: 'TEXT NOT NULL',
        allow_change: 'INTEGER NOT NULL',
        duration_seconds: 'INTEGER',
        status: 'TEXT NOT NULL',
        rerun_of: 'TEXT',
        created_at: 'TEXT NOT NULL',
        opened_at: 'TEXT',
        closes_at: 'TEXT',
        closed_at: 'TEXT',
        eligible_json: 'TEXT',
        eligible_count: 'INTEGER',
        facts_json: 'TEXT',
        voted: 'INTEGER NOT NULL DEFAULT 0',
        result_json: 'TEXT',
        record_json: 'TEXT',
      },
    },
    yjs_updates: {
      kind: 'table STRICT',
      columns: {
        id: 'INTEGER PRIMARY KEY',
        doc_name: 'TEXT NOT NULL',
        data: 'BLOB NOT NULL',
        created_at: 'INTEGER NOT NULL',
      },
    },
    // 0100: the outgoing-document register and the conclusion notices.
    register_entries: {
      kind: 'table STRICT',
      columns: {
        year: 'INTEGER NOT NULL PRIMARY KEY 1/3',
        classified: 'INTEGER NOT NULL PRIMARY KEY 2/3',
        number: 'INTEGER NOT NULL PRIMARY KEY 3/3',
        kind: 'TEXT NOT NULL',
        meeting_id: 'TEXT NOT NULL',
        formatted: 'TEXT NOT NULL',
        assigned_at: 'TEXT NOT NULL',
      },
    },
    conclusion_notices: {
      kind: 'table STRICT',
      columns: {
        meeting_id: 'TEXT NOT NULL PRIMARY KEY',
        state: 'TEXT NOT NULL',
        content_json: 'TEXT NOT NULL',
        recipients_json: 'TEXT NOT NULL',
        signer_title: "TEXT NOT NULL DEFAULT ''",
        signer_name: "TEXT NOT NULL DEFAULT ''",
        drafted_by: 'TEXT',
        drafted_at: 'TEXT NOT NULL',
        issued_by: 'TEXT',
        issued_at: 'TEXT',
        register_number: 'TEXT',
      },
    },
  },
  indexes: {
    agenda_items_by_meeting:
      'CREATE INDEX agenda_items_by_meeting ON agenda_items(meeting_id, parent_id, position)',
    attendance_by_holder:
      'CREATE INDEX attendance_by_holder ON attendance(proxy_holder_id) WHERE proxy_holder_id IS NOT NULL',
    attendance_by_meeting: 'CREATE INDEX attendance_by_meeting ON attendance(meeting_id)',
    attendance_events_by_meeting:
      'CREATE INDEX attendance_events_by_meeting ON attendance_events(meeting_id, seq)',
    device_sessions_by_participant:
      'CREATE INDEX device_sessions_by_participant ON device_sessions(participant_id)',
    document_grants_unique:
      "CREATE UNIQUE INDEX document_grants_unique ON document_grants(document_id, coalesce(participant_id, ''), coalesce(group_name, ''))",
    document_versions_by_sha: 'CREATE INDEX document_versions_by_sha ON document_versions(sha256)',
    documents_by_meeting:
      'CREATE INDEX documents_by_meeting ON documents(meeting_id, agenda_item_id, position)',
    participants_by_meeting: 'CREATE INDEX participants_by_meeting ON participants(meeting_id)',
    participants_by_meeting_order:
      'CREATE INDEX participants_by_meeting_order ON participants(meeting_id, protocol_order)',
    speaker_requests_by_item:
      'CREATE INDEX speaker_requests_by_item ON speaker_requests(meeting_id, item_id, status, queue_order)',
    speaker_requests_one_queued:
      "CREATE UNIQUE INDEX speaker_requests_one_queued ON speaker_requests(item_id, participant_id, kind) WHERE status = 'queued'",
    speaker_requests_one_speaking:
      "CREATE UNIQUE INDEX speaker_requests_one_speaking ON speaker_requests(meeting_id) WHERE status = 'speaking'",
    sqlite_autoindex_agenda_items_1: 'agenda_items(id) PRIMARY KEY',
    sqlite_autoindex_attendance_1: 'attendance(participant_id) PRIMARY KEY',
    sqlite_autoindex_device_sessions_1: 'device_sessions(id) PRIMARY KEY',
    sqlite_autoindex_device_sessions_2: 'device_sessions(token_hash) UNIQUE',
    sqlite_autoindex_document_pages_1: 'document_pages(document_id, version, page) UNIQUE',
    sqlite_autoindex_document_versions_1: 'document_versions(document_id, version) PRIMARY KEY',
    sqlite_autoindex_documents_1: 'documents(id) PRIMARY KEY',
    sqlite_autoindex_join_codes_1: 'join_codes(id) PRIMARY KEY',
    sqlite_autoindex_join_codes_2: 'join_codes(code_hash) UNIQUE',
    sqlite_autoindex_meetings_1: 'meetings(id) PRIMARY KEY',
    sqlite_autoindex_meetings_2: 'meetings(demo_key) UNIQUE',
    sqlite_autoindex_meeting_presenters_1: 'meeting_presenters(meeting_id) PRIMARY KEY',
    sqlite_autoindex_meeting_sessions_1: 'meeting_sessions(meeting_id) PRIMARY KEY',
    sqlite_autoindex_minutes_1: 'minutes(meeting_id) PRIMARY KEY',
    sqlite_autoindex_minutes_addenda_1: 'minutes_addenda(id) PRIMARY KEY',
    sqlite_autoindex_minutes_addenda_2: 'minutes_addenda(meeting_id, seq) UNIQUE',
    sqlite_autoindex_participants_1: 'participants(id) PRIMARY KEY',
    sqlite_autoindex_read_receipts_1: 'read_receipts(document_id, participant_id, version) PRIMARY KEY',
    sqlite_autoindex_speaker_requests_1: 'speaker_requests(id) PRIMARY KEY',
    sqlite_autoindex_meeting_vote_labels_1: 'meeting_vote_labels(meeting_id) PRIMARY KEY',
    sqlite_autoindex_vote_open_ballots_1: 'vote_open_ballots(vote_id, member_id) PRIMARY KEY',
    sqlite_autoindex_vote_requests_1: 'vote_requests(vote_id, idempotency_key) PRIMARY KEY',
    sqlite_autoindex_vote_secret_ballots_1: 'vote_secret_ballots(token) PRIMARY KEY',
    sqlite_autoindex_vote_voters_1: 'vote_voters(vote_id, member_id) PRIMARY KEY',
    sqlite_autoindex_votes_1: 'votes(id) PRIMARY KEY',
    votes_by_meeting: 'CREATE INDEX votes_by_meeting ON votes(meeting_id, created_at)',
    votes_one_open: "CREATE UNIQUE INDEX votes_one_open ON votes(meeting_id) WHERE status = 'open'",
    yjs_updates_by_doc: 'CREATE INDEX yjs_updates_by_doc ON yjs_updates(doc_name, id)',
    sqlite_autoindex_register_entries_1: 'register_entries(year, classified, number) PRIMARY KEY',
    sqlite_autoindex_register_entries_2: 'register_entries(meeting_id, kind) UNIQUE',
    sqlite_autoindex_conclusion_notices_1: 'conclusion_notices(meeting_id) PRIMARY KEY',
  },
};

interface TableListRow {
  schema: string;
  name: string;
  type: string;
  wr: number;
  strict: number;
}
interface ColumnRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface IndexListRow {
  name: string;
  origin: string;
}
interface IndexColumnRow {
  name: string | null;
  cid: number;
  key: number;
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const oneLine = (sql: string): string => sql.replace(/\s+/g, ' ').trim();
const byName = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));

/**
 * Reads the schema through `PRAGMA table_list`, `table_xinfo`, `index_list` and `index_xinfo`.
 * FTS5's shadow tables and a virtual table's hidden columns are left out: they follow from its
 * `USING` clause, which is recorded.
 */
function readSchema(db: WritableDB): SchemaShape {
  const sqlOf = db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').pluck();
  const tables: [string, SchemaShape['tables'][string]][] = [];
  const indexes: [string, string][] = [];
  for (const t of db.pragma('table_list') as TableListRow[]) {
    if (t.schema !== 'main' || t.name.startsWith('sqlite_') || t.type === 'shadow') continue;
    const columns = (db.pragma(`table_xinfo(${quote(t.name)})`) as ColumnRow[]).filter(
      (c) => !(t.type === 'virtual' && c.hidden === 1),
    );
    const pkCount = columns.filter((c) => c.pk > 0).length;
    let kind = t.type;
    if (t.type === 'virtual')
      kind += ` ${oneLine(String(sqlOf.get(t.name))).replace(/^.*? USING /i, 'USING ')}`;
    if (t.strict) kind += ' STRICT';
    if (t.wr) kind += ' WITHOUT ROWID';
    const described = columns.map((c): [string, string] => {
      let d = c.type === '' ? '(no type)' : c.type;
      if (c.notnull) d += ' NOT NULL';
      if (c.pk > 0) d += pkCount > 1 ? ` PRIMARY KEY ${c.pk}/${pkCount}` : ' PRIMARY KEY';
      if (c.dflt_value !== null) d += ` DEFAULT ${c.dflt_value}`;
      if (c.hidden === 2 || c.hidden === 3) d += ' GENERATED';
      return [c.name, d];
    });
    tables.push([t.name, { kind, columns: Object.fromEntries(described) }]);
    for (const i of db.pragma(`index_list(${quote(t.name)})`) as IndexListRow[]) {
      if (i.origin === 'c') {
        indexes.push([i.name, oneLine(String(sqlOf.get(i.name)))]);
        continue;
      }
      const keyColumns = (db.pragma(`index_xinfo(${quote(i.name)})`) as IndexColumnRow[])
        .filter((c) => c.key === 1)
        .map((c) => c.name ?? (c.cid === -1 ? 'rowid' : '(expression)'));
      indexes.push([
        i.name,
        `${t.name}(${keyColumns.join(', ')}) ${i.origin === 'pk' ? 'PRIMARY KEY' : 'UNIQUE'}`,
      ]);
    }
  }
  return { version: schemaVersion(db), tables: byName(tables), indexes: byName(indexes) };
}

/** What `now` lacks or changed of `shipped`, what it adds, and how its indexes differ. */
function compareSchemas(
  shipped: SchemaShape,
  now: SchemaShape,
): { breaking: string[]; unrecorded: string[]; indexes: string[] } {
  const breaking: string[] = [];
  const unrecorded: string[] = [];
  const indexes: string[] = [];
  for (const [name, table] of Object.entries(shipped.tables)) {
    const current = now.tables[name];
    if (!current) {
      breaking.push(`table ${name} was dropped or renamed`);
      continue;
    }
    if (current.kind !== table.kind)
      breaking.push(`table ${name} changed kind: ${table.kind} → ${current.kind}`);
    for (const [column, type] of Object.entries(table.columns)) {
      const currentType = current.columns[column];
      if (currentType === undefined)
        breaking.push(`column ${name}.${column} (${type}) was dropped or renamed`);
      else if (currentType !== type)
        breaking.push(`column ${name}.${column} changed: ${type} → ${currentType}`);
    }
    for (const [column, type] of Object.entries(current.columns)) {
      if (!(column in table.columns))
        unrecorded.push(`new column ${name}.${column}: ${JSON.stringify(type)}`);
    }
  }
  for (const [name, table] of Object.entries(now.tables)) {
    if (!(name in shipped.tables)) {
      unrecorded.push(`new table ${name} (${table.kind}): ${JSON.stringify(table.columns)}`);
    }
  }
  if (now.version !== shipped.version) {
    unrecorded.push(`schema version ${shipped.version} → ${now.version}`);
  }
  for (const [name, sql] of Object.entries(shipped.indexes)) {
    const current = now.indexes[name];
    if (current === undefined) indexes.push(`index ${name} was dropped or renamed (${sql})`);
    else if (current !== sql) indexes.push(`index ${name} changed: ${sql} → ${current}`);
  }
  for (const [name, sql] of Object.entries(now.indexes)) {
    if (!(name in shipped.indexes)) unrecorded.push(`new index ${name}: ${JSON.stringify(sql)}`);
  }
  return { breaking, unrecorded, indexes };
}

function migratedSchema(): SchemaShape {
  const db = openMemoryDatabase();
  try {
    migrate(db, ROOM_MIGRATIONS);
    return readSchema(db);
  } finally {
    db.close();
  }
}

describe('the room database schema is additive-only', () => {
  const now = migratedSchema();
  const diff = compareSchemas(SHIPPED_SCHEMA, now);

  it('migrates a fresh database to the latest version', () => {
    expect(now.version).toBe(ROOM_SCHEMA_VERSION);
  });

  it('keeps every shipped table and column, with its type', () => {
    expect(diff.breaking, `${diff.breaking.join('\n')}\n${ADDITIVE_ONLY}`).toEqual([]);
  });

  it('keeps every shipped index', () => {
    expect(diff.indexes, `${diff.indexes.join('\n')}\n${INDEX_CHANGED}`).toEqual([]);
  });

  it('has every table, column and index recorded (additions too)', () => {
    expect(diff.unrecorded, `${diff.unrecorded.join('\n')}\n${RECORD_IT}`).toEqual([]);
  });
});

describe('the schema guard itself', () => {
  const shipped = (): SchemaShape => structuredClone(SHIPPED_SCHEMA);

  it('finds nothing when nothing changed', () => {
    expect(compareSchemas(SHIPPED_SCHEMA, shipped())).toEqual({ breaking: [], unrecorded: [], indexes: [] });
  });

  it('calls a dropped, renamed or retyped column breaking', () => {
    const now = shipped();
    const meetings = now.tables.meetings!.columns;
    delete meetings.place;
    meetings.venue = "TEXT NOT NULL DEFAULT ''";
    meetings.published_revision = 'TEXT';
    const diff = compareSchemas(SHIPPED_SCHEMA, now);
    expect(diff.breaking).toEqual([
      "column meetings.place (TEXT NOT NULL DEFAULT '') was dropped or renamed",
      'column meetings.published_revision changed: INTEGER NOT NULL DEFAULT 0 → TEXT',
    ]);
    expect(diff.unrecorded).toEqual([`new column meetings.venue: "TEXT NOT NULL DEFAULT ''"`]);
  });

  it('calls a dropped table breaking and a new one unrecorded', () => {
    const now = shipped();
    now.tables.ballot_boxes = { kind: 'table STRICT', columns: { id: 'TEXT NOT NULL PRIMARY KEY' } };
    delete now.tables.join_codes;
    now.version += 10;
    const diff = compareSchemas(SHIPPED_SCHEMA, now);
    expect(diff.breaking).toEqual(['table join_codes was dropped or renamed']);
    expect(diff.unrecorded).toHaveLength(2);
    expect(diff.unrecorded[0]).toMatch(/^new table ballot_boxes/);
  });

  it('reports dropped and new indexes', () => {
    const now = shipped();
    delete now.indexes.yjs_updates_by_doc;
    now.indexes.yjs_updates_by_time = 'CREATE INDEX yjs_updates_by_time ON yjs_updates(created_at)';
    const diff = compareSchemas(SHIPPED_SCHEMA, now);
    expect(diff.breaking).toEqual([]);
    expect(diff.indexes).toHaveLength(1);
    expect(diff.unrecorded).toHaveLength(1);
  });
});
