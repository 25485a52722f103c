import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { openTestDb, PG_ADMIN_URL, usePostgres } from './support/databases.js';
import { DiskStorage, sha256Hex } from '../src/server/adapters/storage.js';
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
      expect(check).toMatchObject({ brokenTimelines: [], unreadableForms: [], unreadableFiles: [], unreadableUsers: [] });
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
