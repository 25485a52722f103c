import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { completeIdNumber } from '../src/core/codes/id-number.js';
import { DecryptionError, Keyring, generateMasterKey, parseMasterKey } from '../src/server/crypto/keyring.js';
import { installKeyring, keyFilePath, keyring, loadDataKeys, readKeyFile, writeKeyFile } from '../src/server/crypto/data-key.js';
import { ConfigError, loadConfig } from '../src/server/config.js';
import { rotateDataKey } from '../src/server/crypto/rotate.js';
import { idNumberIndex, openField, openFormData } from '../src/server/crypto/personal-data.js';
import { resealPersonalData } from '../src/server/crypto/reseal.js';
import type { DbHandle } from '../src/server/db/database.js';
import { DiskStorage, sha256Hex } from '../src/server/adapters/storage.js';
import { DEMO_APPLICANTS, seedDemoIfEmpty } from '../src/server/demo/seed.js';
import { migrateTo, migrateToLatest } from '../src/server/db/migrate.js';
import { openEmptyTestDb, openTestDb, PG_ADMIN_URL, TEST_DATA_KEY } from './support/databases.js';
import { createTestContext, lastSmsCode, type Agent, type TestContext } from './support/test-app.js';

const KEY_A = Buffer.alloc(32, 0xa1);
const KEY_B = Buffer.alloc(32, 0xb2);

describe('SM4 + HMAC-SM3 envelopes (keyring)', () => {
  const ring = new Keyring([KEY_A]);

  it('round-trips any text and any bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(ring.open(ring.seal(s, 'p'), 'p')).toBe(s);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (a) => {
        const b = Buffer.from(a);
        expect(ring.openBytes(ring.sealBytes(b, 'f'), 'f').equals(b)).toBe(true);
      }),
    );
  });

  it('seals the same value differently each time (random IV) and names the key id', () => {
    const a = ring.seal('330523199003071238', 'users.id_number');
    const b = ring.seal('330523199003071238', 'users.id_number');
    expect(a).not.toBe(b);
    expect(a.startsWith(`tb1.${ring.currentKid}.`)).toBe(true);
    expect(a).not.toContain('3305231990');
    expect(Keyring.kidOf(a)).toBe(ring.currentKid);
    expect(Keyring.kidOf('330523199003071238')).toBeUndefined();
  });

  it('refuses a text envelope with any byte flipped', () => {
    const sealed = ring.seal('13857212345', 'users.phone');
    const [prefix, kid, body] = sealed.split('.') as [string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const t = Buffer.from(bytes);
      t[i] = (t[i] as number) ^ 0x01;
      expect(() => ring.open(`${prefix}.${kid}.${t.toString('base64url')}`, 'users.phone'), `byte ${i}`).toThrow(DecryptionError);
    }
    expect(() => ring.open(`${prefix}.${kid}.${body.slice(0, -4)}`, 'users.phone')).toThrow(DecryptionError);
  });

  it('refuses a file envelope with any byte flipped, truncated or extended', () => {
    const plain = Buffer.from('%PDF-1.4 a material file');
    const sealed = ring.sealBytes(plain, 'file-id');
    for (let i = 0; i < sealed.length; i++) {
      const t = Buffer.from(sealed);
      t[i] = (t[i] as number) ^ 0x80;
      expect(() => ring.openBytes(t, 'file-id'), `byte ${i}`).toThrow(DecryptionError);
    }
    expect(() => ring.openBytes(sealed.subarray(0, sealed.length - 1), 'file-id')).toThrow(DecryptionError);
    expect(() => ring.openBytes(Buffer.concat([sealed, Buffer.from([0])]), 'file-id')).toThrow(DecryptionError);
  });

  it('refuses a value sealed for another purpose (a phone moved into the ID number column)', () => {
    expect(() => ring.open(ring.seal('13857212345', 'users.phone'), 'users.id_number')).toThrow(DecryptionError);
    expect(() => ring.openBytes(ring.sealBytes(Buffer.from('x'), 'file-a'), 'file-b')).toThrow(DecryptionError);
  });

  it('refuses the wrong key, and opens old envelopes while a rotation is under way', () => {
    const sealedA = ring.seal('secret', 'p');
    const other = new Keyring([KEY_B]);
    expect(() => other.open(sealedA, 'p')).toThrow(DecryptionError);
    // A key with the same id but other bytes (forged id) still fails authentication.
    const forged = sealedA.replace(ring.currentKid, other.currentKid);
    expect(() => other.open(forged, 'p')).toThrow(DecryptionError);
    const rotating = new Keyring([KEY_B, KEY_A]);
    expect(rotating.open(sealedA, 'p')).toBe('secret');
    expect(Keyring.kidOf(rotating.seal('secret', 'p'))).toBe(other.currentKid);
  });

  it('blind index: stable for a value, different per value, purpose and key, and not the value', () => {
    const idx = ring.blindIndex('330523199003071238', 'users.id_number');
    expect(idx).toMatch(/^[0-9a-f]{32}$/);
    expect(new Keyring([KEY_A]).blindIndex('330523199003071238', 'users.id_number')).toBe(idx);
    expect(ring.blindIndex('330523198511202429', 'users.id_number')).not.toBe(idx);
    expect(ring.blindIndex('330523199003071238', 'users.phone')).not.toBe(idx);
    expect(new Keyring([KEY_B]).blindIndex('330523199003071238', 'users.id_number')).not.toBe(idx);
    expect(new Keyring([KEY_B, KEY_A]).blindIndexes('330523199003071238', 'users.id_number')).toContain(idx);
  });

  it('parses keys as 64 hex digits or base64 and refuses anything else', () => {
    const k = generateMasterKey();
    expect(parseMasterKey(k.toString('hex')).equals(k)).toBe(true);
    expect(parseMasterKey(k.toString('base64')).equals(k)).toBe(true);
    for (const bad of ['', 'abc', k.toString('hex').slice(2), Buffer.alloc(16).toString('base64'), 'z'.repeat(64)]) expect(() => parseMasterKey(bad)).toThrow();
  });
});

