import { generate } from 'otplib';
import { Pool } from 'undici';
import type { FlowStep, FormSchema } from '../../src/core/catalogue/types.js';
import { DEMO_PASSWORD } from '../../src/server/demo/seed.js';
import { DEMO_TOTP_SECRETS } from '../../src/server/demo/totp-secrets.js';
import { sampleApplication } from '../../test/support/applications.js';
import { cpuBetween } from '../cpu.js';
import type { Phase, PhaseContext, Session } from './types.js';

/**
 * 一件事 lifecycles through the HTTP API (issue 10): the demo 开办餐饮店 with a sign, i.e. four members —
 * 营业执照 and 排水许可 in parallel, 小餐饮店登记 ordered after 营业执照 (its licence number filled in), and
 * the conditional 户外招牌 — applied for once, each member taken in at the window and worked by its
 * department (市场监管局, 住建局), then handed out together (统一出件). The figure is member transitions
 * per second (a member's submission, intake, each claim and step, completion and delivery count one
 * each, as a single case's 8 do), beside the single-case transitions/s of the same run:
 * `bundle_ratio` = member transitions/s ÷ single-case transitions/s (issue 10 target ≥ 0.8).
 */
const BUNDLE = '开办餐饮店';
const ANSWERS = { 'q-sign': ['o-sign'], 'q-name': ['o-with-name'] };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Which demo account acts on a back-office step, by department. */
const STAFF: Record<string, Record<string, string>> = {
  'county-samr': { approver_handle: 'samr_handler', approver_review: 'samr_reviewer', approver_signoff: 'samr_signer' },
  'county-housing': { approver_handle: 'housing_handler', approver_review: 'housing_reviewer', approver_signoff: 'housing_signer' },
};
/** The department of each member of the demo bundle (its item's owner). */
const MEMBER_DEPT: Record<string, string> = { licence: 'county-samr', catering: 'county-samr', drainage: 'county-housing', sign: 'county-housing' };

interface Guide {
  bundleId: string;
  form: FormSchema;
  materials: { code: string }[];
  members: { key: string; itemId: string; applies: boolean }[];
}
interface BundleView {
  id: string;
  members: { key: string; caseId?: string; phase: string }[];
}

/**
 * Staff log in with a code of the next 30-second step: the bench's own lifecycles logged some of the
 * same accounts in a moment ago, and the server takes each step once per account (neighbours accepted).
 */
