import { Alert, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Typography, type FormInstance } from 'antd';
import type { Material, Situation } from '../../core/catalogue/types.js';
import { useI18n } from '../shared/i18n.js';
import { problemsAt, type InlineProblem } from './editor-problems.js';
import { dropOptionRefs, materialsOfOption, newId, setOptionMaterials, situationIdsOf } from './situation-edits.js';

/** Problems beside a row, in the page's language. */
export function InlineErrors({ problems }: { problems: InlineProblem[] }) {
  const { pick } = useI18n();
  if (!problems.length) return null;
  return (
    <div role="alert" style={{ marginBottom: 8 }}>
      {problems.map((p, i) => (
        <div key={i}>
          <Typography.Text type="danger">{pick(p.zh, p.en)}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** Up / down / remove buttons for one row of a list. */
export function RowActions({ index, count, move, remove, what }: { index: number; count: number; move: (from: number, to: number) => void; remove: () => void; what: string }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap>
      <Button size="small" aria-label={`${t('editor.moveUp')} ${what}`} disabled={index === 0} onClick={() => move(index, index - 1)}>
        ↑
      </Button>
      <Button size="small" aria-label={`${t('editor.moveDown')} ${what}`} disabled={index === count - 1} onClick={() => move(index, index + 1)}>
        ↓
      </Button>
      <Button size="small" danger aria-label={`${t('admin.remove')} ${what}`} onClick={remove}>
        {t('admin.remove')}
      </Button>
    </Space>
  );
}

/** The materials an option brings in, edited on the materials list (`situationOptionIds`). */
function OptionMaterials({ form, optionId, label }: { form: FormInstance; optionId: string; label: string }) {
  const { t } = useI18n();
  const materials = (Form.useWatch('materials', { form, preserve: true }) as Material[] | undefined) ?? [];
  return (
    <Select
      mode="multiple"
      aria-label={label}
      placeholder={t('editor.bringsInNone')}
      style={{ width: '100%' }}
      value={materialsOfOption(materials, optionId)}
      options={materials.map((m, i) => ({ value: m.id, label: m.name || `#${i + 1}` }))}
      optionFilterProp="label"
      onChange={(ids: string[]) => form.setFieldValue('materials', setOptionMaterials(materials, optionId, ids))}
    />
  );
}

/** 情形引导 editor: questions, single or multiple choice, options with generated ids and the materials each brings in. */
export function SituationsEditor({ form, problems }: { form: FormInstance; problems: InlineProblem[] }) {
  const { t } = useI18n();
  const situations = (Form.useWatch('situations', { form, preserve: true }) as Situation[] | undefined) ?? [];
  const taken = () => situationIdsOf((form.getFieldValue('situations') as Situation[] | undefined) ?? []);
  const forget = (optionIds: string[]) => form.setFieldValue('materials', dropOptionRefs((form.getFieldValue('materials') as Material[] | undefined) ?? [], optionIds));
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('editor.situationsHint')}
      </Typography.Paragraph>
      <Form.List name="situations">
        {(fields, { add, remove, move }) => (
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {fields.length === 0 && <Alert type="info" showIcon message={t('editor.noSituations')} />}
            {fields.map((field, i) => {
              const s = situations[field.name];
              const what = t('editor.questionN', { n: i + 1 });
              return (
                <Card
                  key={field.key}
                  size="small"
                  data-testid="situation-card"
                  title={what}
                  extra={
                    <RowActions
                      index={i}
                      count={fields.length}
                      move={move}
                      what={what}
                      remove={() => {
                        forget(s?.options.map((o) => o.id) ?? []);
                        remove(field.name);
                      }}
                    />
                  }
                >
                  <InlineErrors problems={problemsAt(problems, `situations[${field.name}]`).filter((p) => !/\.options\[\d+\]/.test(p.path))} />
                  <Row gutter={12}>
                    <Col xs={24} md={16}>
                      <Form.Item name={[field.name, 'question']} label={t('editor.question')} rules={[{ required: true, whitespace: true }]}>
                        <Input aria-label={`${what} · ${t('editor.question')}`} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'multiple']} label={t('editor.answerMode')}>
                        <Radio.Group
                          aria-label={`${what} · ${t('editor.answerMode')}`}
                          optionType="button"
                          options={[
                            { value: false, label: t('editor.single') },
                            { value: true, label: t('editor.multiple') },
                          ]}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Typography.Text strong>{t('editor.options')}</Typography.Text>
                  <Form.List name={[field.name, 'options']}>
                    {(opts, { add: addOpt, remove: removeOpt, move: moveOpt }) => (
                      <div>
                        {opts.map((of, j) => {
                          const o = s?.options[of.name];
                          const optWhat = `${what} · ${t('editor.optionLabel')} ${j + 1}`;
                          return (
                            <div key={of.key} data-testid="situation-option" style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8, marginTop: 8 }}>
                              <InlineErrors problems={problemsAt(problems, `situations[${field.name}].options[${of.name}]`)} />
                              <Row gutter={12} align="bottom">
                                <Col xs={24} md={9}>
                                  <Form.Item name={[of.name, 'label']} label={`${t('editor.optionLabel')} ${j + 1}`} rules={[{ required: true, whitespace: true }]} style={{ marginBottom: 8 }}>
                                    <Input aria-label={optWhat} />
                                  </Form.Item>
                                </Col>
                                <Col xs={24} md={10}>
                                  <Form.Item label={t('editor.bringsIn')} style={{ marginBottom: 8 }}>
                                    {o && <OptionMaterials form={form} optionId={o.id} label={`${optWhat} · ${t('editor.bringsIn')}`} />}
                                  </Form.Item>
                                </Col>
                                <Col xs={24} md={5}>
                                  <Form.Item style={{ marginBottom: 8 }}>
                                    <RowActions
                                      index={j}
                                      count={opts.length}
                                      move={moveOpt}
                                      what={optWhat}
                                      remove={() => {
                                        if (o) forget([o.id]);
                                        removeOpt(of.name);
                                      }}
                                    />
                                  </Form.Item>
                                </Col>
                              </Row>
                            </div>
                          );
                        })}
                        <Button size="small" type="dashed" style={{ marginTop: 8 }} onClick={() => addOpt({ id: newId('o', taken()), label: '' })}>
                          + {t('editor.addOption')}
                        </Button>
                      </div>
                    )}
                  </Form.List>
                </Card>
              );
            })}
            <Button
              type="dashed"
              block
              onClick={() => {
                const ids = taken();
                const first = newId('o', ids);
                add({ id: newId('s', ids), question: '', multiple: false, options: [{ id: first, label: '' }, { id: newId('o', [...ids, first]), label: '' }] });
              }}
            >
              + {t('editor.addQuestion')}
            </Button>
          </Space>
        )}
      </Form.List>
    </Space>
  );
}
