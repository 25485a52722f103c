import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildItemContent } from '../../core/catalogue/test-factory.js';
import { dropOptionRefs, materialsOfOption, newId, optionChoices, parseProceduresJson, parseSituationsJson, setOptionMaterials } from './situation-edits.js';

const { materials, situations } = buildItemContent();

describe('situation edits', () => {
  it('generates ids that are not taken', () => {
    let n = 0;
    const seq = [0, 0, 0.5];
    const id = newId('o', ['o-000000'], () => seq[n++] ?? 0.9);
    expect(id).toMatch(/^o-[0-9a-z]{6}$/);
    expect(id).not.toBe('o-000000');
  });

  it('links exactly the chosen materials to an option and leaves other links alone', () => {
    const linked = setOptionMaterials(materials, 'o-self', ['m-plan', 'm-agent']);
    expect(materialsOfOption(linked, 'o-self')).toEqual(['m-plan', 'm-agent']);
    expect(linked.find((m) => m.id === 'm-agent')?.situationOptionIds).toEqual(['o-agent', 'o-self']);
    const unlinked = setOptionMaterials(linked, 'o-self', []);
    expect(unlinked).toEqual(materials);
    // A material left with no option applies to everyone again: the key is gone, not an empty list.
    expect('situationOptionIds' in (setOptionMaterials(materials, 'o-agent', [])[2] ?? {})).toBe(false);
  });

  it('property: setting an option’s materials touches only that option', () => {
    const ids = materials.map((m) => m.id);
    fc.assert(
      fc.property(fc.subarray(ids), fc.constantFrom('o-self', 'o-agent', 'o-new'), (chosen, option) => {
        const out = setOptionMaterials(materials, option, chosen);
        expect(materialsOfOption(out, option).sort()).toEqual([...chosen].sort());
        for (const o of ['o-self', 'o-agent', 'o-new'].filter((x) => x !== option)) expect(materialsOfOption(out, o)).toEqual(materialsOfOption(materials, o));
      }),
    );
  });

  it('drops links to removed options', () => {
    expect(dropOptionRefs(materials, ['o-agent']).every((m) => !m.situationOptionIds)).toBe(true);
  });

  it('offers options as "question：option", grouped by question', () => {
    expect(optionChoices(situations)).toEqual([
      {
        label: '由谁办理？',
        options: [
          { value: 'o-self', label: '由谁办理？：本人办理' },
          { value: 'o-agent', label: '由谁办理？：委托代理人办理' },
        ],
      },
    ]);
  });

  it('checks pasted JSON for the shape the editor shows, in words', () => {
    expect(parseSituationsJson(situations)).toEqual({ ok: true, value: situations });
    expect(parseSituationsJson([{ id: 's', question: 'q', multiple: 'no', options: [] }])).toMatchObject({ ok: false, zh: expect.stringContaining('情形引导') });
    expect(parseSituationsJson({})).toMatchObject({ ok: false });
    const procedures = [{ name: '专家评审', timeNeeded: '10日', basis: { law: '某法' }, countedInLimit: false }];
    expect(parseProceduresJson(procedures)).toEqual({ ok: true, value: procedures });
    expect(parseProceduresJson([{ name: '专家评审' }])).toMatchObject({ ok: false, en: expect.stringContaining('Special procedures') });
  });
});
