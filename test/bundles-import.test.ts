import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { changedTables, fingerprint } from './support/fingerprint.js';
import { orgIdByKey } from './support/factories.js';
import type { BundleContent } from '../src/core/bundles/types.js';

/**
 * 一件事目录 import (ADR 0045): the JSON and Excel exports read back as drafts — permission before the
 * file is read, bounded and schema-checked files, a bilingual 400 with nothing changed, the rule check
 * of every imported definition, review and 四眼原则 afterwards, the audit entry, and a round trip that
 * changes nothing.
 */
let ctx: TestContext;
let catadmin: Agent;
let provadmin: Agent;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Exported = { format: string; version: number; bundles: { code: string; versionNo: number; status: string; content: BundleContent }[] };
type Imported = {
  created: number;
  updated: number;
  unchanged: number;
  versionIds: string[];
  bundles: { bundleId: string; code: string; fileCode: string | null; name: string; outcome: string; versionId: string; versionNo: number; status: string; changes: { path: string; kind: string }[]; problems: { rule: string; severity: string; zh: string; en: string }[] }[];
};
type ErrorBody = { error: string; message: string; messageEn: string; details: { code: string; path?: string; zh: string; en: string }[] };

function upload(agent: Agent, bytes: Buffer, name = 'bundles.json', type = 'application/json') {
  const boundary = '----tongban' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return ctx.app.inject({ method: 'POST', url: '/api/admin/bundles/import', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent.cookie ?? '', 'x-csrf-token': agent.csrfToken ?? '' } });
}
const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');

