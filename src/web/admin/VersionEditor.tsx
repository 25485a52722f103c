import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, List, Result, Row, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { draftToForm, formToDraft, type FormDraft } from '../../core/catalogue/form-draft.js';
import type { Fee, FlowStep, ItemContent, Material, Situation } from '../../core/catalogue/types.js';
import { ITEM_TYPES } from '../../core/catalogue/types.js';
import { ApiError, post, put } from '../shared/api.js';
import { FlowChart } from '../shared/FlowChart.js';
import { useI18n } from '../shared/i18n.js';
import { CASE_KIND, DEPTH, FORM, ITEM_TYPE, MATERIAL_FORM, ROLE, SCOPE, SOURCE, STATUS } from '../shared/labels.js';
import { useApi } from '../shared/use-api.js';
import type { Problem, VersionDetail } from '../shared/types.js';
import { ListEditor } from './ListEditor.js';
import { fieldWords } from './field-words.js';
import { useAdvancedJson } from './AdvancedJson.js';
import { editorProblems, problemsAt, type EditorProblems } from './editor-problems.js';
import { FormEditor } from './FormEditor.js';
import { InlineErrors, SituationsEditor } from './SituationsEditor.js';
import { optionChoices } from './situation-edits.js';

/** The editor's store: the content with the form held as a draft (fields in order) instead of JSON Schema. */
type FormValues = Omit<ItemContent, 'form'> & { formDraft: FormDraft };
const NO_PROBLEMS: EditorProblems = { rules: [], form: [], blocking: [] };

