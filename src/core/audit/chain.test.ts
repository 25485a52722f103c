import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chainAuditEntry, EMPTY_HEAD, verifyAuditChain, type ChainedAuditEntry } from './chain.js';

const sm3 = (t: string) => createHash('sm3').update(t, 'utf8').digest('hex');

function build(n: number): ChainedAuditEntry[] {
  const out: ChainedAuditEntry[] = [];
  let head = EMPTY_HEAD;
  for (let i = 0; i < n; i++) {
    const e = chainAuditEntry(head, { at: new Date(Date.UTC(2026, 11, 1, 8, 0, i)).toISOString(), kind: i % 2 ? 'login_succeeded' : 'staff_created', userId: null, username: `u${i}`, ip: '10.0.0.1', objectType: 'user', objectId: `id-${i}`, detail: { n: i, nested: { b: 1, a: [i] } } }, sm3);
    out.push(e);
    head = { seq: e.seq, hash: e.hash };
  }
  return out;
}
const headOf = (es: ChainedAuditEntry[]) => (es.length ? { seq: es[es.length - 1]!.seq, hash: es[es.length - 1]!.hash } : EMPTY_HEAD);

describe('audit log hash chain (SM3)', () => {
  it('verifies an intact chain and an empty one', () => {
    const es = build(5);
    expect(verifyAuditChain(es, headOf(es), sm3)).toEqual({ ok: true, checked: 5 });
    expect(verifyAuditChain([], EMPTY_HEAD, sm3)).toEqual({ ok: true, checked: 0 });
  });

  it('detects a changed field, a removed entry, a removed last entry and swapped entries', () => {
    const es = build(5);
    const changed = es.map((e) => (e.seq === 3 ? { ...e, username: 'someone-else' } : e));
    expect(verifyAuditChain(changed, headOf(es), sm3)).toEqual({ ok: false, seq: 3, reason: 'hash' });
    expect(verifyAuditChain(es.filter((e) => e.seq !== 2), headOf(es), sm3)).toMatchObject({ ok: false, seq: 2, reason: 'gap' });
    expect(verifyAuditChain(es.slice(0, 4), headOf(es), sm3)).toEqual({ ok: false, seq: 5, reason: 'head' });
    const swapped = [es[0]!, { ...es[2]!, seq: 2 }, { ...es[1]!, seq: 3 }, es[3]!, es[4]!];
    expect(verifyAuditChain(swapped, headOf(es), sm3)).toMatchObject({ ok: false, seq: 2 });
  });

  it('any change to any field of any entry is detected (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(), fc.constantFrom('kind', 'userId', 'username', 'ip', 'objectType', 'objectId', 'at', 'detail'), fc.string({ minLength: 1 }), (n, pick, field, value) => {
        const es = build(n);
        const i = pick % n;
        const target = es[i]!;
        const next = field === 'detail' ? { ...target.detail, injected: value } : `${String(target[field as keyof ChainedAuditEntry])}${value}`;
        const tampered = es.map((e, j) => (j === i ? { ...e, [field]: next } : e));
        const r = verifyAuditChain(tampered, headOf(es), sm3);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.seq).toBe(target.seq);
      }),
    );
  });
});
