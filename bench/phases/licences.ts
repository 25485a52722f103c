import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSm2KeyPair, sm2Sign, sm2Verify } from '../../src/server/licences/sm2.js';
import type { Phase } from './types.js';

/**
 * Issue 11: public licence verifications per second over HTTP (`GET /api/public/licences/{id}`, the
 * SM2 signature checked server-side on every request) against the licences the demo issued and those
 * the bench's own completed 个体工商户设立登记 cases issued, driven by wrk like the look-ups; and SM2
 * sign / verify per second in this process. Figures: `verify_per_s`, `verify_ratio` (÷ the look-ups
 * of the same run; target ≥ 0.5), `sm2_sign_per_s`, `sm2_verify_per_s`.
 */
const DEMO_HOLDERS = ['zhangsan', 'lisi', 'baicha'];

async function identifiers(ctx: Parameters<Phase>[0]): Promise<string[]> {
  const out: string[] = [];
  for (const who of DEMO_HOLDERS) {
    const s = await ctx.login(who);
    const res = await fetch(`${ctx.base}/api/me/licences`, { headers: { cookie: s.cookie } });
    if (!res.ok) throw new Error(`GET /api/me/licences as ${who}: ${res.status}`);
    const body = (await res.json()) as { licences: { identifier: string; status: string }[] };
    out.push(...body.licences.map((l) => l.identifier));
  }
  return out;
}

/** Runs `op` for about `seconds` and answers operations per second. */
function perSecond(seconds: number, op: (i: number) => void): number {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    // Batches of 10 keep the clock reads out of the figure.
    for (let k = 0; k < 10; k++) op(n++);
  }
  return n / ((performance.now() - t0) / 1000);
}

export const licencesPhase: Phase = async (ctx) => {
  const ids = await identifiers(ctx);
  if (ids.length === 0) throw new Error('licences phase: the demo holders hold no licences');
  const targets = path.join(os.tmpdir(), `tongban-bench-licences-${process.pid}.txt`);
  fs.writeFileSync(targets, ids.join('\n') + '\n');
  const wrk = (secs: number) => ctx.run('wrk', ['-t2', `-c${ctx.concurrency}`, `-d${secs}s`, '--latency', '-s', 'bench/licence-verify.lua', ctx.base], { ...process.env, TARGETS: targets });
  let out: string;
  try {
    await wrk(1);
    out = await wrk(ctx.seconds);
  } finally {
    fs.rmSync(targets, { force: true });
  }
  const unverified = Number(/unverified: (\d+)/.exec(out)?.[1] ?? NaN);
  if (unverified !== 0 || /Non-2xx or 3xx responses/.test(out) || /Socket errors/.test(out)) throw new Error(`licence verifications failed (${unverified} unverified):\n${out}`);
  const verifyPerS = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p50 = /^\s+50%\s+(\S+)$/m.exec(out)?.[1] ?? '?';
  const p99 = /^\s+99%\s+(\S+)$/m.exec(out)?.[1] ?? '?';

  // In process: SM2 with SM3 over a licence-sized message (about 1 KiB of canonical JSON).
  const kp = generateSm2KeyPair();
  const data = new TextEncoder().encode(JSON.stringify({ licence: 'x'.repeat(1000) }));
  const cpuSeconds = ctx.smoke ? 1 : 3;
  const sigs: string[] = [];
  const signPerS = perSecond(cpuSeconds, (i) => {
    const s = sm2Sign(kp.privateKey, data);
    if (i < 64) sigs.push(s);
  });
  let failures = 0;
  const verifyInProcess = perSecond(cpuSeconds, (i) => {
    if (!sm2Verify(kp.publicKey, data, sigs[i % sigs.length] ?? '')) failures++;
  });
  if (failures > 0) throw new Error(`licences phase: ${failures} in-process SM2 verifications failed`);

  const ratio = ctx.lookupPerS > 0 ? verifyPerS / ctx.lookupPerS : 0;
  return {
    lines: [
      `licence verification: ${verifyPerS.toFixed(0)} req/s over ${ids.length} licences, p50 ${p50}, p99 ${p99} (${ctx.concurrency} connections, wrk; signature checked server-side), ${ratio.toFixed(3)} × look-ups`,
      `SM2/SM3 in process: sign ${signPerS.toFixed(0)}/s, verify ${verifyInProcess.toFixed(0)}/s (one core, sm-crypto-v2)`,
    ],
    figures: [
      ['verify_per_s', verifyPerS.toFixed(1)],
      ['verify_ratio', ratio.toFixed(3)],
      ['sm2_sign_per_s', signPerS.toFixed(0)],
      ['sm2_verify_per_s', verifyInProcess.toFixed(0)],
    ],
  };
};