describe('data keys from configuration (DATA_KEY) or the data directory', () => {
  it('validates DATA_KEY at start: hex or base64 of 32 bytes, comma-separated, never echoing the key', () => {
    const a = generateMasterKey();
    const b = generateMasterKey();
    expect(loadConfig({ DATA_KEY: `${a.toString('hex')},${b.toString('base64')}` }).dataKeys).toEqual([a, b]);
    expect(loadConfig({}).dataKeys).toEqual([]);
    const bad = 'not-a-key-but-a-secret-looking-string';
    expect(() => loadConfig({ DATA_KEY: bad })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_KEY: bad })).not.toThrow(new RegExp(bad));
    expect(() => loadConfig({ DATA_KEY: `${a.toString('hex')},${a.toString('hex').slice(4)}` })).toThrow(/key 2/);
  });

  it('generates the embedded default key once, owner-only, and refuses a key file others can read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-key-'));
    try {
      const first = loadDataKeys({ dataKeys: [], dataDir: dir });
      expect(first.keys).toHaveLength(1);
      expect(fs.statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
      expect(loadDataKeys({ dataKeys: [], dataDir: dir }).keys).toEqual(first.keys);
      const configured = generateMasterKey();
      expect(loadDataKeys({ dataKeys: [configured], dataDir: dir })).toEqual({ keys: [configured], source: 'DATA_KEY' });
      fs.chmodSync(keyFilePath(dir), 0o644);
      expect(() => loadDataKeys({ dataKeys: [], dataDir: dir })).toThrow(/chmod 600/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Personal data at rest, through the HTTP API and in the raw storage (PGlite and PostgreSQL).
// ---------------------------------------------------------------------------------------------

let ctx: Ctx;
let filesDir: string;

interface Ctx extends TestContext {
  storage: DiskStorage;
}

async function contextOn(handle: DbHandle, dir: string): Promise<Ctx> {
  const storage = new DiskStorage(dir);
  return { ...(await createTestContext({ handle, storage })), storage };
}

const DEMO_SECRETS = DEMO_APPLICANTS.flatMap((a) => [a.phone, a.address, ...(a.kind === 'natural_person' ? [a.idNumber] : [a.legalRepresentative])]);
const WINDOW_ID = '11010519491231002X';
const WINDOW_PHONE = '13800001234';
const DRAFT_PHONE = '13857219876';
const DRAFT_ID_NUMBER = completeIdNumber('33052319800101123');
const REGISTER_ID = completeIdNumber('33052319950505123');
const REGISTER_PHONE = '13700001357';
const PDF = Buffer.from('%PDF-1.4\n% tongban data protection test 330523199003071238\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function upload(c: Ctx, agent: Agent, bytes: Buffer): Promise<string> {
  const boundary = `----tongban${randomBytes(6).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await c.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

async function implIdOf(c: Ctx, name: string): Promise<string> {
  const res = (await c.anon().get(`/api/catalogue/items?q=${encodeURIComponent(name)}`)).json() as { items: { implId: string; name: string }[] };
  const hit = res.items.find((i) => i.name.includes(name));
  if (!hit) throw new Error(`no item ${name}`);
  return hit.implId;
}

/** Every byte of the database as PostgreSQL holds it: the data directory (PGlite) or pg_dump's output. */
async function rawDatabase(h: DbHandle): Promise<Buffer> {
  if (h.pglite) {
    await h.pglite.query('checkpoint');
    return Buffer.from(await (await h.pglite.dumpDataDir('none')).arrayBuffer());
  }
  const db = (await sql<{ db: string }>`select current_database() as db`.execute(h.db)).rows[0]?.db ?? '';
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${db}`;
  return execFileSync('pg_dump', ['--no-owner', url.toString()], { maxBuffer: 512 * 1024 * 1024 });
}

/** Every row of every table as text (what an export of the database would show). */
async function everyRowAsText(h: DbHandle): Promise<string> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(h.db);
  const parts: string[] = [];
  for (const t of tables.rows) {
    const r = await sql<{ row: string }>`select t::text as row from ${sql.table(t.name)} t`.execute(h.db);
    parts.push(...r.rows.map((x) => x.row));
  }
  return parts.join('\n');
}

function filesUnder(dir: string): Buffer {
  if (!fs.existsSync(dir)) return Buffer.alloc(0);
  return Buffer.concat(fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => fs.readFileSync(path.join(e.parentPath, e.name))));
}

const containsAny = (haystack: Buffer, needles: string[]) => needles.filter((n) => haystack.includes(Buffer.from(n, 'utf8')));

describe('personal data at rest (seeded demo, the window, drafts, files)', () => {
  beforeAll(async () => {
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-files-'));
    ctx = await contextOn(await openTestDb(), filesDir);
  });
  afterAll(async () => {
    await ctx?.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('stores the demo applicants ID numbers, phones, addresses and legal representative sealed, with a blind index', async () => {
    const rows = await ctx.handle.db.selectFrom('users').selectAll().where('username', 'in', ['zhangsan', 'lisi', 'baicha']).execute();
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(Keyring.isSealed(r.phone ?? '')).toBe(true);
      expect(Keyring.isSealed(r.address ?? '')).toBe(true);
      if (r.kind === 'natural_person') {
        expect(Keyring.isSealed(r.id_number ?? '')).toBe(true);
        expect(r.id_number_bidx).toBe(idNumberIndex(DEMO_APPLICANTS.find((a) => a.username === r.username && a.kind === 'natural_person')?.idNumber ?? ''));
      } else expect(Keyring.isSealed(r.legal_representative ?? '')).toBe(true);
    }
    const me = (await (await ctx.as('zhangsan')).get('/api/auth/me')).json() as { user: { idNumber: string; phone: string } };
    expect(me.user).toMatchObject({ idNumber: DEMO_APPLICANTS[0]?.kind === 'natural_person' ? DEMO_APPLICANTS[0].idNumber : '', phone: DEMO_APPLICANTS[0]?.phone });
  });

  it('the window finds an applicant by ID number (blind index) and registers a new one sealed, not named after the ID', async () => {
    const clerk = await ctx.as('clerk');
    const zhangsanId = DEMO_APPLICANTS[0]?.kind === 'natural_person' ? DEMO_APPLICANTS[0].idNumber : '';
    const found = (await clerk.post('/api/workbench/applicants/lookup', { idNumber: zhangsanId })).json() as { name: string; idNumber: string; registered: boolean };
    expect(found).toMatchObject({ name: '张三', idNumber: zhangsanId, registered: false });
    const created = await clerk.post('/api/workbench/applicants/lookup', { idNumber: WINDOW_ID, name: '王五', phone: WINDOW_PHONE });
    expect(created.json()).toMatchObject({ idNumber: WINDOW_ID, registered: true });
    const again = (await clerk.post('/api/workbench/applicants/lookup', { idNumber: WINDOW_ID })).json() as { id: string; registered: boolean };
    expect(again).toMatchObject({ id: (created.json() as { id: string }).id, registered: false });
    const row = await ctx.handle.db.selectFrom('users').selectAll().where('id', '=', again.id).executeTakeFirstOrThrow();
    expect(row.username).not.toContain(WINDOW_ID.slice(0, 10));
    expect(row.username.toLowerCase()).not.toContain(WINDOW_ID.toLowerCase().slice(6, 14));
    expect(openField('id_number', row.id_number)).toBe(WINDOW_ID);
    expect(openField('phone', row.phone)).toBe(WINDOW_PHONE);
  });

  it('seals case form data, shows it to the applicant, and keeps uploaded files sealed on disk', async () => {
    const zhangsan = await ctx.as('zhangsan');
    const fileId = await upload(ctx, zhangsan, PDF);
    expect(fileId).toBe(sha256Hex(PDF));
    const stored = fs.readFileSync(ctx.storage.pathOf(fileId));
    expect(Keyring.kidOfBytes(stored)).toBe(keyring().currentKid);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
    // The same bytes again: the same id (content addressing survives encryption), stored once.
    expect(await upload(ctx, zhangsan, PDF)).toBe(fileId);
    expect(fs.readFileSync(ctx.storage.pathOf(fileId)).equals(stored)).toBe(true);

    const implId = await implIdOf(ctx, '个体工商户设立登记');
    const formData = { phone: DRAFT_PHONE, idNumber: DRAFT_ID_NUMBER, scope: '茶叶零售' };
    const draft = await zhangsan.post('/api/cases/drafts', { implId, formData, situationAnswers: {}, materials: [{ materialId: 'm-application', fileId, fileName: 'scan.pdf' }] });
    expect(draft.statusCode, draft.body).toBeLessThan(300);
    const id = (draft.json() as { id: string }).id;
    const row = await ctx.handle.db.selectFrom('cases').select('form_data').where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row.form_data)).not.toContain(DRAFT_PHONE);
    expect(Object.keys(row.form_data)).toEqual(['$sealed']);
    const view = (await zhangsan.get(`/api/cases/${id}`)).json() as { formData: Record<string, unknown> };
    // (Identity fields in form data come from the verified account, finding 8.)
    expect(view.formData).toMatchObject({ phone: DRAFT_PHONE, scope: '茶叶零售' });
    const file = await zhangsan.get(`/api/files/${fileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  it('a tampered file on disk is refused, not served', async () => {
    const zhangsan = await ctx.as('zhangsan');
    const bytes = Buffer.concat([PDF, Buffer.from('% tamper test\n')]);
    const fileId = await upload(ctx, zhangsan, bytes);
    const implId = await implIdOf(ctx, '个体工商户设立登记');
    await zhangsan.post('/api/cases/drafts', { implId, formData: {}, situationAnswers: {}, materials: [{ materialId: 'm-application', fileId, fileName: 'x.pdf' }] });
    const p = ctx.storage.pathOf(fileId);
    const t = fs.readFileSync(p);
    t[t.length - 40] = (t[t.length - 40] as number) ^ 1;
    fs.writeFileSync(p, t);
    expect((await zhangsan.get(`/api/files/${fileId}`)).statusCode).toBe(500);
    await expect(ctx.storage.get(fileId)).rejects.toThrow(DecryptionError);
  });

  it('registration seals the ID number and phone (also while the SMS code is pending) and refuses a registered ID by its blind index', async () => {
    const body = { kind: 'natural_person', username: 'zhaoliu', password: 'Qz7!mVr2#Lp9wXt', name: '赵六', idNumber: REGISTER_ID, phone: REGISTER_PHONE };
    const started = await ctx.anon().post('/api/auth/register', body);
    expect(started.statusCode, started.body).toBe(202);
    const pending = await ctx.handle.db.selectFrom('verification_codes').select('payload').where('id', '=', (started.json() as { registrationId: string }).registrationId).executeTakeFirstOrThrow();
    expect(JSON.stringify(pending.payload)).not.toContain(REGISTER_ID);
    expect(JSON.stringify(pending.payload)).not.toContain(REGISTER_PHONE);
    const code = lastSmsCode(ctx.messages, REGISTER_PHONE);
    const confirmed = await ctx.anon().post('/api/auth/register/confirm', { registrationId: (started.json() as { registrationId: string }).registrationId, code });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const row = await ctx.handle.db.selectFrom('users').selectAll().where('username', '=', 'zhaoliu').executeTakeFirstOrThrow();
    expect(row.id_number_bidx).toBe(idNumberIndex(REGISTER_ID));
    expect([openField('id_number', row.id_number), openField('phone', row.phone)]).toEqual([REGISTER_ID, REGISTER_PHONE]);
    expect(Keyring.isSealed(row.id_number ?? '')).toBe(true);
    // The same ID again: no code is sent to the new phone, the account holder is told instead.
    const sent = ctx.messages.sent.length;
    await ctx.anon().post('/api/auth/register', { ...body, username: 'zhaoliu2', phone: '13700009999' });
    expect(lastSmsCode(ctx.messages, '13700009999')).toBeUndefined();
    expect(ctx.messages.sent.slice(sent).some((m) => m.to === REGISTER_PHONE)).toBe(true);
  });

  it('leaves no plaintext ID number, phone, address or form data in the raw database or the files directory', async () => {
    const needles = [...DEMO_SECRETS, WINDOW_ID, WINDOW_PHONE, DRAFT_PHONE, DRAFT_ID_NUMBER, REGISTER_ID, REGISTER_PHONE, '330523199003071238'];
    expect(containsAny(await rawDatabase(ctx.handle), needles)).toEqual([]);
    expect(containsAny(Buffer.from(await everyRowAsText(ctx.handle)), needles)).toEqual([]);
    expect(containsAny(filesUnder(filesDir), [...needles, '%PDF'])).toEqual([]);
    // The check itself finds what it looks for.
    expect(containsAny(Buffer.from(`x${WINDOW_ID}y`), needles)).toEqual([WINDOW_ID]);
  });
});

describe('the start-up data step seals plaintext written before encryption (migration of existing data)', () => {
  let h: DbHandle;
  let dir: string;
  const LEGACY_ID = completeIdNumber('33052319700101123');
  const LEGACY_PHONE = '13957200001';
  const LEGACY_FORM_PHONE = '13957200002';
  const LEGACY_FILE = Buffer.from('%PDF-1.4\n% legacy plaintext file 13957200003\n%%EOF\n');
  beforeAll(async () => {
    h = await openEmptyTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-legacy-'));
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('seals users, form data and files, fills the blind index, renames w_<ID> accounts; everything still works', { timeout: 120_000 }, async () => {
    await migrateTo(h.db, '202611240001_case-event-head');
    // An account registered at the window before encryption: plaintext columns, named after the ID.
    await sql`insert into users (kind, username, password_hash, display_name, id_number, phone, address)
      values ('natural_person', ${`w_${LEGACY_ID}`}, 'x', '赵七', ${LEGACY_ID}, ${LEGACY_PHONE}, '安吉县昌硕街道1号')`.execute(h.db);
    await migrateToLatest(h.db);
    await seedDemoIfEmpty(h.db);
    const impl = (await sql<{ impl_id: string; version_id: string; org_id: string; org_path: string; region_code: string }>`
      select i.id as impl_id, i.published_version_id as version_id, i.org_id, o.path as org_path, i.region_code
      from item_impls i join orgs o on o.id = i.org_id where i.published_version_id is not null limit 1`.execute(h.db)).rows[0];
    const applicant = await h.db.selectFrom('users').select('id').where('username', '=', `w_${LEGACY_ID}`).executeTakeFirstOrThrow();
    if (!impl) throw new Error('demo data missing');
    const caseId = randomUUID();
    await sql`insert into cases (id, impl_id, version_id, org_id, org_path, region_code, applicant_id, channel, state, snapshot, title, form_data)
      values (${caseId}, ${impl.impl_id}, ${impl.version_id}, ${impl.org_id}, ${impl.org_path}, ${impl.region_code}, ${applicant.id}, 'online', 'draft', '{}'::jsonb, '旧草稿',
        ${JSON.stringify({ phone: LEGACY_FORM_PHONE })}::jsonb)`.execute(h.db);
    const legacyFileId = sha256Hex(LEGACY_FILE);
    const legacyPath = new DiskStorage(dir).pathOf(legacyFileId);
    fs.mkdirSync(path.dirname(legacyPath), { recursive: true });
    fs.writeFileSync(legacyPath, LEGACY_FILE);
    await sql`insert into files (id, size, mime) values (${legacyFileId}, ${LEGACY_FILE.length}, 'application/pdf')`.execute(h.db);
    await sql`insert into case_materials (case_id, material_id, file_id, file_name, uploaded_by) values (${caseId}, 'm-application', ${legacyFileId}, 'old.pdf', ${applicant.id})`.execute(h.db);

    const storage = new DiskStorage(dir);
    // Plaintext from before still reads while it waits to be sealed.
    expect((await storage.get(legacyFileId))?.equals(LEGACY_FILE)).toBe(true);
    const report = await resealPersonalData(h.db, { files: storage });
    expect(report).toMatchObject({ renamedAccounts: 1, files: 1 });
    expect(report.users).toBeGreaterThanOrEqual(1);
    expect(report.cases).toBe(1);
    // Idempotent: nothing left to do.
    expect(await resealPersonalData(h.db, { files: storage })).toEqual({ users: 0, cases: 0, files: 0, totpSecrets: 0, renamedAccounts: 0 });

    const needles = [LEGACY_ID, LEGACY_PHONE, LEGACY_FORM_PHONE, ...DEMO_SECRETS];
    expect(containsAny(Buffer.from(await everyRowAsText(h)), needles)).toEqual([]);
    expect(containsAny(filesUnder(dir), [...needles, '13957200003', '%PDF'])).toEqual([]);

    const c = await contextOn({ ...h, close: async () => {} }, dir);
    try {
      const clerk = await c.as('clerk');
      const found = (await clerk.post('/api/workbench/applicants/lookup', { idNumber: LEGACY_ID })).json() as { id: string; registered: boolean; idNumber: string };
      expect(found).toMatchObject({ id: applicant.id, registered: false, idNumber: LEGACY_ID });
      const user = await h.db.selectFrom('users').select('username').where('id', '=', applicant.id).executeTakeFirstOrThrow();
      expect(user.username).toMatch(/^w_[0-9a-f]{16}$/);
      const row = await h.db.selectFrom('cases').select('form_data').where('id', '=', caseId).executeTakeFirstOrThrow();
      expect(openFormData(row.form_data)).toEqual({ phone: LEGACY_FORM_PHONE });
      expect((await storage.get(legacyFileId))?.equals(LEGACY_FILE)).toBe(true);
    } finally {
      await c.close();
    }
  });
});

describe('key rotation (npm run rotate-key)', () => {
  let c: Ctx;
  let dir: string;
  let dataDir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-rotate-files-'));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-rotate-data-'));
    c = await contextOn(await openTestDb(), dir);
  });
  afterAll(async () => {
    installKeyring(new Keyring([TEST_DATA_KEY]));
    await c?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const kidsInUse = async () => {
    const users = await c.handle.db.selectFrom('users').select(['id_number', 'phone']).execute();
    const cases = await c.handle.db.selectFrom('cases').select('form_data').execute();
    const values = [...users.flatMap((u) => [u.id_number, u.phone]), ...cases.map((x) => (x.form_data as { $sealed?: string }).$sealed ?? null)].filter((v): v is string => v !== null);
    return new Set(values.map((v) => Keyring.kidOf(v) ?? 'plaintext'));
  };

  it('re-seals rows and files under a new key; the old key is no longer needed, look-ups and views still work', async () => {
    const zhangsan = await c.as('zhangsan');
    const fileId = await upload(c, zhangsan, PDF);
    const implId = await implIdOf(c, '个体工商户设立登记');
    const draft = (await zhangsan.post('/api/cases/drafts', { implId, formData: { phone: DRAFT_PHONE }, situationAnswers: {}, materials: [{ materialId: 'm-application', fileId, fileName: 'a.pdf' }] })).json() as { id: string };
    const oldKid = keyring().currentKid;
    expect(await kidsInUse()).toEqual(new Set([oldKid]));

    // The embedded default: the key file holds the current key; rotation generates the next.
    writeKeyFile(keyFilePath(dataDir), [TEST_DATA_KEY]);
    const r = await rotateDataKey(c.handle.db, { configuredKeys: [], dataDir, files: c.storage });
    expect(r.fromKids).toEqual([oldKid]);
    expect(r.toKid).not.toBe(oldKid);
    expect(r.users).toBeGreaterThanOrEqual(3);
    expect(r.files).toBe(1);
    expect(await kidsInUse()).toEqual(new Set([r.toKid]));
    expect(Keyring.kidOfBytes(fs.readFileSync(c.storage.pathOf(fileId)))).toBe(r.toKid);
    // The file now holds only the new key, owner-only.
    const keys = readKeyFile(keyFilePath(dataDir));
    expect(keys).toHaveLength(1);
    expect(new Keyring(keys).currentKid).toBe(r.toKid);
    expect(fs.statSync(keyFilePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(keyring().kids).toEqual([r.toKid]);
    const audited = await c.handle.db.selectFrom('audit_events').select(['object_id', 'detail']).where('kind', '=', 'data_key_rotated').execute();
    expect(audited.map((a) => a.object_id)).toEqual([r.toKid]);

    // Everything opens under the new key alone.
    expect((await zhangsan.get(`/api/cases/${draft.id}`)).json()).toMatchObject({ formData: { phone: DRAFT_PHONE } });
    expect((await zhangsan.get(`/api/files/${fileId}`)).rawPayload.equals(PDF)).toBe(true);
    const clerk = await c.as('clerk');
    const zhangsanId = DEMO_APPLICANTS[0]?.kind === 'natural_person' ? DEMO_APPLICANTS[0].idNumber : '';
    expect((await clerk.post('/api/workbench/applicants/lookup', { idNumber: zhangsanId })).json()).toMatchObject({ name: '张三', registered: false });
    // And not under the old one.
    const sealedId = (await c.handle.db.selectFrom('users').select('id_number').where('username', '=', 'zhangsan').executeTakeFirstOrThrow()).id_number ?? '';
    expect(() => new Keyring([TEST_DATA_KEY]).open(sealedId, 'users.id_number')).toThrow(DecryptionError);

    // With DATA_KEY=<new>,<old>: the configured first key seals, nothing is generated.
    const configured = generateMasterKey();
    const r2 = await rotateDataKey(c.handle.db, { configuredKeys: [configured, ...keys], dataDir, files: c.storage });
    expect(r2).toMatchObject({ toKid: new Keyring([configured]).currentKid, fromKids: [r.toKid] });
    expect(await kidsInUse()).toEqual(new Set([r2.toKid]));
    expect(readKeyFile(keyFilePath(dataDir))).toHaveLength(1);

    // A server started with a key that does not hold the data (a wrong DATA_KEY, another machine's key
    // file) stops at the start-up data step instead of writing data under a second, unknown key.
    installKeyring(new Keyring([TEST_DATA_KEY]));
    await expect(resealPersonalData(c.handle.db, { files: c.storage })).rejects.toThrow(/no data key with id/);
    const untouched = await c.handle.db.selectFrom('users').select('id_number').where('username', '=', 'zhangsan').executeTakeFirstOrThrow();
    expect(Keyring.kidOf(untouched.id_number ?? '')).toBe(r2.toKid);
  });
});
