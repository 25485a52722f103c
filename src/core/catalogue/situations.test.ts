import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appliesToChosen, applicableTo, chosenOptionIds } from './situations.js';
import { caseMaterials } from '../cases/materials.js';
import { catalogueFeeFen } from './fees.js';
import type { Fee, Material } from './types.js';

const law = { law: '《中华人民共和国行政许可法》', article: '第二十九条' };

describe('情形引导: what the chosen situation options bring in', () => {
  it('collects the chosen options of every question', () => {
    expect([...chosenOptionIds({ 's-who': ['o-agent'], 's-how': ['o-post', 'o-online'] })].sort()).toEqual(['o-agent', 'o-online', 'o-post']);
    expect(chosenOptionIds({}).size).toBe(0);
  });

  it('applies an entry without options always, and one with options when one of them was chosen', () => {
    const chosen = new Set(['o-agent']);
    expect(appliesToChosen({}, chosen)).toBe(true);
    expect(appliesToChosen({ situationOptionIds: [] }, chosen)).toBe(true);
    expect(appliesToChosen({ situationOptionIds: ['o-agent'] }, chosen)).toBe(true);
    expect(appliesToChosen({ situationOptionIds: ['o-self', 'o-agent'] }, chosen)).toBe(true);
    expect(appliesToChosen({ situationOptionIds: ['o-self'] }, chosen)).toBe(false);
    expect(appliesToChosen({ situationOptionIds: ['o-self'] }, new Set())).toBe(false);
  });

  it('law: materials and fees naming the same options are selected alike (one rule for the checklist and the pinned fee)', () => {
    const options = fc.subarray(['o-a', 'o-b', 'o-c']);
    fc.assert(
      fc.property(fc.array(options, { maxLength: 6 }), options, (entries, chosenList) => {
        const answers = { s: chosenList };
        const materials: Material[] = entries.map((o, i) => ({ id: `m${i}`, name: `材料${i}`, source: 'applicant', form: 'copy', copies: 1, required: true, key: false, gapAllowed: false, basis: law, ...(o.length ? { situationOptionIds: o } : {}) }));
        const fees: Fee[] = entries.map((o, i) => ({ name: `费${i}`, standard: '每件', amountFen: 10 ** i, basis: law, onlinePayment: false, ...(o.length ? { situationOptionIds: o } : {}) }));
        const picked = applicableTo(entries.map((o, i) => ({ i, situationOptionIds: o })), chosenOptionIds(answers)).map((e) => e.i);
        expect(caseMaterials(materials, answers).map((m) => Number(m.id.slice(1)))).toEqual(picked);
        // Each fee is a distinct power of ten: the sum names exactly the fees that applied.
        expect(catalogueFeeFen(fees, chosenOptionIds(answers))).toBe(picked.reduce((s, i) => s + 10 ** i, 0));
      }),
    );
  });
});