async function exportJson(): Promise<Exported> {
  const res = await catadmin.get('/api/admin/bundles/export.json');
  expect(res.statusCode).toBe(200);
  return res.json() as Exported;
}
const restaurantOf = (e: Exported) => e.bundles.find((b) => b.content.name === '开办餐饮店')!;
const bundleTables = ['bundles', 'bundle_versions', 'bundle_version_events'] as const;
async function bundleRows(): Promise<number[]> {
  const out: number[] = [];
  for (const t of bundleTables) out.push(Number((await ctx.handle.db.selectFrom(t).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n));
  return out;
}

beforeAll(async () => {
  ctx = await createTestContext();
  catadmin = await ctx.as('catadmin');
  provadmin = await ctx.as('provadmin');
});
afterAll(async () => ctx.close());

describe('who may import', () => {
  it('refuses anonymous callers (401), applicants and staff without catalogue rights (403) before reading the file', async () => {
    const garbage = Buffer.from('this is neither JSON nor a workbook');
    expect((await upload(ctx.anon(), garbage)).statusCode).toBe(401);
    // The same bytes give a 400 to a catalogue administrator; these callers get 403, so nothing was parsed.
    for (const who of ['zhangsan', 'clerk']) {
      const res = await upload(await ctx.as(who), garbage);
      expect(res.statusCode, `${who}: ${res.body}`).toBe(403);
    }
    expect((await upload(catadmin, garbage)).statusCode).toBe(400);
  });
});

describe('bad files: a bilingual 400 and nothing changed', () => {
  it('refuses broken JSON, a wrong shape, an unknown field, an oversize file, an empty file and a broken workbook', async () => {
    const exported = await exportJson();
    const restaurant = restaurantOf(exported);
    const before = await fingerprint(ctx.handle.db);

    const broken = await upload(catadmin, Buffer.from('{"bundles": [', 'utf8'));
    expect(broken.statusCode).toBe(400);
    const b1 = broken.json() as ErrorBody;
    expect(b1.error).toBe('VALIDATION_FAILED');
    expect(b1.message).toContain('未导入任何一件事');
    expect(b1.message).toContain('JSON');
    expect(b1.messageEn).toContain('nothing was imported');

    const wrongShape = await upload(catadmin, json({ bundles: [{ ...restaurant, content: { ...restaurant.content, limitDays: '十五', members: 'all' } }] }));
    expect(wrongShape.statusCode).toBe(400);
    const b2 = wrongShape.json() as ErrorBody;
    expect(b2.message).toContain('不符合一件事导出格式');
    expect(b2.messageEn).toContain('does not fit the bundle export format');
    expect(b2.details.map((d) => d.path)).toEqual(expect.arrayContaining(['/bundles/0/content/limitDays', '/bundles/0/content/members']));

    const unknownField = await upload(catadmin, json({ ...exported, bundles: [{ ...restaurant, content: { ...restaurant.content, secret: 1 } }] }));
    expect(unknownField.statusCode).toBe(400);
    const noBundles = await upload(catadmin, json({ bundles: [] }));
    expect(noBundles.statusCode).toBe(400);
    const twice = await upload(catadmin, json({ bundles: [restaurant, restaurant] }));
    expect(twice.statusCode).toBe(400);
    expect((twice.json() as ErrorBody).message).toContain('出现了两次');

    // 5 MB and one byte: refused while the upload is read, before any parsing.
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);
    const oversize = await upload(catadmin, big);
    expect(oversize.statusCode).toBe(400);
    const b3 = oversize.json() as ErrorBody;
    expect(b3.message).toContain('超过5 MB');
    expect(b3.messageEn).toContain('larger than 5 MB');

    expect((await upload(catadmin, Buffer.alloc(0))).statusCode).toBe(400);
    // A ZIP that is no workbook: the container check refuses it, as a 400.
    const notWorkbook = await upload(catadmin, Buffer.from('PK\u0003\u0004 but nothing else', 'latin1'), 'bundles.xlsx', XLSX_MIME);
    expect(notWorkbook.statusCode).toBe(400);
    expect((notWorkbook.json() as ErrorBody).message).toContain('Excel');

    expect(changedTables(before, await fingerprint(ctx.handle.db))).toEqual([]);
  });

  it('locates a bad cell of the workbook and imports none of it', async () => {
    const xlsx = await catadmin.get('/api/admin/bundles/export.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('一件事')!;
    const header = ws.getRow(1).values as unknown[];
    ws.getRow(2).getCell(header.indexOf('事项被拒时')).value = '看情况';
    const before = await bundleRows();
    const res = await upload(catadmin, Buffer.from(await wb.xlsx.writeBuffer()), 'bundles.xlsx', XLSX_MIME);
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as ErrorBody;
    expect(body.message).toContain('Excel 文件有1处错误');
    expect(body.details[0]).toMatchObject({ code: 'xlsx', path: '一件事!2:事项被拒时' });
    expect(body.details[0]!.zh).toContain('看情况');
    expect(await bundleRows()).toEqual(before);
  });
});

describe('importing', () => {
  it('round trip: the JSON and the Excel export import back identical — every bundle unchanged, no version written', async () => {
    const before = await bundleRows();
    const fromJson = await upload(catadmin, json(await exportJson()));
    expect(fromJson.statusCode, fromJson.body).toBe(200);
    const j = fromJson.json() as Imported;
    expect(j.bundles.length).toBeGreaterThanOrEqual(3);
    expect(j).toMatchObject({ created: 0, updated: 0, unchanged: j.bundles.length, versionIds: [] });
    for (const b of j.bundles) expect(b).toMatchObject({ outcome: 'unchanged', changes: [] });

    const xlsx = (await catadmin.get('/api/admin/bundles/export.xlsx')).rawPayload;
    const fromXlsx = await upload(catadmin, xlsx, 'bundles.xlsx', XLSX_MIME);
    expect(fromXlsx.statusCode, fromXlsx.body).toBe(200);
    const x = fromXlsx.json() as Imported;
    expect(x.unchanged).toBe(j.bundles.length);
    expect(x.bundles.every((b) => b.changes.length === 0)).toBe(true);
    expect(await bundleRows()).toEqual(before);
  });

  it('a changed definition becomes a new draft with its diff and rule check; it is submitted and published by a second administrator, and the export gives it back', async () => {
    const exported = await exportJson();
    const restaurant = restaurantOf(exported);
    const changed = { ...restaurant.content, limitDays: 3, description: `${restaurant.content.description}（导入修改）` };
    const res = await upload(catadmin, json({ ...exported, bundles: [{ ...restaurant, content: changed }] }));
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Imported;
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const [one] = r.bundles;
    expect(one).toMatchObject({ code: restaurant.code, outcome: 'draft_created', status: 'draft', versionNo: restaurant.versionNo + 1 });
    expect(one!.changes.map((c) => c.path)).toEqual(['description', 'limitDays']);
    // The limit is shorter than the critical path: reported with the member named, in both languages.
    const limit = one!.problems.find((p) => p.rule === 'BUNDLE_LIMIT_BELOW_CRITICAL_PATH')!;
    expect(limit.severity).toBe('error');
    expect(limit.zh).toContain('关键路径');
    expect(limit.en).toContain('critical path');
    expect(r.versionIds).toEqual([one!.versionId]);

    // The detail shows the imported draft, its diff against the published version and the same rule check.
    const detail = (await catadmin.get(`/api/admin/bundles/${one!.bundleId}`)).json() as { latest: { versionId: string; status: string; content: BundleContent }; changes: { path: string }[]; problems: { rule: string }[]; events: { action: string }[] };
    expect(detail.latest).toMatchObject({ versionId: one!.versionId, status: 'draft' });
    expect(detail.latest.content).toEqual(changed);
    expect(detail.changes.map((c) => c.path)).toEqual(['description', 'limitDays']);
    expect(detail.problems.map((p) => p.rule)).toContain('BUNDLE_LIMIT_BELOW_CRITICAL_PATH');
    expect(detail.events[0]!.action).toBe('import');
    // The rule check stops submitting while the error remains.
    expect((await catadmin.post(`/api/admin/bundle-versions/${one!.versionId}/submit`, {})).statusCode).toBe(422);

    // The audit log names the import and the version it wrote.
    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'object_type', 'user_id', 'detail']).where('kind', '=', 'catalogue_imported').where('object_type', '=', 'bundle_version').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ route: 'POST /api/admin/bundles/import', objectIds: [one!.versionId] });

    // Importing again with the limit fixed replaces the open draft (no second draft).
    const fixed = { ...changed, limitDays: restaurant.content.limitDays };
    const again = (await upload(catadmin, json({ bundles: [{ code: restaurant.code, content: fixed }] }))).json() as Imported;
    expect(again.bundles[0]).toMatchObject({ outcome: 'draft_updated', versionId: one!.versionId, problems: [] });
    expect(again.bundles[0]!.changes.map((c) => c.path)).toEqual(['limitDays']);

    // Review and 四眼原则 as for any change: the importer is an author and may not publish.
    expect((await catadmin.post(`/api/admin/bundle-versions/${one!.versionId}/submit`, {})).statusCode).toBe(200);
    // In review: a further import of that bundle is refused and nothing changes.
    const rowsInReview = await bundleRows();
    const inReview = await upload(catadmin, json({ bundles: [{ code: restaurant.code, content: restaurant.content }] }));
    expect(inReview.statusCode).toBe(409);
    expect((inReview.json() as ErrorBody).message).toContain('正在审核中');
    expect(await bundleRows()).toEqual(rowsInReview);
    const own = await catadmin.post(`/api/admin/bundle-versions/${one!.versionId}/publish`, {});
    expect(own.statusCode).toBe(403);
    expect((own.json() as ErrorBody).message).toContain('四眼原则');
    expect((await provadmin.post(`/api/admin/bundle-versions/${one!.versionId}/publish`, {})).statusCode).toBe(200);

    // Export → the imported definition, exactly; importing that export again changes nothing.
    const after = restaurantOf(await exportJson());
    expect(after).toMatchObject({ status: 'published', versionNo: restaurant.versionNo + 1 });
    expect(after.content).toEqual(fixed);
    const round = (await upload(catadmin, json({ bundles: [after] }))).json() as Imported;
    expect(round.bundles[0]).toMatchObject({ outcome: 'unchanged', changes: [] });
  });

  it('a changed workbook row becomes a draft too', async () => {
    const xlsx = await catadmin.get('/api/admin/bundles/export.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('一件事')!;
    const header = ws.getRow(1).values as unknown[];
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(header.indexOf('名称')).value === '新生儿出生') row = n;
    });
    ws.getRow(row).getCell(header.indexOf('政策依据')).value = '国办发〔2024〕3号';
    const res = await upload(catadmin, Buffer.from(await wb.xlsx.writeBuffer()), 'bundles.xlsx', XLSX_MIME);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as Imported;
    expect(r.updated).toBe(1);
    const born = r.bundles.find((b) => b.name === '新生儿出生')!;
    expect(born).toMatchObject({ outcome: 'draft_created', problems: [] });
    expect(born.changes.map((c) => c.path)).toEqual(['basis']);
  });

  it('a bundle new to the catalogue is created under its region’s hall with a code of its own, with the rule check (a member not published)', async () => {
    const exported = await exportJson();
    const restaurant = restaurantOf(exported);
    // A new item of the county, with a draft only (never published), as a fifth member.
    const drainage = restaurant.content.members.find((m) => m.key === 'drainage')!.itemId;
    const guide = (await ctx.anon().get(`/api/catalogue/items/${drainage}`)).json() as { content: Record<string, unknown> & { implCode: string } };
    const item = await catadmin.post('/api/admin/catalogue/impls', {
      orgId: await orgIdByKey(ctx.handle.db, 'county-housing'),
      level: 'county',
      content: { ...guide.content, mainName: '城镇污水排入排水管网许可（草稿）', baseCode: 'XK06098000', implCode: guide.content.implCode.slice(0, 18) + 'XK06098000' + guide.content.implCode.slice(28) },
    });
    expect(item.statusCode, item.body).toBe(201);
    const members = [...restaurant.content.members, { key: 'extra', itemId: (item.json() as { implId: string }).implId }];
    const content = { ...restaurant.content, name: '开办餐饮店（外地导入）', members };
    const res = await upload(catadmin, json({ bundles: [{ code: 'YJS330523901', content }] }));
    expect(res.statusCode, res.body).toBe(200);
    const [made] = (res.json() as Imported).bundles;
    expect(made).toMatchObject({ outcome: 'created', fileCode: 'YJS330523901', versionNo: 1, status: 'draft' });
    expect(made!.code).toMatch(/^YJS330523\d{3}$/);
    expect(made!.code).not.toBe('YJS330523901');
    expect(made!.problems.map((p) => p.rule)).toContain('BUNDLE_MEMBER_NOT_PUBLISHED');
    const list = (await catadmin.get('/api/admin/bundles')).json() as { bundles: { code: string; owner: string; latestStatus: string }[] };
    expect(list.bundles.find((b) => b.code === made!.code)).toMatchObject({ latestStatus: 'draft' });

    // A region with no hall in the caller's scope: a 400, nothing created.
    const before = await bundleRows();
    const elsewhere = await upload(catadmin, json({ bundles: [{ content: { ...content, regionCode: '110101' } }] }));
    expect(elsewhere.statusCode, elsewhere.body).toBe(400);
    expect(await bundleRows()).toEqual(before);
  });
});
