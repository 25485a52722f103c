import { describe, expect, it } from 'vitest';
import { diffItemContent } from './diff.js';
import { buildSearchText, matchesQuery, pinyinInitials, rankSearchResults } from './search.js';
import { buildItemContent } from './test-factory.js';

describe('version diff', () => {
  it('is empty for identical versions', () => {
    const c = buildItemContent();
    expect(diffItemContent(c, c)).toEqual([]);
  });

  it('shows a renamed material as changed, not removed and added', () => {
    const a = buildItemContent();
    const b = { ...a, materials: a.materials.map((m) => (m.id === 'm-plan' ? { ...m, name: '经营场所平面图' } : m)) };
    const changes = diffItemContent(a, b);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ element: 'materials', kind: 'changed', labelZh: '申请材料：经营场所平面图' });
  });

  it('labels scalar changes in both languages and reports added and removed entries', () => {
    const a = buildItemContent();
    const b = { ...a, promisedLimitDays: 4, fees: [{ name: '工本费', standard: '20元', basis: { law: '某法' }, onlinePayment: false }], flow: a.flow.slice(0, 3) };
    const changes = diffItemContent(a, b);
    expect(changes).toContainEqual(expect.objectContaining({ path: 'promisedLimitDays', labelZh: '承诺时限', labelEn: 'Promised time limit', before: 5, after: 4 }));
    expect(changes).toContainEqual(expect.objectContaining({ element: 'fees', kind: 'added' }));
    expect(changes).toContainEqual(expect.objectContaining({ element: 'flow', kind: 'removed' }));
  });
});

describe('catalogue search', () => {
  it('derives pinyin initials', () => {
    expect(pinyinInitials('个体工商户设立登记')).toBe('gtgshsldj');
  });

  it('matches by name, initials, department and situation', () => {
    const text = buildSearchText(buildItemContent({ mainName: '个体工商户设立登记' }), '安吉县市场监督管理局');
    for (const q of ['个体工商户', 'gtgsh', 'GTGSH', '市场监督', '委托代理人', '开办企业']) expect(matchesQuery(text, q), q).toBe(true);
    expect(matchesQuery(text, '结婚')).toBe(false);
  });

  it('ranks an exact name above a partial match', () => {
    const items = ['个体工商户变更登记', '个体工商户设立登记'].map((name) => ({ name, searchText: buildSearchText(buildItemContent({ mainName: name }), '局') }));
    expect(rankSearchResults(items, '个体工商户设立登记')[0]?.name).toBe('个体工商户设立登记');
  });
});
