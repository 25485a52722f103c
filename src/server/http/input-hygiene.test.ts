import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findForbiddenText, hasForbiddenCharacter } from './input-hygiene.js';

/** Every string and key of a value, by plain recursion: the reference the walker is held to. */
function texts(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(texts);
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [k, ...texts(x)]);
  return [];
}

/** The value at a JSON pointer written by findForbiddenText (keys unescaped), or the key it names. */
function at(v: unknown, path: string): unknown {
  const parts = path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: unknown = v;
  for (const p of parts) cur = (cur as Record<string, unknown>)[p];
  return cur;
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('\u0000', 'a\uD800', '\uDC00b', 'ok\tfine\n', '~/'));

describe('findForbiddenText', () => {
  it('finds a forbidden character exactly when some string or key holds one, and its path leads to it', () => {
    fc.assert(
      fc.property(fc.letrec((tie) => ({ v: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(text, tie('v'), { maxKeys: 4 })) })).v, (value) => {
        const found = findForbiddenText(value, 'body');
        const bad = texts(value).some(hasForbiddenCharacter);
        expect(found !== undefined).toBe(bad);
        if (found === undefined || found === 'body') return;
        // A path into the value: it names a string with the character, or a container whose key has it.
        const target = at(value, found);
        const lastKey = found.split('/').pop() ?? '';
        const keyIsBad = /\\u[0-9a-f]{4}/.test(lastKey);
        if (!keyIsBad) expect(typeof target === 'string' && hasForbiddenCharacter(target)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses nesting deeper than 64 levels', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(findForbiddenText(deep, 'body')).toMatch(/^body(\/0){64}$/);
    expect(findForbiddenText({ a: [{ b: 'fine' }] }, 'body')).toBeUndefined();
    expect(findForbiddenText({ a: [{ 'b/~': 'x\u0001' }] }, 'body')).toBe('body/a/0/b~1~0');
  });
});
