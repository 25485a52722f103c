import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Typography, type FormInstance } from 'antd';
import type { FieldDraft, FormDraft } from '../../core/catalogue/form-draft.js';
import { ALLOWED_PREFILLS } from '../../core/catalogue/rules.js';
import { FORM_FORMATS, type Situation } from '../../core/catalogue/types.js';
import { FORMAT_RULES } from '../../core/forms/formats.js';
import { useI18n } from '../shared/i18n.js';
import { FIELD_TYPE_WORDS, FORMAT_WORDS, PREFILL_WORDS, problemsAt, type InlineProblem } from './editor-problems.js';
import { FormPreview } from './FormPreview.js';
import { InlineErrors, RowActions } from './SituationsEditor.js';
import { optionChoices } from './situation-edits.js';

const BASE = ['formDraft'] as const;

/** Fields as choices named by title (the first of a repeated key), plus any chosen key that names no field, marked. */
function fieldChoices(fields: FieldDraft[], chosen: unknown[], pick: (zh: string, en: string) => string) {
  const out = fields.filter((f, i) => f.key && fields.findIndex((g) => g.key === f.key) === i).map((f) => ({ value: f.key, label: f.title || f.key }));
  for (const k of new Set(chosen.filter((c): c is string => typeof c === 'string' && c !== ''))) {
    if (!out.some((o) => o.value === k)) out.push({ value: k, label: pick(`${k}（字段不存在）`, `${k} (no such field)`) });
  }
  return out;
}
const numeric = (type: FieldDraft['type'] | undefined) => type === 'number' || type === 'integer';

/** A field's settings after its type changed: nothing hidden stays behind (a format for another type, a range on text …). */
export function retype(f: FieldDraft, type: FieldDraft['type']): FieldDraft {
  const next: FieldDraft = { ...f, type };
  if (type !== 'string') delete next.maxLength;
  if (!numeric(type)) {
    delete next.minimum;
    delete next.maximum;
  }
  if (next.format && FORMAT_RULES[next.format].type !== (type === 'string' ? 'string' : numeric(type) ? 'number' : 'none')) delete next.format;
  if (type === 'boolean' || numeric(type) !== numeric(f.type)) delete next.enum;
  return next;
}

