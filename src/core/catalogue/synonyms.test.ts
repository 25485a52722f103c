import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSynonymGroups, parseSynonymLines, queryVariants } from './synonyms.js';
import { rankSearchResults } from './search.js';

const GROUPS = [
  ['低保', '最低生活保障'],
  ['社保卡', '社会保障卡'],
];

describe('portal search synonyms', () => {
  it('finding: "低保" finds 最低生活保障 and "社保卡" finds 社会保障卡', () => {
    const items = [
      { name: '最低生活保障审核确认', searchText: '最低生活保障审核确认 县民政局' },
      { name: '社会保障卡申领', searchText: '社会保障卡申领 县人力社保局' },
      { name: '个体工商户设立登记', searchText: '个体工商户设立登记' },
    ];
    expect(rankSearchResults(items, '低保').map((i) => i.name)).toEqual([]);
    expect(rankSearchResults(items, '低保', GROUPS).map((i) => i.name)).toEqual(['最低生活保障审核确认']);
    expect(rankSearchResults(items, '社保卡', GROUPS).map((i) => i.name)).toEqual(['社会保障卡申领']);
  });

  it('expands a term that contains a group word, keeping the query itself first', () => {
    expect(queryVariants('办社保卡', GROUPS)).toEqual(['办社保卡', '办社会保障卡']);
    expect(queryVariants('营业执照', GROUPS)).toEqual(['营业执照']);
  });

  it('the query itself is always a variant, and variants stay bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('低保', '社保卡', '社会保障卡', '最低生活保障', '户口'), { minLength: 1, maxLength: 8 }), (terms) => {
        const q = terms.join(' ');
        const v = queryVariants(q, GROUPS);
        expect(v[0]).toBe(q);
        expect(v.length).toBeLessThanOrEqual(32);
      }),
    );
  });

  it('parses one group per line and checks the groups', () => {
    expect(parseSynonymLines('低保、最低生活保障\n社保卡, 社会保障卡 \n\n')).toEqual(GROUPS);
    expect(checkSynonymGroups(GROUPS)).toEqual([]);
    expect(checkSynonymGroups([['低保']]).map((p) => p.code)).toEqual(['GROUP_TOO_SMALL']);
    expect(checkSynonymGroups([['低保', '救助'], ['救助', '临时救助']]).map((p) => p.code)).toEqual(['WORD_IN_TWO_GROUPS']);
  });
});
