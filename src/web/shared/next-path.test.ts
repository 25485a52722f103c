import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path.js';

describe('login returns to the page that asked for it, never elsewhere', () => {
  it.each(['/workbench', '/my/cases/0b8c7c1e-1111-4222-8333-444455556666', '/progress?caseNo=X&code=123456', '/admin/org#staff'])('keeps the same-site path %s', (p) => {
    expect(safeNextPath(p)).toBe(p);
  });

  it.each([null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'workbench', '/\t/evil.example', '/login?next=/admin', '/register'])(
    'refuses %j',
    (p) => {
      expect(safeNextPath(p)).toBeNull();
    },
  );
});
