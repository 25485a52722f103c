import { describe, expect, it } from 'vitest';
import { formToDraft } from '../../core/catalogue/form-draft.js';
import { ALLOWED_PREFILLS } from '../../core/catalogue/rules.js';
import { buildItemContent } from '../../core/catalogue/test-factory.js';
import { FORM_FORMATS } from '../../core/catalogue/types.js';
import { editorProblems, FORMAT_WORDS, PREFILL_WORDS, problemsAt } from './editor-problems.js';

describe('editor problems', () => {
  const content = buildItemContent();
  it('a valid item shows nothing', () => {
    expect(editorProblems(content, formToDraft(content.form))).toEqual({ rules: [], form: [], blocking: [] });
  });

  it('puts a condition naming a removed option beside that condition, in the server’s words', () => {
    const draft = formToDraft({ ...content.form, 'x-conditions': [{ situationId: 's-who', optionId: 'o-gone', required: ['address'] }] });
    const p = editorProblems(content, draft);
    expect(problemsAt(p.form, 'situationConditions[0]').map((x) => x.zh)).toEqual(['第1条情形条件引用的选项在情形“由谁办理？”中不存在（可能已被删除）']);
    expect(p.blocking).toEqual([]);
  });

  it('a repeated key blocks the save and sits on the field', () => {
    const draft = formToDraft(content.form);
    draft.fields[1] = { ...draft.fields[1]!, key: 'name' };
    const p = editorProblems(content, draft);
    expect(problemsAt(p.blocking, 'fields[1]').map((x) => x.en)).toEqual(['Field key "name" is already used by field #1']);
    expect(problemsAt(p.form, 'fields[0]')).toEqual([]);
  });

  it('prefix matching does not confuse row 1 with row 10', () => {
    expect(problemsAt([{ path: 'fields[10].key', zh: '', en: '' }], 'fields[1]')).toEqual([]);
  });

  it('has words for every format and prefill source', () => {
    for (const f of FORM_FORMATS) expect(FORMAT_WORDS[f].zh).toMatch(/[\u4e00-\u9fa5]/);
    for (const p of ALLOWED_PREFILLS) expect(PREFILL_WORDS[p]?.en).toBeTruthy();
  });
});
