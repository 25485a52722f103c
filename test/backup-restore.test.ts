import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { AwsV4Signer } from 'aws4fetch';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { openTestDb, PG_ADMIN_URL, TEST_DATA_KEY, usePostgres } from './support/databases.js';
import { DiskStorage, sha256Hex } from '../src/server/adapters/storage.js';
import { S3Storage } from '../src/server/adapters/object-storage.js';
import { fileStoreFor } from '../src/server/adapters/file-store.js';
import { loadConfig } from '../src/server/config.js';
import { DataDirLockedError, lockDataDir } from '../src/server/db/data-dir-lock.js';
import { createBackup, type BackupManifest } from '../src/server/backup/backup.js';
import { checkRestored, restoreBackup, restoreIsSound, RestoreError } from '../src/server/backup/restore.js';
import { extractArchive } from '../src/server/backup/archive.js';
import { openDb, type DbHandle } from '../src/server/db/database.js';
import { installKeyring, keyring } from '../src/server/crypto/data-key.js';
import { Keyring, generateMasterKey } from '../src/server/crypto/keyring.js';

/** Backup → wipe → restore into a fresh data directory (PGlite) or a fresh database (PostgreSQL) → verify. */

const PDF = (tag: string) => Buffer.from(`%PDF-1.4\n% backup test ${tag}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

let work: string;
let ctx: TestContext;
let storage: DiskStorage;
let sourceUrl: string | undefined;
const created: { caseId: string; fileId: string; bytes: Buffer }[] = [];

function pgUrl(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function upload(agent: Agent, bytes: Buffer): Promise<string> {
  const boundary = `----tongban${randomBytes(6).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await ctx.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-backup-test-'));
  storage = new DiskStorage(path.join(work, 'source', 'files'));
  const handle = await openTestDb();
  if (handle.kind === 'postgres') {
    const db = (await sql<{ db: string }>`select current_database() as db`.execute(handle.db)).rows[0]?.db ?? '';
    sourceUrl = pgUrl(db);
  }
  ctx = await createTestContext({ handle, storage });
  ctx.clock.set('2026-03-02T02:00:00Z');
  const zhangsan = await ctx.as('zhangsan');
  const clerk = await ctx.as('clerk');
  const items = (await ctx.anon().get(`/api/catalogue/items?q=${encodeURIComponent('个体工商户设立登记')}`)).json() as { items: { implId: string; name: string }[] };
  const implId = items.items.find((i) => i.name.startsWith('个体工商户设立登记'))?.implId as string;
  for (const tag of ['one', 'two', 'three']) {
    const bytes = PDF(tag);
    const fileId = await upload(zhangsan, bytes);
    const res = await zhangsan.post('/api/cases', {
      implId,
      formData: { phone: '13857210001', premises: `安吉县递铺街道胜利西路${tag}号`, scope: '茶叶零售', staff: 2 },
      situationAnswers: { 's-who': ['o-self'], 's-name': ['o-no-name'] },
      materials: [{ materialId: 'm-premises', fileId, fileName: `${tag}.pdf` }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: string; lockVersion: number };
    created.push({ caseId: c.id, fileId, bytes });
  }
  // One case moves on at the window, so timelines have more than one event.
  const first = created[0]?.caseId ?? '';
  const acted = await clerk.post(`/api/cases/${first}/actions`, { type: 'request_correction', missing: [{ materialId: 'm-premises', reason: '租赁合同未盖章' }] });
  expect(acted.statusCode, acted.body).toBe(200);
});

afterAll(async () => {
  await ctx?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('backup and restore (npm run backup / npm run restore)', () => {
  let archive: string;
  let manifest: BackupManifest;

  it('writes one archive with the database, every file the database names, and a manifest with checksums', async () => {
    archive = path.join(work, 'backup.tar');
    manifest = await createBackup({ handle: ctx.handle, databaseUrl: sourceUrl, files: storage, out: archive });
    expect(manifest.database.kind).toBe(ctx.handle.kind);
    expect(manifest.keyIds).toEqual([keyring().currentKid]);
    expect(manifest.files).toEqual({ store: 'archive' });
    const fileIds = (await ctx.handle.db.selectFrom('files').select('id').execute()).map((r) => r.id).sort();
    expect(manifest.counts.files).toBe(fileIds.length);
    expect(manifest.entries.filter((e) => e.name.startsWith('files/')).map((e) => path.basename(e.name)).sort()).toEqual(fileIds);
    for (const c of created) expect(fileIds).toContain(c.fileId);
    // The archive holds sealed files only: no plaintext PDF, no plaintext phone.
    const raw = fs.readFileSync(archive);
    expect(raw.includes(Buffer.from('%PDF-1.4\n% backup test'))).toBe(false);
    expect(raw.includes(Buffer.from('13857212345'))).toBe(false);
    expect(fs.statSync(archive).mode & 0o077).toBe(0);
  });

  it('refuses a damaged archive before touching the target', async () => {
    const damaged = path.join(work, 'damaged.tar');
    const bytes = fs.readFileSync(archive);
    const fileEntry = manifest.entries.find((e) => e.name.startsWith('files/'));
    const at = bytes.indexOf(Buffer.from(path.basename(fileEntry?.name ?? ''))) + 512 + 40;
    bytes[at] = (bytes[at] as number) ^ 0xff;
    fs.writeFileSync(damaged, bytes);
    const target = path.join(work, 'damaged-target');
    await expect(restoreBackup({ from: damaged, dataDir: target, databaseUrl: usePostgres ? 'postgres://unused@127.0.0.1:1/x' : undefined })).rejects.toThrow(RestoreError);
    expect(fs.existsSync(path.join(target, 'pglite'))).toBe(false);
    expect(fs.existsSync(path.join(target, 'files'))).toBe(false);
  });

  it('refuses to restore without the data key the backup is sealed under', async () => {
    const current = keyring();
    installKeyring(new Keyring([generateMasterKey()]));
    try {
      await expect(restoreBackup({ from: archive, dataDir: path.join(work, 'no-key'), databaseUrl: usePostgres ? 'postgres://unused@127.0.0.1:1/x' : undefined })).rejects.toThrow(/data key/);
    } finally {
      installKeyring(current);
    }
  });

  it('backup → wipe → restore into a fresh place → every timeline verifies and every file reads back', async () => {
    // Wipe the source: its files and its database.
    const before = await ctx.handle.db.selectFrom('cases').select(['id', 'event_seq', 'event_hash', 'state']).orderBy('id').execute();
    fs.rmSync(storage.root, { recursive: true, force: true });

    const target = path.join(work, 'restored');
    let targetUrl: string | undefined;
    let targetDb: string | undefined;
    if (usePostgres) {
      targetDb = `tongban_restore_${randomBytes(6).toString('hex')}`;
      await admin(`create database ${targetDb}`);
      targetUrl = pgUrl(targetDb);
    }
    let restored: DbHandle | undefined;
    try {
      const m = await restoreBackup({ from: archive, dataDir: target, databaseUrl: targetUrl });
      expect(m.entries).toEqual(manifest.entries);
      restored = await openDb({ databaseUrl: targetUrl, dataDir: target, poolSize: 2 });
      const files = new DiskStorage(path.join(target, 'files'));
      const check = await checkRestored(restored, files);
      expect(check).toMatchObject({ brokenTimelines: [], unreadableForms: [], unreadableFiles: [], unreadableUsers: [], audit: { ok: true } });
      // The audit log came across whole (the logins and case actions above were audited).
      const audited = await ctx.handle.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(check.audit).toMatchObject({ ok: true, checked: Number(audited.n) });
      expect(Number(audited.n)).toBeGreaterThan(0);
      expect(check.cases).toBe(before.length);
      expect(restoreIsSound(check)).toBe(true);
      const after = await restored.db.selectFrom('cases').select(['id', 'event_seq', 'event_hash', 'state']).orderBy('id').execute();
      expect(after).toEqual(before);
      for (const c of created) {
        const bytes = await files.get(c.fileId);
        expect(bytes?.equals(c.bytes)).toBe(true);
        expect(sha256Hex(bytes ?? Buffer.alloc(0))).toBe(c.fileId);
      }
      // The restored system serves: the applicant reads a case and a file back over HTTP.
      const served = await createTestContext({ handle: { ...restored, close: async () => {} }, storage: files });
      try {
        const zhangsan = await served.as('zhangsan');
        const c0 = created[0];
        const view = await zhangsan.get(`/api/cases/${c0?.caseId}`);
        expect(view.statusCode).toBe(200);
        expect((view.json() as { formData: { scope: string } }).formData.scope).toBe('茶叶零售');
        const file = await zhangsan.get(`/api/files/${c0?.fileId}`);
        expect(file.rawPayload.equals(c0?.bytes ?? Buffer.alloc(0))).toBe(true);
      } finally {
        await served.app.close();
      }
      // Restoring over what is now there is refused.
      await expect(restoreBackup({ from: archive, dataDir: target, databaseUrl: targetUrl })).rejects.toThrow(RestoreError);
    } finally {
      await restored?.close();
      if (targetDb) await admin(`drop database if exists ${targetDb} with (force)`);
    }
  });

  it('the archive is a tar whose entries match the manifest', async () => {
    const dir = path.join(work, 'extracted');
    const digests = await extractArchive(archive, dir);
    for (const e of manifest.entries) expect(digests.get(e.name)).toEqual(e);
  });
});

// ---------------------------------------------------------------------------------------------
// S3-compatible file store (FILE_STORE=s3), against a small in-test S3 server that checks SigV4.
// ---------------------------------------------------------------------------------------------

const S3_KEY = { accessKeyId: 'AKIDTONGBANTEST', secretAccessKey: 'tongban-test-secret-key-0123456789' };

interface MockS3 {
  url: string;
  objects: Map<string, Buffer>;
  puts: number;
  refused: number;
  close(): Promise<void>;
}

/** Path-style S3 (MinIO-like): PUT/GET/HEAD objects, ListObjectsV2 in pages of 2; every request's signature re-computed. */
async function startMockS3(bucket: string): Promise<MockS3> {
  const state = { objects: new Map<string, Buffer>(), puts: 0, refused: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
        const auth = String(req.headers.authorization ?? '');
        const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
        const headers: Record<string, string> = {};
        for (const h of signed) headers[h] = String(req.headers[h] ?? '');
        const expected = await new AwsV4Signer({
          method: req.method ?? 'GET',
          url: url.toString(),
          headers,
          body: body.length ? new Uint8Array(body) : null,
          ...S3_KEY,
          service: 's3',
          region: 'us-east-1',
          datetime: String(req.headers['x-amz-date'] ?? ''),
        }).sign();
        const payloadOk = req.method !== 'PUT' || req.headers['x-amz-content-sha256'] === createHash('sha256').update(body).digest('hex');
        if (!auth || expected.headers.get('authorization') !== auth || !payloadOk) {
          state.refused++;
          res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
          return;
        }
        const [, b, ...rest] = url.pathname.split('/');
        const key = rest.map(decodeURIComponent).join('/');
        if (b !== bucket) return void res.writeHead(404).end('<Error><Code>NoSuchBucket</Code></Error>');
        if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
          const prefix = url.searchParams.get('prefix') ?? '';
          const keys = [...state.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
          const start = Number(url.searchParams.get('continuation-token') ?? 0);
          const page = keys.slice(start, start + 2);
          const more = start + 2 < keys.length;
          res.writeHead(200, { 'content-type': 'application/xml' }).end(
            `<?xml version="1.0"?><ListBucketResult><IsTruncated>${more}</IsTruncated>${page.map((k) => `<Contents><Key>${k}</Key></Contents>`).join('')}${more ? `<NextContinuationToken>${start + 2}</NextContinuationToken>` : ''}</ListBucketResult>`,
          );
          return;
        }
        if (req.method === 'PUT') {
          state.puts++;
          state.objects.set(key, body);
          return void res.writeHead(200).end();
        }
        const obj = state.objects.get(key);
        if (!obj) return void res.writeHead(404).end(req.method === 'HEAD' ? undefined : '<Error><Code>NoSuchKey</Code></Error>');
        res.writeHead(200, { 'content-length': obj.length });
        res.end(req.method === 'HEAD' ? undefined : obj);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get objects() {
      return state.objects;
    },
    get puts() {
      return state.puts;
    },
    get refused() {
      return state.refused;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('S3-compatible file store (FILE_STORE=s3)', () => {
  let s3: MockS3;
  let store: S3Storage;
  beforeAll(async () => {
    s3 = await startMockS3('tongban-files');
    store = new S3Storage({ endpoint: s3.url, bucket: 'tongban-files', region: 'us-east-1', prefix: 'county/', ...S3_KEY });
  });
  afterAll(async () => s3?.close());

  it('is chosen by configuration, which refuses an incomplete S3 setting', () => {
    const env = { FILE_STORE: 's3', S3_ENDPOINT: s3.url, S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 's' };
    expect(fileStoreFor(loadConfig(env))).toBeInstanceOf(S3Storage);
    expect(fileStoreFor(loadConfig({}))).toBeInstanceOf(DiskStorage);
    expect(() => loadConfig({ FILE_STORE: 's3', S3_ENDPOINT: s3.url })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ FILE_STORE: 'ftp' })).toThrow(/FILE_STORE/);
  });

  it('stores files sealed under their SHA-256 id, once, signed with SigV4; a wrong secret is refused', async () => {
    const bytes = PDF('s3-one');
    const id = await store.put(bytes);
    expect(id).toBe(sha256Hex(bytes));
    const stored = s3.objects.get(`county/files/${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`);
    expect(stored && Keyring.kidOfBytes(stored)).toBe(keyring().currentKid);
    expect(stored?.includes(Buffer.from('%PDF'))).toBe(false);
    const puts = s3.puts;
    expect(await store.put(bytes)).toBe(id);
    expect(s3.puts).toBe(puts);
    expect((await store.get(id))?.equals(bytes)).toBe(true);
    expect(await store.get('0'.repeat(64))).toBeUndefined();
    const intruder = new S3Storage({ endpoint: s3.url, bucket: 'tongban-files', region: 'us-east-1', prefix: 'county/', accessKeyId: S3_KEY.accessKeyId, secretAccessKey: 'wrong' });
    await expect(intruder.get(id)).rejects.toThrow(/403/);
    expect(s3.refused).toBeGreaterThan(0);
  });

  it('serves uploads through the API, re-seals every object on rotation (listing page by page), and backs up as database + bucket', async () => {
    const handle = await openTestDb();
    let sourceDbUrl: string | undefined;
    if (handle.kind === 'postgres') sourceDbUrl = pgUrl((await sql<{ db: string }>`select current_database() as db`.execute(handle.db)).rows[0]?.db ?? '');
    const c = await createTestContext({ handle, storage: store });
    const target = path.join(work, 's3-restored');
    let targetDb: string | undefined;
    let restored: DbHandle | undefined;
    const original = keyring();
    try {
      const zhangsan = await c.as('zhangsan');
      const boundary = 'tongbanS3';
      const bytes = PDF('s3-api');
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      const up = await c.app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: zhangsan.cookie ?? '', 'x-csrf-token': zhangsan.csrfToken ?? '' } });
      expect(up.statusCode, up.body).toBe(201);
      const fileId = (up.json() as { id: string }).id;
      for (const tag of ['p1', 'p2', 'p3']) await store.put(PDF(tag));

      const objects = [...s3.objects.keys()].filter((k) => !k.endsWith('.sealed-under')).length;
      installKeyring(new Keyring([generateMasterKey(), TEST_DATA_KEY]));
      expect(await store.resealAll()).toBe(objects);
      expect(await store.resealAll()).toBe(0);
      for (const [k, v] of s3.objects) if (!k.endsWith('.sealed-under')) expect(Keyring.kidOfBytes(v)).toBe(keyring().currentKid);
      expect((await store.get(fileId))?.equals(bytes)).toBe(true);
      // The rows are still sealed under the test key, the files under the new one: the backup names both.

      const m = await createBackup({ handle: c.handle, databaseUrl: sourceDbUrl, files: store, out: path.join(work, 's3-backup.tar') });
      // The database's key ids (objects in an external store are not read by the backup).
      expect(m.keyIds).toEqual([new Keyring([TEST_DATA_KEY]).currentKid]);
      expect(m.files).toMatchObject({ store: 'external', location: expect.stringContaining('tongban-files') as string });
      expect(m.entries.some((e) => e.name.startsWith('files/'))).toBe(false);
      let targetUrl: string | undefined;
      if (usePostgres) {
        targetDb = `tongban_restore_${randomBytes(6).toString('hex')}`;
        await admin(`create database ${targetDb}`);
        targetUrl = pgUrl(targetDb);
      }
      await restoreBackup({ from: path.join(work, 's3-backup.tar'), dataDir: target, databaseUrl: targetUrl });
      restored = await openDb({ databaseUrl: targetUrl, dataDir: target, poolSize: 2 });
      const check = await checkRestored(restored, store);
      expect(check.unreadableFiles).toEqual([]);
      expect(check.files).toBeGreaterThanOrEqual(1);
      expect(restoreIsSound(check)).toBe(true);
    } finally {
      installKeyring(original);
      await restored?.close();
      await c.close();
      if (targetDb) await admin(`drop database if exists ${targetDb} with (force)`);
    }
  });
});

describe('the embedded database is opened by one process at a time', () => {
  it('backup, restore and rotate-key refuse while the server holds DATA_DIR; a dead holder’s lock is taken over', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-lock-'));
    try {
      fs.writeFileSync(path.join(dir, 'pglite.lock'), JSON.stringify({ pid: process.ppid, purpose: 'server' }));
      expect(() => lockDataDir(dir, 'backup')).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir, 'backup')).toThrow(/in use by process \d+ \(server\)/);
      fs.writeFileSync(path.join(dir, 'pglite.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, purpose: 'server' }));
      const release = lockDataDir(dir, 'backup');
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'pglite.lock'), 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'backup' });
      release();
      expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