function FieldRow({ form, name, index, count, move, remove, problems }: { form: FormInstance; name: number; index: number; count: number; move: (a: number, b: number) => void; remove: () => void; problems: InlineProblem[] }) {
  const { t, pick } = useI18n();
  const path = [...BASE, 'fields', name];
  const type = Form.useWatch([...path, 'type'], { form, preserve: true }) as FieldDraft['type'] | undefined;
  const title = Form.useWatch([...path, 'title'], { form, preserve: true }) as string | undefined;
  const what = `${t('editor.fieldN', { n: index + 1 })}${title ? `「${title}」` : ''}`;
  // Short visible labels; each input's accessible name also says which field it belongs to.
  const l = (k: Parameters<typeof t>[0]) => `${what} · ${t(k)}`;
  const formats = FORM_FORMATS.filter((f) => (type === 'string' ? FORMAT_RULES[f].type === 'string' : numeric(type) && FORMAT_RULES[f].type === 'number'));
  return (
    <Card size="small" data-testid="form-field-card" title={what} extra={<RowActions index={index} count={count} move={move} remove={remove} what={what} />}>
      <InlineErrors problems={problemsAt(problems, `fields[${name}]`)} />
      <Row gutter={12}>
        <Col xs={24} sm={12} xl={8}>
          <Form.Item name={[name, 'key']} label={t('editor.fieldKey')} style={{ marginBottom: 8 }}>
            <Input aria-label={l('editor.fieldKey')} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} xl={10}>
          <Form.Item name={[name, 'title']} label={t('editor.fieldTitle')} style={{ marginBottom: 8 }}>
            <Input aria-label={l('editor.fieldTitle')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Form.Item name={[name, 'type']} label={t('editor.fieldType')} style={{ marginBottom: 8 }}>
            <Select
              aria-label={l('editor.fieldType')}
              options={(Object.keys(FIELD_TYPE_WORDS) as FieldDraft['type'][]).map((k) => ({ value: k, label: pick(FIELD_TYPE_WORDS[k].zh, FIELD_TYPE_WORDS[k].en) }))}
              onChange={(v: FieldDraft['type']) => form.setFieldValue(path, retype(form.getFieldValue(path) as FieldDraft, v))}
            />
          </Form.Item>
        </Col>
        {formats.length > 0 && (
          <Col xs={24} sm={12} xl={8}>
            <Form.Item name={[name, 'format']} label={t('editor.format')} style={{ marginBottom: 8 }}>
              <Select aria-label={l('editor.format')} allowClear placeholder={pick('不校验格式', 'No format check')} options={formats.map((f) => ({ value: f, label: pick(FORMAT_WORDS[f].zh, FORMAT_WORDS[f].en) }))} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={12} xl={8}>
          <Form.Item name={[name, 'prefill']} label={t('editor.prefill')} style={{ marginBottom: 8 }}>
            <Select aria-label={l('editor.prefill')} allowClear placeholder={pick('不预填', 'No prefill')} options={ALLOWED_PREFILLS.map((p) => ({ value: p, label: pick(PREFILL_WORDS[p]?.zh ?? p, PREFILL_WORDS[p]?.en ?? p) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6} xl={3}>
          <Form.Item name={[name, 'required']} label={t('editor.required')} valuePropName="checked" style={{ marginBottom: 8 }}>
            <Switch size="small" aria-label={l('editor.required')} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={6} xl={5}>
          <Form.Item name={[name, 'personal']} label={t('editor.personal')} tooltip={pick('地址、账号等无法从格式识别的个人信息：按角色遮蔽', 'Personal data its format does not reveal (an address, an account): masked by role')} valuePropName="checked" style={{ marginBottom: 8 }}>
            <Switch size="small" aria-label={l('editor.personal')} />
          </Form.Item>
        </Col>
        {type !== 'boolean' && (
          <Col xs={24} xl={12}>
            <Form.Item
              name={[name, 'enum']}
              label={t('editor.enum')}
              style={{ marginBottom: 8 }}
              normalize={(v: (string | number)[] | undefined) => (v?.length ? (numeric(type) ? v.map(Number).filter(Number.isFinite) : v.map(String)) : undefined)}
            >
              <Select aria-label={l('editor.enum')} mode="tags" open={false} suffixIcon={null} placeholder={pick('留空则自由填写', 'Leave empty for free input')} />
            </Form.Item>
          </Col>
        )}
        {type === 'string' && (
          <Col xs={12} xl={6}>
            <Form.Item name={[name, 'maxLength']} label={t('editor.maxLength')} style={{ marginBottom: 8 }}>
              <InputNumber aria-label={l('editor.maxLength')} min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {numeric(type) && (
          <>
            <Col xs={12} xl={6}>
              <Form.Item name={[name, 'minimum']} label={t('editor.minimum')} style={{ marginBottom: 8 }}>
                <InputNumber aria-label={l('editor.minimum')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} xl={6}>
              <Form.Item name={[name, 'maximum']} label={t('editor.maximum')} style={{ marginBottom: 8 }}>
                <InputNumber aria-label={l('editor.maximum')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </>
        )}
        <Col xs={24}>
          <Form.Item name={[name, 'description']} label={t('editor.description')} style={{ marginBottom: 8 }}>
            <Input aria-label={l('editor.description')} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

/** The value a field condition compares with, typed by the field: yes/no, one of its choices, a number or text. */
function ConditionValue({ field, value, onChange, label }: { field: FieldDraft | undefined; value?: string | number | boolean; onChange?: (v: string | number | boolean | null) => void; label: string }) {
  const { t } = useI18n();
  if (field?.type === 'boolean')
    return (
      <Select
        aria-label={label}
        value={value as boolean | undefined}
        onChange={onChange}
        options={[
          { value: true, label: t('editor.yes') },
          { value: false, label: t('editor.no') },
        ]}
      />
    );
  if (field?.enum?.length) return <Select aria-label={label} value={value as string | number | undefined} onChange={onChange} options={field.enum.map((v) => ({ value: v, label: String(v) }))} />;
  if (numeric(field?.type)) return <InputNumber aria-label={label} value={typeof value === 'number' ? value : null} onChange={(v) => onChange?.(v)} style={{ width: '100%' }} />;
  return <Input aria-label={label} value={typeof value === 'string' ? value : value === undefined ? '' : String(value)} onChange={(e) => onChange?.(e.target.value)} />;
}

function FieldConditions({ form, fields, problems }: { form: FormInstance; fields: FieldDraft[]; problems: InlineProblem[] }) {
  const { t, pick } = useI18n();
  const conditions = (Form.useWatch([...BASE, 'fieldConditions'], { form, preserve: true }) as FormDraft['fieldConditions'] | undefined) ?? [];
  const fieldOptions = fieldChoices(
    fields,
    conditions.filter(Boolean).flatMap((c) => [...(c.when ?? []).map((w) => w?.field), ...(c.then ?? [])]),
    pick,
  );
  return (
    <Form.List name={[...BASE, 'fieldConditions']}>
      {(items, { add, remove, move }) => (
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          {items.map((item, i) => {
            const what = `${t('editor.fieldConditions')} ${i + 1}`;
            return (
              <Card key={item.key} size="small" data-testid="field-condition" title={what} extra={<RowActions index={i} count={items.length} move={move} remove={() => remove(item.name)} what={what} />}>
                <InlineErrors problems={problemsAt(problems, `fieldConditions[${item.name}]`)} />
                <Form.List name={[item.name, 'when']}>
                  {(whens, { add: addWhen, remove: removeWhen }) => (
                    <>
                      {whens.map((w, j) => {
                        const key = conditions[item.name]?.when[w.name]?.field;
                        const wl = `${what} · ${j === 0 ? t('editor.when') : t('editor.and')}`;
                        return (
                          <Row key={w.key} gutter={8} align="bottom" wrap>
                            <Col xs={24} sm={10}>
                              <Form.Item name={[w.name, 'field']} label={j === 0 ? t('editor.when') : t('editor.and')} style={{ marginBottom: 8 }}>
                                <Select aria-label={wl} placeholder={t('editor.pickField')} options={fieldOptions} />
                              </Form.Item>
                            </Col>
                            <Col xs={20} sm={10}>
                              <Form.Item name={[w.name, 'value']} label={t('editor.equals')} style={{ marginBottom: 8 }}>
                                <ConditionValue field={fields.find((f) => f.key === key)} label={`${wl} · ${t('editor.equals')}`} />
                              </Form.Item>
                            </Col>
                            <Col xs={4} sm={4}>
                              <Form.Item style={{ marginBottom: 8 }}>
                                <Button size="small" danger aria-label={`${t('admin.remove')} ${wl}`} onClick={() => removeWhen(w.name)}>
                                  ×
                                </Button>
                              </Form.Item>
                            </Col>
                          </Row>
                        );
                      })}
                      <Button size="small" type="dashed" onClick={() => addWhen({ field: undefined, value: undefined })} style={{ marginBottom: 8 }}>
                        + {t('editor.addWhen')}
                      </Button>
                    </>
                  )}
                </Form.List>
                <Form.Item name={[item.name, 'then']} label={t('editor.thenRequired')} style={{ marginBottom: 0 }}>
                  <Select aria-label={`${what} · ${t('editor.thenRequired')}`} mode="multiple" options={fieldOptions} placeholder={t('editor.pickField')} optionFilterProp="label" />
                </Form.Item>
              </Card>
            );
          })}
          <Button type="dashed" onClick={() => add({ when: [{ field: undefined, value: undefined }], then: [] })}>
            + {t('editor.addCondition')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

function SituationConditions({ form, fields, situations, problems }: { form: FormInstance; fields: FieldDraft[]; situations: Situation[]; problems: InlineProblem[] }) {
  const { t, pick } = useI18n();
  const conditions = ((Form.useWatch([...BASE, 'situationConditions'], { form, preserve: true }) as FormDraft['situationConditions'] | undefined) ?? []).filter(Boolean);
  const fieldOptions = fieldChoices(
    fields,
    conditions.flatMap((c) => c.required ?? []),
    pick,
  );
  // A chosen option that no longer exists says so (the select would otherwise show its last label).
  const known = new Set(situations.flatMap((s) => s.options.map((o) => o.id)));
  const gone = [...new Set(conditions.map((c) => c.optionId).filter((o) => o && !known.has(o)))];
  const choices = [...optionChoices(situations), ...(gone.length ? [{ label: pick('已删除', 'Removed'), options: gone.map((o) => ({ value: o, label: pick('（已删除的选项）', '(removed option)') })) }] : [])];
  return (
    <Form.List name={[...BASE, 'situationConditions']}>
      {(items, { add, remove, move }) => (
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          {items.map((item, i) => {
            const what = `${t('editor.situationConditions')} ${i + 1}`;
            return (
              <Card key={item.key} size="small" data-testid="situation-condition" title={what} extra={<RowActions index={i} count={items.length} move={move} remove={() => remove(item.name)} what={what} />}>
                <InlineErrors problems={problemsAt(problems, `situationConditions[${item.name}]`)} />
                <Row gutter={8}>
                  <Col xs={24} md={12}>
                    <Form.Item name={[item.name, 'optionId']} label={t('editor.whenChosen')} style={{ marginBottom: 8 }}>
                      <Select
                        aria-label={`${what} · ${t('editor.whenChosen')}`}
                        placeholder={t('editor.pickOption')}
                        options={choices}
                        onChange={(optionId: string) => {
                          const s = situations.find((x) => x.options.some((o) => o.id === optionId));
                          form.setFieldValue([...BASE, 'situationConditions', item.name, 'situationId'], s?.id ?? '');
                        }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[item.name, 'required']} label={t('editor.thenRequired')} style={{ marginBottom: 8 }}>
                      <Select aria-label={`${what} · ${t('editor.thenRequired')}`} mode="multiple" options={fieldOptions} placeholder={t('editor.pickField')} optionFilterProp="label" />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            );
          })}
          <Button type="dashed" onClick={() => add({ situationId: '', optionId: '', required: [] })}>
            + {t('editor.addCondition')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

/** 表单 editor: fields in display order, field and situation conditions, and a live preview as the applicant sees it. */
export function FormEditor({ form, problems }: { form: FormInstance; problems: InlineProblem[] }) {
  const { t } = useI18n();
  const draft = Form.useWatch([...BASE], { form, preserve: true }) as FormDraft | undefined;
  const situations = ((Form.useWatch('situations', { form, preserve: true }) as Situation[] | undefined) ?? []).filter(Boolean);
  const fields = (draft?.fields ?? []).filter(Boolean);
  const unknown = draft?.unknownRequired ?? [];
  return (
    <Row gutter={16}>
      <Col xs={24} xl={14}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('editor.fields')}
          </Typography.Title>
          {unknown.length > 0 && (
            <Alert
              type="error"
              showIcon
              message={t('editor.unknownRequired')}
              description={<InlineErrors problems={problemsAt(problems, 'unknownRequired')} />}
              action={
                <Button size="small" onClick={() => form.setFieldValue([...BASE, 'unknownRequired'], [])}>
                  {t('admin.remove')}
                </Button>
              }
            />
          )}
          <Form.List name={[...BASE, 'fields']}>
            {(items, { add, remove, move }) => (
              <Space direction="vertical" size={8} style={{ width: '100%' }}>
                {items.length === 0 && <Typography.Text type="secondary">{t('editor.noFields')}</Typography.Text>}
                {items.map((item, i) => (
                  <FieldRow key={item.key} form={form} name={item.name} index={i} count={items.length} move={move} remove={() => remove(item.name)} problems={problems} />
                ))}
                <Button type="dashed" block onClick={() => add({ key: '', title: '', type: 'string', required: false })}>
                  + {t('editor.addField')}
                </Button>
              </Space>
            )}
          </Form.List>
          <Typography.Title level={5} style={{ margin: '12px 0 0' }}>
            {t('editor.fieldConditions')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('editor.fieldConditionsHint')}</Typography.Text>
          <FieldConditions form={form} fields={fields} problems={problems} />
          <Typography.Title level={5} style={{ margin: '12px 0 0' }}>
            {t('editor.situationConditions')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('editor.situationConditionsHint')}</Typography.Text>
          <SituationConditions form={form} fields={fields} situations={situations} problems={problems} />
        </Space>
      </Col>
      <Col xs={24} xl={10}>
        <div style={{ position: 'sticky', top: 16 }}>{draft && <FormPreview draft={draft} situations={situations} />}</div>
      </Col>
    </Row>
  );
}