async function loginNextStep(base: string, username: string): Promise<Session> {
  const secret = DEMO_TOTP_SECRETS[username];
  const totp = secret ? await generate({ secret, epoch: (Math.floor(Date.now() / 30_000) + 1) * 30 }) : undefined;
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD, ...(totp ? { totp } : {}) }) });
  if (!res.ok) throw new Error(`bundles phase: login ${username} ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

async function upload(base: string, who: Session, name: string): Promise<{ fileId: string; fileName: string }> {
  const form = new FormData();
  form.append('file', new Blob([PDF], { type: 'application/pdf' }), name);
  const res = await fetch(`${base}/api/files`, { method: 'POST', headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, body: form });
  if (res.status !== 201) throw new Error(`bundles phase: upload ${res.status} ${await res.text()}`);
  return { fileId: ((await res.json()) as { id: string }).id, fileName: name };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

export const bundlesPhase: Phase = async (ctx: PhaseContext) => {
  const { base } = ctx;
  const list = (await (await fetch(`${base}/api/public/bundles`)).json()) as { bundles: { bundleId: string; name: string }[] };
  const bundleId = list.bundles.find((b) => b.name === BUNDLE)?.bundleId;
  if (!bundleId) throw new Error(`bundles phase: no published bundle ${BUNDLE}`);
  const query = Object.entries(ANSWERS).map(([q, [o]]) => `choose=${q}:${o}`).join('&');
  const guide = (await (await fetch(`${base}/api/public/bundles/${bundleId}?${query}`)).json()) as Guide;
  const members = guide.members.filter((m) => m.applies);
  if (members.length !== 4) throw new Error(`bundles phase: expected 4 members, got ${members.map((m) => m.key).join(',')}`);

  const applicant = await loginNextStep(base, 'zhangsan');
  const clerk = await loginNextStep(base, 'clerk');
  const staff = new Map<string, Session>();
  for (const name of new Set(Object.values(STAFF).flatMap((d) => Object.values(d)))) staff.set(name, await loginNextStep(base, name));
  // One upload per material code, reused by every application (files are content-addressed and owned by the uploader).
  const materials: { code: string; fileId: string; fileName: string }[] = [];
  for (const m of guide.materials) materials.push({ code: m.code, ...(await upload(base, applicant, `${m.code}.pdf`)) });
  const { formData } = sampleApplication({ form: guide.form, situations: [] });
  // Each member's flow, from its item's guide: the window's intake, then each back-office step (claim + act).
  const flows = new Map<string, FlowStep[]>();
  for (const m of members) {
    const item = (await (await fetch(`${base}/api/catalogue/items/${m.itemId}`)).json()) as { content: { flow: FlowStep[]; caseKind: string } };
    if (item.content.caseKind === 'on_the_spot') throw new Error(`bundles phase: member ${m.key} is on the spot`);
    flows.set(m.key, item.content.flow.filter((s) => s.role !== 'window_clerk'));
  }

  const pool = new Pool(base, { connections: ctx.concurrency });
  const latencies: number[] = [];
  let memberTransitions = 0;
  const request = async <T>(who: Session, method: 'GET' | 'POST', urlPath: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> => {
    const t0 = performance.now();
    const res = await pool.request({ method, path: urlPath, headers: { cookie: who.cookie, ...(method === 'POST' ? { 'content-type': 'application/json', 'x-csrf-token': who.csrfToken, prefer: 'return=minimal' } : {}), ...extra }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const json = (await res.body.json()) as T;
    if (res.statusCode >= 300) throw new Error(`bundles phase: ${method} ${urlPath} ${res.statusCode} ${JSON.stringify(json)}`);
    if (method === 'POST') latencies.push(performance.now() - t0);
    return json;
  };
  // The intake checklist is the same for every member case of an item (same answers): read once per member.
  const checklists = new Map<string, { materialId: string; originalSeen: boolean }[]>();
  const checklistOf = async (key: string, caseId: string) => {
    let c = checklists.get(key);
    if (!c) {
      const view = await request<{ checklist: { id: string; required: boolean }[] }>(clerk, 'GET', `/api/cases/${caseId}`);
      c = view.checklist.filter((x) => x.required).map((x) => ({ materialId: x.id, originalSeen: true }));
      checklists.set(key, c);
    }
    return c;
  };
  const workMember = async (key: string, caseId: string) => {
    const act = async (who: Session, body: unknown) => {
      await request(who, 'POST', `/api/cases/${caseId}/actions`, body);
      memberTransitions++;
    };
    await act(clerk, { type: 'accept', received: await checklistOf(key, caseId) });
    const people = STAFF[MEMBER_DEPT[key] ?? '']!;
    for (const step of flows.get(key)!) {
      const who = staff.get(people[step.role]!)!;
      await act(who, { type: 'claim' });
      await act(who, step.decision ? { type: 'decide', decision: 'approved', reason: '符合法定条件' } : { type: 'advance', comment: '符合条件' });
    }
    await act(staff.get(people.approver_signoff!)!, { type: 'complete' });
  };
  const lifecycle = async (i: number) => {
    const v = await request<BundleView>(applicant, 'POST', '/api/bundle-cases', { bundleId, answers: ANSWERS, formData, materials }, { 'idempotency-key': `bench-bundle-${Date.now()}-${i}` });
    const started = v.members.filter((m) => m.caseId);
    memberTransitions += started.length;
    // The departments work their members in parallel; the dependent member starts when its dependency completes.
    await Promise.all(started.map((m) => workMember(m.key, m.caseId!)));
    const after = await request<BundleView>(applicant, 'GET', `/api/bundle-cases/${v.id}`);
    const later = after.members.filter((m) => m.caseId && !started.some((s) => s.key === m.key));
    memberTransitions += later.length;
    await Promise.all(later.map((m) => workMember(m.key, m.caseId!)));
    const done = await request<BundleView>(clerk, 'POST', `/api/bundle-cases/${v.id}/deliver`, { method: 'window' });
    if (done.members.length !== 4) throw new Error('bundles phase: bundle lost a member');
    memberTransitions += done.members.length;
  };

  // Warm-up (not counted), then complete bundle lifecycles for a fixed time, `concurrency` at once.
  await Promise.all(Array.from({ length: ctx.concurrency }, (_, i) => lifecycle(-1 - i)));
  latencies.length = 0;
  memberTransitions = 0;
  let bundles = 0;
  let started = 0;
  const cpu0 = await ctx.cpu();
  const t0 = performance.now();
  const end = t0 + ctx.seconds * 1000;
  await Promise.all(
    Array.from({ length: ctx.concurrency }, async () => {
      while (performance.now() < end) {
        // A unique index per application (its Idempotency-Key).
        await lifecycle(started++);
        bundles++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const used = cpuBetween(cpu0, await ctx.cpu());
  await pool.close();
  const perS = memberTransitions / seconds;
  const ratio = ctx.transitionsPerS > 0 ? perS / ctx.transitionsPerS : 0;
  // CPU per member transition against per single-case transition (server + PostgreSQL backends; ADR 0047):
  // the same comparison as bundle_ratio, without the wall clock of a shared machine.
  const perMember = { server: used.server / Math.max(1, memberTransitions), db: used.database / Math.max(1, memberTransitions) };
  const single = ctx.lifecycleCpuPerTransition;
  const cpuRatio = single && perMember.server + perMember.db > 0 ? (single.server + single.db) / (perMember.server + perMember.db) : 0;
  return {
    lines: [
      `bundles (${BUNDLE}: 2 parallel + 1 ordered + 1 conditional member): ${bundles} bundles, ${memberTransitions} member transitions in ${seconds.toFixed(1)} s = ${perS.toFixed(1)}/s vs single-case ${ctx.transitionsPerS.toFixed(1)}/s (ratio ${ratio.toFixed(3)}); request latency p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms`,
      `bundles CPU per member transition: server ${perMember.server.toFixed(2)} ms, PostgreSQL backends ${perMember.db.toFixed(2)} ms vs single-case ${single ? `${single.server.toFixed(2)} + ${single.db.toFixed(2)}` : '?'} ms (CPU ratio ${cpuRatio.toFixed(3)})`,
    ],
    figures: [
      ['bundle_member_transitions_per_s', perS.toFixed(1)],
      ['bundle_ratio', ratio.toFixed(3)],
      ['bundle_cpu_ratio', cpuRatio.toFixed(3)],
    ],
  };
};
