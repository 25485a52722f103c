import { Alert, App, Button, Col, Form, Input, Row, Space, type FormInstance } from 'antd';
import { useState } from 'react';
import { draftToForm, formToDraft, parseFormJson, type FormDraft } from '../../core/catalogue/form-draft.js';
import { useI18n } from '../shared/i18n.js';
import { parseProceduresJson, parseSituationsJson } from './situation-edits.js';

type Texts = { situations: string; form: string; specialProcedures: string };

/**
 * 高级：JSON — the situations, the form's JSON Schema and the special procedures as text for power
 * users. The visual editors stay the source of truth: the text is written from them when the view
 * opens and read back into them (checked for shape, errors in words) when applied.
 */
export function useAdvancedJson(form: FormInstance) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [texts, setTexts] = useState<Texts>({ situations: '', form: '', specialProcedures: '' });
  const [dirty, setDirty] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  const open = () => {
    const v = form.getFieldsValue(true) as { situations: unknown; formDraft: FormDraft; specialProcedures: unknown };
    setTexts({ situations: JSON.stringify(v.situations, null, 2), form: JSON.stringify(draftToForm(v.formDraft), null, 2), specialProcedures: JSON.stringify(v.specialProcedures, null, 2) });
    setDirty(false);
    setProblem(undefined);
  };

  /** Reads the text back into the visual editors; false (with the reason shown) when it cannot. */
  const apply = (): boolean => {
    if (!dirty) return true;
    const parts = [
      ['situations', pick('情形引导', 'Situations')],
      ['form', pick('表单', 'Form')],
      ['specialProcedures', pick('特别程序', 'Special procedures')],
    ] as const;
    const parsed: Partial<Record<keyof Texts, unknown>> = {};
    for (const [k, label] of parts) {
      try {
        parsed[k] = JSON.parse(texts[k]) as unknown;
      } catch {
        return fail(`${label}：${t('admin.jsonInvalid')}`);
      }
    }
    const situations = parseSituationsJson(parsed.situations);
    if (!situations.ok) return fail(pick(situations.zh, situations.en));
    const formJson = parseFormJson(parsed.form);
    if (!formJson.ok) return fail(pick(formJson.zh, formJson.en));
    const procedures = parseProceduresJson(parsed.specialProcedures);
    if (!procedures.ok) return fail(pick(procedures.zh, procedures.en));
    form.setFieldsValue({ situations: situations.value, formDraft: formToDraft(formJson.form), specialProcedures: procedures.value });
    setDirty(false);
    setProblem(undefined);
    message.success(t('editor.applied'));
    return true;
  };
  function fail(reason: string): false {
    setProblem(reason);
    message.error(reason);
    return false;
  }

  const edit = (k: keyof Texts) => (e: { target: { value: string } }) => {
    setTexts((x) => ({ ...x, [k]: e.target.value }));
    setDirty(true);
  };
  const area = (k: keyof Texts, label: string) => (
    <Col xs={24} lg={8}>
      <Form.Item label={label} htmlFor={`json-${k}`}>
        <Input.TextArea id={`json-${k}`} rows={18} value={texts[k]} onChange={edit(k)} style={{ fontFamily: 'monospace', fontSize: 12 }} spellCheck={false} />
      </Form.Item>
    </Col>
  );
  const view = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('editor.advancedHint')} />
      {problem && <Alert type="error" showIcon message={problem} />}
      <Row gutter={16}>
        {area('situations', pick('情形引导', 'Situations'))}
        {area('form', pick('表单（JSON Schema）', 'Form (JSON Schema)'))}
        {area('specialProcedures', t('guide.special'))}
      </Row>
      <Button type="primary" ghost disabled={!dirty} onClick={apply}>
        {t('editor.apply')}
      </Button>
    </Space>
  );
  return { open, apply, view, dirty };
}
