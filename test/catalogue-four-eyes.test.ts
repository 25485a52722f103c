import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Agent, type TestContext } from './support/test-app.js';
import { orgIdByKey } from './support/factories.js';
import { buildItemContent } from '../src/core/catalogue/test-factory.js';
import { composeImplCode } from '../src/core/codes/impl-code.js';
import type { ItemContent } from '../src/core/catalogue/types.js';

/**
 * Finding 16 (issue 8): one person drafted and published their own catalogue version. Publishing now
 * needs a second person (四眼原则), on by default in every region; a region's security administrator
 * may switch it off with a recorded reason.
 */
let ctx: TestContext;
let catadmin: Agent; // county catalogue administrator
let provadmin: Agent; // province catalogue administrator (the county lies in their scope)
let secadmin: Agent; // security administrator (安全管理员)
let samrId: string;
let samrCredit: string;
let countyRegion: string;

function content(n: number): ItemContent {
  const baseCode = `XK${String(n).padStart(5, '0')}000`;
  return buildItemContent({ baseCode, implCode: composeImplCode(samrCredit, baseCode), implementingBody: { name: '安吉县市场监督管理局', creditCode: samrCredit } });
}

async function draftAndSubmit(author: Agent, n: number): Promise<{ implId: string; versionId: string }> {
  const created = await author.post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content: content(n) });
  expect(created.statusCode, created.body).toBe(201);
  const ids = created.json() as { implId: string; versionId: string };
  const submitted = await author.post(`/api/admin/catalogue/versions/${ids.versionId}/submit`, {});
  expect(submitted.statusCode, submitted.body).toBe(200);
  return ids;
}

const statusOf = async (versionId: string) =>
  (await ctx.handle.db.selectFrom('item_versions').select('status').where('id', '=', versionId).executeTakeFirstOrThrow()).status;

beforeAll(async () => {
  ctx = await createTestContext();
  catadmin = await ctx.as('catadmin');
  provadmin = await ctx.as('provadmin');
  secadmin = await ctx.as('secadmin');
  samrId = await orgIdByKey(ctx.handle.db, 'county-samr');
  const org = await ctx.handle.db.selectFrom('orgs').select(['credit_code', 'region_code']).where('id', '=', samrId).executeTakeFirstOrThrow();
  samrCredit = org.credit_code as string;
  countyRegion = org.region_code;
});
afterAll(async () => ctx.close());

describe('finding 16: publishing needs a second person (四眼原则)', () => {
  it('finding 16: the drafter cannot publish their own version; another catalogue administrator can', async () => {
    const { implId, versionId } = await draftAndSubmit(catadmin, 961);
    // The author is shown no publish button; the other administrator is.
    const abilitiesOf = async (agent: Agent) => ((await agent.get(`/api/admin/catalogue/versions/${versionId}`)).json() as { abilities: { publish: boolean; reject: boolean } }).abilities;
    expect(await abilitiesOf(catadmin)).toMatchObject({ publish: false, reject: true });
    expect(await abilitiesOf(provadmin)).toMatchObject({ publish: true });
    const own = await catadmin.post(`/api/admin/catalogue/versions/${versionId}/publish`, {});
    expect(own.statusCode, own.body).toBe(403);
    const body = own.json() as { error: string; message: string; messageEn: string; details: { code: string }[] };
    expect(body.error).toBe('FORBIDDEN');
    expect(body.message).toContain('四眼原则');
    expect(body.messageEn).toContain('Four-eyes');
    expect(body.details.map((d) => d.code)).toContain('catalogue.four_eyes');
    expect(await statusOf(versionId)).toBe('in_review');
    expect(((await ctx.anon().get(`/api/catalogue/items/${implId}`)).statusCode)).toBe(404);

    const other = await provadmin.post(`/api/admin/catalogue/versions/${versionId}/publish`, {});
    expect(other.statusCode, other.body).toBe(200);
    expect(await statusOf(versionId)).toBe('published');
  });

  it('finding 16: whoever edited the version cannot publish it either', async () => {
    const created = await catadmin.post('/api/admin/catalogue/impls', { orgId: samrId, level: 'county', content: content(962) });
    const { versionId } = created.json() as { versionId: string };
    const v = (await provadmin.get(`/api/admin/catalogue/versions/${versionId}`)).json() as { content: ItemContent; revision: number };
    const edited = await provadmin.put(`/api/admin/catalogue/versions/${versionId}`, { revision: v.revision, content: { ...v.content, hours: '工作日 9:00-17:00' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await catadmin.post(`/api/admin/catalogue/versions/${versionId}/submit`, {})).statusCode).toBe(200);
    expect((await provadmin.post(`/api/admin/catalogue/versions/${versionId}/publish`, {})).statusCode).toBe(403);
    expect((await catadmin.post(`/api/admin/catalogue/versions/${versionId}/publish`, {})).statusCode).toBe(403);
    expect(await statusOf(versionId)).toBe('in_review');
  });

  it('finding 16: a region may switch the rule off only through its security administrator, with a recorded reason; then the drafter publishes', async () => {
    const url = `/api/admin/catalogue/regions/${countyRegion}/publication-settings`;
    expect((await catadmin.get(url)).json()).toMatchObject({ regionCode: countyRegion, fourEyes: true, decidedBy: null });
    // The catalogue administrator cannot lift the rule they work under.
    expect((await catadmin.put(url, { fourEyes: false, reason: '人手不足' })).statusCode).toBe(403);
    // Off needs a reason.
    const noReason = await secadmin.put(url, { fourEyes: false });
    expect(noReason.statusCode, noReason.body).toBe(400);
    expect((noReason.json() as { message: string }).message).toContain('理由');
    expect((await secadmin.put(url, { fourEyes: false, reason: '   ' })).statusCode).toBe(400);
    const off = await secadmin.put(url, { fourEyes: false, reason: '乡镇事项管理员仅一人，经县政务服务管理办公室批准' });
    expect(off.statusCode, off.body).toBe(200);
    const row = await ctx.handle.db.selectFrom('catalogue_region_settings').selectAll().where('region_code', '=', countyRegion).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ four_eyes: false, reason: '乡镇事项管理员仅一人，经县政务服务管理办公室批准' });
    expect(row.changed_by).toBeTruthy();
    const audit = await ctx.handle.db.selectFrom('audit_events').select(['kind', 'detail']).where('kind', '=', 'catalogue_settings_changed').execute();
    expect(audit.length).toBeGreaterThan(0);

    const { versionId } = await draftAndSubmit(catadmin, 963);
    const own = await catadmin.post(`/api/admin/catalogue/versions/${versionId}/publish`, {});
    expect(own.statusCode, own.body).toBe(200);

    // Back on: the drafter is refused again.
    expect((await secadmin.put(url, { fourEyes: true })).statusCode).toBe(200);
    const next = await draftAndSubmit(catadmin, 964);
    expect((await catadmin.post(`/api/admin/catalogue/versions/${next.versionId}/publish`, {})).statusCode).toBe(403);
  });
});