/** Editor for every element of a draft version; other statuses show read-only with their actions. */
export function VersionEditor() {
  const { versionId } = useParams();
  const { t, pick } = useI18n();
  const { message, modal } = App.useApp();
  const { data, reload, error } = useApi<VersionDetail>(`/api/admin/catalogue/versions/${versionId ?? ''}`);
  const [form] = Form.useForm<FormValues>();
  const [problems, setProblems] = useState<Problem[]>([]);
  /** Refusals of the last save (request-schema errors the core rules do not know); cleared by the next load. */
  const [saveProblems, setSaveProblems] = useState<Problem[]>([]);
  const [stale, setStale] = useState(false);
  const flow = Form.useWatch('flow', form) as FlowStep[] | undefined;
  const [tab, setTab] = useState('basic');
  const advanced = useAdvancedJson(form);
  // Everything on screen, to check it as the user types with the server's own rules (src/core/catalogue/rules.ts).
  const values = Form.useWatch((v: FormValues) => v, { form, preserve: true });
  const live = useMemo(() => {
    if (!data || !values?.formDraft) return NO_PROBLEMS;
    const { formDraft, ...rest } = values;
    try {
      return editorProblems({ ...data.content, ...rest }, formDraft);
    } catch {
      // A half-edited store (a row being added) is checked again on the next change.
      return NO_PROBLEMS;
    }
  }, [data, values]);
  const situations = ((values?.situations ?? []) as (Situation | undefined)[]).filter((s): s is Situation => !!s?.options);
  const known = optionChoices(situations).flatMap((g) => g.options);
  const selected = [...((values?.materials ?? []) as (Material | undefined)[]), ...((values?.fees ?? []) as (Fee | undefined)[])];
  const dangling = [...new Set(selected.flatMap((m) => m?.situationOptionIds ?? []))].filter((o) => !known.some((k) => k.value === o));
  const optionLabels = [...known, ...dangling.map((o) => ({ value: o, label: pick(`（已删除的选项 ${o}）`, `(removed option ${o})`) }))];
  const opts = <K extends string>(m: Record<K, { zh: string; en: string }>) => (Object.keys(m) as K[]).map((k) => ({ value: k, label: pick(m[k].zh, m[k].en) }));

  useEffect(() => {
    if (!data) return;
    const c = data.content;
    const { form: schema, ...rest } = c;
    form.resetFields();
    form.setFieldsValue({ ...rest, formDraft: formToDraft(schema) });
    setProblems(data.problems);
    setSaveProblems([]);
    setStale(false);
  }, [data, form]);

  // A draft is checked live as it is edited (the same rules as the server's); other versions show the stored check.
  const shown: Problem[] = data?.abilities.edit ? [...live.blocking.map((p): Problem => ({ rule: p.path, path: 'form', severity: 'error', zh: p.zh, en: p.en })), ...live.rules, ...saveProblems] : problems;
  if (error) return <Result status="error" title={pick(error.body.message, error.body.messageEn)} />;
  if (!data) return <Card loading />;
  const editable = data.abilities.edit;
  const showError = (e: unknown) => {
    if (e instanceof ApiError) {
      if (e.body.error === 'CATALOGUE_STALE_VERSION') setStale(true);
      if (e.body.details.length) setSaveProblems(e.body.details.map((d) => ({ rule: d.code, path: d.path ?? '', severity: 'error', zh: d.zh, en: d.en })));
      message.error(pick(e.body.message, e.body.messageEn));
    } else message.error(String(e));
  };

  const collect = async (): Promise<ItemContent | undefined> => {
    if (tab === 'advanced' && !advanced.apply()) return undefined;
    await form.validateFields();
    // Every value in the store, including nested fields without an input (e.g. a material's sample URL).
    const { formDraft, ...rest } = form.getFieldsValue(true) as FormValues;
    const content = { ...data.content, ...rest };
    // What JSON Schema cannot hold (a repeated key, a condition without a field) stops the save, in words.
    const blocking = editorProblems(content, formDraft).blocking;
    if (blocking.length) {
      setTab('form');
      message.error(t('editor.blocked', { what: blocking.map((p) => pick(p.zh, p.en)).join('；') }));
      return undefined;
    }
    return { ...content, form: draftToForm(formDraft) };
  };
  const changeTab = (key: string) => {
    if (tab === 'advanced' && !advanced.apply()) return;
    if (key === 'advanced') advanced.open();
    setTab(key);
  };
  const save = async () => {
    const content = await collect();
    if (!content) return false;
    try {
      const r = await put<{ revision: number; problems: Problem[] }>(`/api/admin/catalogue/versions/${data.id}`, { revision: data.revision, content });
      setProblems(r.problems);
      message.success(t('admin.saved'));
      reload();
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  };
  const act = (action: 'submit' | 'publish' | 'reject' | 'retire') => async () => {
    if (action === 'submit' && !(await save())) return;
    try {
      await post(`/api/admin/catalogue/versions/${data.id}/${action}`, {});
      message.success(t(`admin.${action}`));
      reload();
    } catch (e) {
      showError(e);
    }
  };
  const confirm = (action: 'publish' | 'retire') => () =>
    modal.confirm({ title: t(`admin.${action}`), content: pick(`确定${t(`admin.${action}`)} v${data.versionNo}？`, `${t(`admin.${action}`)} v${data.versionNo}?`), onOk: act(action) });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to={`/admin/catalogue/${data.implId}`}>{data.content.mainName}</Link>
            <span>v{data.versionNo}</span>
            <Tag color={STATUS[data.status].color}>{pick(STATUS[data.status].zh, STATUS[data.status].en)}</Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {data.abilities.edit && <Button onClick={() => void save()}>{t('admin.save')}</Button>}
            {data.abilities.submit && (
              <Button type="primary" onClick={() => void act('submit')()}>
                {t('admin.submit')}
              </Button>
            )}
            {data.abilities.reject && <Button onClick={() => void act('reject')()}>{t('admin.reject')}</Button>}
            {data.abilities.publish && (
              <Button type="primary" onClick={confirm('publish')}>
                {t('admin.publish')}
              </Button>
            )}
            {data.abilities.retire && (
              <Button danger onClick={confirm('retire')}>
                {t('admin.retire')}
              </Button>
            )}
          </Space>
        }
      >
        {stale && <Alert type="warning" showIcon message={t('admin.stale')} action={<Button onClick={reload}>{t('admin.reload')}</Button>} style={{ marginBottom: 12 }} />}
        {data.status === 'in_review' && data.abilities.reject && !data.abilities.publish && (
          // 四眼原则 (issue 8 finding 16): the caller may publish in this scope but authored this version.
          <Alert
            type="info"
            showIcon
            message={pick('四眼原则：您起草或修改过该版本，须由另一位事项管理员审核发布', 'Four-eyes principle: you drafted or edited this version, so another catalogue administrator must publish it')}
            style={{ marginBottom: 12 }}
          />
        )}
        <Card size="small" type="inner" title={t('admin.problems')} style={{ marginBottom: 12 }}>
          {shown.length === 0 ? (
            <Typography.Text type="success">{t('admin.noProblems')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={shown}
              renderItem={(p) => (
                <List.Item>
                  <Space>
                    <Tag color={p.severity === 'error' ? 'red' : 'orange'}>{p.severity === 'error' ? pick('须修改', 'Must fix') : pick('建议', 'Advice')}</Tag>
                    <span>{pick(p.zh, p.en)}</span>
                    {p.path && <Typography.Text type="secondary">{fieldWords(p.path, pick)}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
        {/* A div, not a <form>: the live preview draws the applicant's form (its own <form>) inside. */}
        <Form form={form} layout="vertical" disabled={!editable} component="div">
          <Tabs
            activeKey={tab}
            onChange={changeTab}
            items={[
              {
                key: 'basic',
                label: t('admin.basics'),
                children: (
                  <Row gutter={16}>
                    <Col xs={24} md={12}><Form.Item name="mainName" label={pick('主项名称', 'Main name')} rules={[{ required: true }]}><Input /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name="subName" label={pick('子项名称', 'Sub-item name')}><Input /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name="mainNameEn" label={pick('主项英文名称（选填）', 'Main name in English (optional)')}><Input maxLength={200} /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name="subNameEn" label={pick('子项英文名称（选填）', 'Sub-item name in English (optional)')}><Input maxLength={200} /></Form.Item></Col>
                    <Col xs={24} md={8}><Form.Item name="itemType" label={t('item.type')}><Select options={ITEM_TYPES.map((k) => ({ value: k, label: pick(ITEM_TYPE[k].zh, ITEM_TYPE[k].en) }))} /></Form.Item></Col>
                    <Col xs={24} md={8}><Form.Item name="baseCode" label={t('item.baseCode')}><Input /></Form.Item></Col>
                    <Col xs={24} md={8}><Form.Item name="category" label={pick('窗口类别', 'Window category')}><Input /></Form.Item></Col>
                    <Col xs={12} md={6}><Form.Item name="legalLimitDays" label={`${t('item.legal')}（${pick('工作日', 'working days')}）`}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
                    <Col xs={12} md={6}><Form.Item name="promisedLimitDays" label={`${t('item.promised')}（${pick('工作日', 'working days')}）`}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
                    <Col xs={12} md={6}><Form.Item name="caseKind" label={t('item.caseKind')}><Select options={opts(CASE_KIND)} /></Form.Item></Col>
                    <Col xs={12} md={6}><Form.Item name="onlineDepth" label={t('item.depth')}><Select options={([1, 2, 3, 4] as const).map((d) => ({ value: d, label: pick(DEPTH[d].zh, DEPTH[d].en) }))} /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name="handlingForms" label={t('item.forms')}><Checkbox.Group options={opts(FORM)} /></Form.Item></Col>
                    <Col xs={12} md={4}><Form.Item name="trips" label={t('item.trips')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item></Col>
                    <Col xs={12} md={4}><Form.Item name="acceptsPost" label={t('item.post')} valuePropName="checked"><Switch /></Form.Item></Col>
                    <Col xs={24} md={4}><Form.Item name="serviceScope" label={t('item.scope')}><Select options={opts(SCOPE)} /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name="applicantTypes" label={pick('服务对象', 'Applicants')}><Checkbox.Group options={[{ value: 'natural_person', label: pick('自然人', 'Natural person') }, { value: 'legal_person', label: pick('法人', 'Legal person') }]} /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name="topics" label={pick('主题', 'Topics')}><Select mode="tags" /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name="place" label={t('item.place')}><Input /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name="hours" label={t('item.hours')}><Input /></Form.Item></Col>
                    <Col xs={12} md={6}><Form.Item name="consultPhone" label={t('item.consultPhone')}><Input /></Form.Item></Col>
                    <Col xs={12} md={6}><Form.Item name="complaintPhone" label={t('item.complaintPhone')}><Input /></Form.Item></Col>
                    <Col xs={24} md={12}><Form.Item name="resultName" label={t('item.result')}><Input /></Form.Item></Col>
                    <Col xs={24}><Form.Item name="conditions" label={t('item.conditions')}><Input.TextArea rows={2} /></Form.Item></Col>
                    <Col xs={24}>
                      <ListEditor name="basis" title={t('guide.basis')} columns={[{ key: 'law', label: pick('法律法规', 'Law'), span: 14 }, { key: 'article', label: pick('条款', 'Article'), span: 8 }]} blank={{ law: '', article: '' }} />
                    </Col>
                  </Row>
                ),
              },
              {
                key: 'materials',
                label: t('guide.materials'),
                children: (
                  <ListEditor
                    name="materials"
                    title={t('guide.materials')}
                    blank={{ id: `m-${Date.now().toString(36)}`, name: '', source: 'applicant', form: 'original', copies: 1, required: true, key: false, gapAllowed: false, basis: { law: '', article: '' } }}
                    columns={[
                      { key: 'id', label: pick('编号', 'Id'), span: 3 },
                      { key: 'name', label: t('guide.materialName'), span: 6 },
                      { key: 'form', label: t('guide.materialForm'), span: 3, options: opts(MATERIAL_FORM) },
                      { key: 'source', label: t('guide.source'), span: 3, options: opts(SOURCE) },
                      { key: 'copies', label: t('guide.copies'), span: 2, number: true },
                      { key: ['basis', 'law'], label: t('guide.basis'), span: 4 },
                      { key: ['basis', 'article'], label: pick('条款', 'Article'), span: 2 },
                      { key: 'required', label: t('guide.required'), span: 2, bool: true },
                      { key: 'key', label: pick('关键', 'Key'), span: 2, bool: true },
                      { key: 'gapAllowed', label: t('guide.gap'), span: 2, bool: true },
                      { key: 'commitmentAllowed', label: t('guide.commitment'), span: 2, bool: true },
                      { key: 'licenceType', label: pick('电子证照', 'E-licence'), span: 3 },
                      { key: 'sharedDataSource', label: pick('共享数据', 'Shared data'), span: 3 },
                      { key: 'situationOptionIds', label: t('guide.appliesWhen'), span: 4, options: optionLabels, multiple: true },
                      { key: 'requirements', label: pick('要求', 'Requirements'), span: 6 },
                    ]}
                  />
                ),
              },
              {
                key: 'flow',
                label: t('guide.flow'),
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <FlowChart steps={(flow ?? []).filter(Boolean)} />
                    <ListEditor
                      name="flow"
                      title={t('guide.flow')}
                      blank={{ id: `s-${Date.now().toString(36)}`, name: '', role: 'approver_handle', limitDays: 1 }}
                      columns={[
                        { key: 'id', label: pick('编号', 'Id'), span: 3 },
                        { key: 'name', label: pick('环节名称', 'Step'), span: 5 },
                        { key: 'role', label: pick('办理角色', 'Role'), span: 4, options: opts(ROLE) },
                        { key: 'limitDays', label: pick('时限', 'Days'), span: 3, number: true },
                        { key: 'decision', label: pick('决定环节', 'Decision'), span: 3, bool: true },
                        { key: 'department', label: pick('部门', 'Department'), span: 4 },
                      ]}
                    />
                  </Space>
                ),
              },
              {
                key: 'fees',
                label: t('guide.fees'),
                children: (
                  <ListEditor
                    name="fees"
                    title={t('guide.fees')}
                    blank={{ name: '', standard: '', basis: { law: '', article: '' }, onlinePayment: false }}
                    columns={[
                      { key: 'name', label: t('guide.feeName'), span: 5 },
                      { key: 'standard', label: t('guide.feeStandard'), span: 5 },
                      { key: 'amountFen', label: pick('金额（分）', 'Amount (fen)'), span: 3, number: true },
                      { key: ['basis', 'law'], label: t('guide.basis'), span: 5 },
                      { key: ['basis', 'article'], label: pick('条款', 'Article'), span: 3 },
                      { key: 'onlinePayment', label: t('guide.onlinePay'), span: 2, bool: true },
                      { key: 'situationOptionIds', label: t('guide.appliesWhen'), span: 4, options: optionLabels, multiple: true },
                    ]}
                  />
                ),
              },
              {
                key: 'situations',
                label: t('editor.situations'),
                children: <SituationsEditor form={form} problems={live.rules} />,
              },
              {
                key: 'form',
                label: t('editor.formTab'),
                children: <FormEditor form={form} problems={live.form} />,
              },
              {
                key: 'procedures',
                label: t('editor.procedures'),
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Typography.Text type="secondary">{t('editor.proceduresHint')}</Typography.Text>
                    <ListEditor
                      name="specialProcedures"
                      title={t('editor.procedures')}
                      blank={{ name: '', timeNeeded: '', basis: { law: '', article: '' }, countedInLimit: false }}
                      errorsOf={(i) => <InlineErrors problems={problemsAt(live.rules, `specialProcedures[${i}]`)} />}
                      columns={[
                        { key: 'name', label: t('editor.procedureName'), span: 5 },
                        { key: 'timeNeeded', label: t('editor.procedureTime'), span: 5 },
                        { key: ['basis', 'law'], label: t('editor.law'), span: 6 },
                        { key: ['basis', 'article'], label: t('editor.article'), span: 3 },
                        { key: 'countedInLimit', label: t('editor.countedInLimit'), span: 3, bool: true },
                      ]}
                    />
                  </Space>
                ),
              },
              {
                key: 'advanced',
                label: t('admin.advanced'),
                children: advanced.view,
              },
            ]}
          />
        </Form>
      </Card>
    </Space>
  );
}
