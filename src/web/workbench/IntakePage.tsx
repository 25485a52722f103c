import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Result, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Material } from '../../core/catalogue/types.js';
import { ApiError, api, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { CaseView, Guide, ItemSummary } from '../shared/types.js';
import { CorrectionDialog } from './case-dialogs.js';
import { FeeChargeFields, feeForAnswers, withChargeInFen } from './fee-charge.js';
import { situationProblems } from '../../core/forms/index.js';
import { applicableTo, chosenOptionIds } from '../../core/catalogue/situations.js';
import { ApplicationForm, prefilled, serverErrors, toSubmit, SituationQuestions, type ApplicationFormHandle } from '../shared/ApplicationForm.js';
import { MaterialPicker, useLibraryOffers, type LibraryEntry } from '../shared/MaterialPicker.js';
import { findSource, purposeOf } from '../../core/data-sharing/directory.js';
import type { LicencePayload, LicenceType } from '../../core/licences/types.js';

const NO_MATERIALS: Material[] = [];
import { BundleIntake } from '../bundles/BundleIntake.js';
import { AssistAuthorisationCard, type AssistAuthorisation } from '../hall/AssistAuthorisation.js';

type Check = 'received' | 'verified' | 'missing';
interface Person {
  id: string;
  kind: 'natural_person' | 'legal_person';
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  registered: boolean;
}

/** 窗口受理: find or register the applicant, pick the item, tick the checklist, then accept / 容缺 / 一次性告知. */
export function IntakePage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [person, setPerson] = useState<Person>();
  // 单项受理 or 一件事 (one application for several members).
  const [mode, setMode] = useState<'item' | 'bundle'>('item');
  const [needName, setNeedName] = useState(false);
  // 帮办代办 (ADR 0037): filing on the person's behalf needs their recorded authorisation.
  const [assist, setAssist] = useState<{ assisted: boolean; authorisation?: AssistAuthorisation }>({ assisted: false });
  const [q, setQ] = useState('');
  const [implId, setImplId] = useState<string>();
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const [gapDue, setGapDue] = useState<string>();
  const [done, setDone] = useState<CaseView>();
  // 一次性告知 opens the dialog (a reason per material and free text) once the case is registered.
  const [correcting, setCorrecting] = useState<CaseView>();
  const [idemKey] = useState(() => crypto.randomUUID());
  // 申请表 of a walk-in application: the same form and validation as online (src/core/forms).
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [formErrors, setFormErrors] = useState<ReturnType<typeof serverErrors>>();
  const formRef = useRef<ApplicationFormHandle>(null);
  // 收费 of a 即办 item (ADR 0048): the clerk confirms the amount charged, sent with 当场办结.
  const [feeForm] = Form.useForm();
  const items = useApi<{ items: ItemSummary[] }>(`/api/catalogue/items?pageSize=100${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  const guide = useApi<Guide>(implId ? `/api/catalogue/items/${implId}` : null);
  // 我的材料 of the applicant in front of the clerk: a chosen entry counts as received and is recorded as the clerk's choice.
  const { offers } = useLibraryOffers(person && !person.registered ? `/api/workbench/applicants/${person.id}/materials` : null, guide.data?.implId, guide.data?.content.materials ?? NO_MATERIALS);
  const [fromLibrary, setFromLibrary] = useState<Record<string, LibraryEntry>>({});
  // 免证办 at the window: the identifier of a licence the applicant shows (its QR code), or a data read the applicant agrees to.
  const [licenceIds, setLicenceIds] = useState<Record<string, string>>({});
  const [dataUses, setDataUses] = useState<string[]>([]);
  // Only a licence type the catalogue has can stand in for a material.
  const licenceTypes = useApi<{ types: LicenceType[] }>('/api/licence-types');
  const typeNames = new Set((licenceTypes.data?.types ?? []).flatMap((t) => [t.code, t.name]));
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  // 叫号受理: from the window desk with ?ticket=…, the applicant is pre-filled from the ID number or credit code given at the kiosk.
  const [params] = useSearchParams();
  const ticketId = params.get('ticket');

  const lookup = (v: { code: string; name?: string }) => {
    const code = v.code.trim().toUpperCase();
    const body = code.length === 18 && /^\d{17}[\dX]$/.test(code) && !/[A-WYZ]/.test(code) ? { idNumber: code, ...(v.name ? { name: v.name } : {}) } : { creditCode: code, ...(v.name ? { name: v.name } : {}) };
    post<Person>('/api/workbench/applicants/lookup', body)
      .then((p) => {
        setPerson(p);
        setAssist((a) => ({ assisted: a.assisted }));
        setNeedName(false);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) setNeedName(true);
        else fail(e);
      });
  };
  useEffect(() => {
    if (!ticketId) return;
    void api<{ idNumber: string | null; creditCode: string | null }>('GET', `/api/hall/tickets/${ticketId}/applicant`)
      .then((t) => {
        const code = t.idNumber ?? t.creditCode;
        if (code) lookup({ code });
      })
      .catch(() => undefined);
  }, [ticketId]);
  // The checklist shows the materials of the chosen situations only (情形引导), as the case pins them.
  const materials: Material[] = applicableTo(guide.data?.content.materials ?? [], chosenOptionIds(answers));
  const byLicence = materials.filter((m) => m.licenceType && typeNames.has(m.licenceType) && licenceIds[m.id]?.trim());
  const byData = materials.filter((m) => m.dataFulfilment && dataUses.includes(m.id) && !byLicence.includes(m));
  const fulfilledHere = new Set([...byLicence, ...byData].map((m) => m.id));
  const missing = materials.filter((m) => checks[m.id] === 'missing' && !fulfilledHere.has(m.id));
  const libraryUses = Object.entries(fromLibrary).filter(([id]) => materials.some((m) => m.id === id));
  const spotFee = guide.data?.caseKind === 'on_the_spot' ? feeForAnswers(guide.data.content.fees, answers) : undefined;
  const run = async (kind: 'accept' | 'gaps' | 'notice' | 'spot') => {
    if (!person || !guide.data) return;
    if (assist.assisted && !assist.authorisation?.confirmed) {
      message.error(pick('帮办代办须先取得申请人授权（委托书或短信确认）', 'Assisted filing needs the person’s authorisation first (letter or SMS)'));
      return;
    }
    if (situationProblems(guide.data.content, answers).length > 0 || formRef.current?.validateForm() === false) {
      message.error(pick('请先完整、正确填写申请表', 'Complete the application form first'));
      return;
    }
    // The amount charged is confirmed before the case is filed: a 即办 is filed and decided in one go.
    const charge = kind === 'spot' && spotFee ? await feeForm.validateFields().then((v: Record<string, unknown>) => withChargeInFen(v), () => null) : {};
    if (!charge) return;
    try {
      const filled = toSubmit(guide.data.content.form, { kind: person.kind, name: person.name }, formData);
      const c = await api<CaseView>('POST', '/api/cases', { implId: guide.data.implId, formData: filled, situationAnswers: answers, materials: [], applicantId: person.id, ...(assist.assisted && assist.authorisation ? { assistAuthorisationId: assist.authorisation.id } : {}), ...(byLicence.length ? { licences: byLicence.map((m) => ({ materialId: m.id, identifier: (licenceIds[m.id] ?? '').trim() })) } : {}), ...(byData.length ? { dataUses: byData.map((m) => ({ materialId: m.id, purpose: m.dataFulfilment?.purpose })) } : {}), ...(libraryUses.length ? { fromLibrary: libraryUses.map(([materialId, e]) => ({ materialId, libraryId: e.id })) } : {}) }, { 'idempotency-key': idemKey });
      if (ticketId) await post(`/api/hall/tickets/${ticketId}/cases`, { caseId: c.id }).catch(() => undefined);
      if (kind === 'notice') {
        setCorrecting(c);
        return;
      }
      // The clerk's checklist goes with the intake decision and is recorded on the timeline (issue 9 item 1).
      // A material the licence or the data read fulfilled is satisfied on the case (checklist.fulfilledBy): nothing to receive.
      const received = c.checklist.filter((m) => !m.fulfilledBy && (checks[m.id] === 'received' || checks[m.id] === 'verified')).map((m) => ({ materialId: m.id, originalSeen: checks[m.id] === 'verified' }));
      const body =
        kind === 'accept'
          ? { type: 'accept', received }
          : kind === 'spot'
            ? { type: 'complete_on_the_spot', received, ...charge }
            : { type: 'accept_with_gaps', received, owed: missing.map((m) => ({ materialId: m.id, dueDate: gapDue })) };
      setDone(await post<CaseView>(`/api/cases/${c.id}/actions`, body));
    } catch (e) {
      fail(e);
      if (e instanceof ApiError) setFormErrors(serverErrors(e.body.details, pick));
    }
  };

  if (correcting && !done) {
    return (
      <CorrectionDialog
        c={correcting}
        initial={missing.map((m) => m.id).filter((id) => correcting.checklist.some((x) => x.id === id))}
        onCancel={() => setCorrecting(undefined)}
        onSubmit={(body) => void post<CaseView>(`/api/cases/${correcting.id}/actions`, body).then(setDone).catch(fail)}
      />
    );
  }
  if (done) {
    return (
      <Result
        status="success"
        title={`${done.title}：${pick(done.stateZh, done.stateEn)}`}
        subTitle={`${pick('办件编号', 'Case number')} ${done.caseNo} · ${pick('查询码', 'Query code')} ${done.queryCode}`}
        extra={[
          <a key="n" href={`/api/cases/${done.id}/notices/${done.state === 'correction_requested' ? 'correction' : 'acceptance'}`} target="_blank" rel="noreferrer">
            <Button type="primary">{pick('打印通知书', 'Print the notice')}</Button>
          </a>,
          <Link key="c" to={`/workbench/cases/${done.id}`}>
            <Button>{pick('查看办件', 'Open the case')}</Button>
          </Link>,
          <Button key="r" onClick={() => window.location.reload()}>
            {pick('受理下一件', 'Next applicant')}
          </Button>,
        ]}
      />
    );
  }
  const spot = guide.data?.caseKind === 'on_the_spot';
  const gapOk = missing.length > 0 && missing.every((m) => m.gapAllowed && !m.key);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Segmented
        value={mode}
        onChange={(v) => setMode(v as 'item' | 'bundle')}
        options={[
          { value: 'item', label: pick('单项受理', 'One service') },
          { value: 'bundle', label: pick('一件事受理', 'Life-event bundle') },
        ]}
      />
      <Card title={pick('1. 申请人', '1. Applicant')}>
        <Form layout="inline" onFinish={(v) => lookup(v as { code: string; name?: string })}>
          <Form.Item name="code" label={pick('身份证号 / 统一社会信用代码', 'ID number / credit code')} rules={[{ required: true }]}>
            <Input autoFocus style={{ width: 260 }} />
          </Form.Item>
          {needName && (
            <Form.Item name="name" label={pick('姓名 / 名称（新登记）', 'Name (new applicant)')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          )}
          <Button htmlType="submit" type="primary">{needName ? pick('登记', 'Register') : pick('查找', 'Find')}</Button>
        </Form>
        {needName && <Alert style={{ marginTop: 8 }} type="info" showIcon message={pick('未找到该申请人，请填写姓名后登记', 'Not found: enter the name to register')} />}
        {person && (
          <Typography.Paragraph style={{ marginTop: 12 }}>
            <Tag color="green">{person.registered ? pick('新登记', 'Registered') : pick('已找到', 'Found')}</Tag> {person.name} {person.idNumber ?? person.creditCode}
          </Typography.Paragraph>
        )}
      </Card>
      <AssistAuthorisationCard person={person} value={assist} onChange={setAssist} />
      {mode === 'bundle' && <BundleIntake person={person} assist={assist} />}
      {mode === 'item' && <Card title={pick('2. 事项（名称、编码或拼音首字母）', '2. Service (name, code or pinyin initials)')}>
        <Select
          showSearch
          aria-label={pick('选择事项', 'Choose the service')}
          style={{ width: '100%', maxWidth: 640 }}
          filterOption={false}
          onSearch={setQ}
          onChange={(v: string) => {
            setImplId(v);
            setChecks({});
            setLicenceIds({});
            setDataUses([]);
            setAnswers({});
            setFormData({});
          }}
          placeholder={pick('输入事项名称、编码或拼音首字母，如 gtgsh', 'Type a name, code or pinyin initials, e.g. gtgsh')}
          options={(items.data?.items ?? []).map((i) => ({ value: i.implId, label: `${i.name}（${i.orgName}）` }))}
        />
      </Card>}
      {mode === 'item' && guide.data && (
        <Card title={pick('3. 申请表', '3. Application form')}>
          <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 640 }}>
            <SituationQuestions situations={guide.data.content.situations} value={answers} onChange={setAnswers} />
            <ApplicationForm
              ref={formRef}
              form={guide.data.content.form}
              situationAnswers={answers}
              value={person ? prefilled(guide.data.content.form, { kind: person.kind, name: person.name, idNumber: person.idNumber, creditCode: person.creditCode }, formData) : formData}
              {...(person ? { profile: { kind: person.kind, name: person.name, idNumber: person.idNumber, creditCode: person.creditCode } } : {})}
              extraErrors={formErrors}
              onChange={(v) => {
                setFormData(v);
                setFormErrors(undefined);
              }}
            />
          </Space>
        </Card>
      )}
      {mode === 'item' && guide.data && (
        <Card title={pick('4. 材料核验', '4. Materials checklist')}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={materials}
            scroll={{ x: 700 }}
            columns={[
              { title: pick('材料', 'Material'), render: (_v, m: Material) => <Space direction="vertical" size={0}><span>{m.name}</span><Space size={4}>{m.key && <Tag color="red">{pick('关键', 'Key')}</Tag>}{m.gapAllowed && <Tag color="purple">{pick('可容缺', 'May be owed')}</Tag>}{!m.required && <Tag>{pick('非必要', 'Optional')}</Tag>}</Space></Space> },
              {
                title: pick('核验', 'Check'),
                width: 300,
                render: (_v, m: Material) => (
                  <Space direction="vertical" size={4}>
                  {fulfilledHere.has(m.id) ? (
                    <Tag color="green">{byLicence.includes(m) ? pick('以电子证照代替：受理时核验，免收取', 'Replaced by an e-licence: verified on filing, not collected') : pick('以共享数据代替：受理时调取，免收取', 'Replaced by shared data: read on filing, not collected')}</Tag>
                  ) : (
                  <Checkbox.Group
                    value={checks[m.id] ? [checks[m.id]] : []}
                    onChange={(v) => setChecks({ ...checks, [m.id]: (v.at(-1) as Check | undefined) ?? 'received' })}
                    options={[
                      { value: 'received', label: pick('已收', 'Received') },
                      { value: 'verified', label: pick('原件已核', 'Original seen') },
                      { value: 'missing', label: pick('缺少', 'Missing') },
                    ]}
                  />
                  )}
                  {m.licenceType && typeNames.has(m.licenceType) && (
                    <Input
                      allowClear
                      size="small"
                      style={{ width: 280 }}
                      aria-label={pick(`${m.name}：电子证照标识`, `${m.name}: e-licence identifier`)}
                      placeholder={pick(`扫描申请人出示的${m.licenceType}二维码或输入证照标识`, `Scan the applicant's ${m.licenceType} QR code or type its identifier`)}
                      value={licenceIds[m.id] ?? ''}
                      onChange={(e) => setLicenceIds((x) => ({ ...x, [m.id]: identifierFrom(e.target.value) }))}
                    />
                  )}
                  {m.licenceType && licenceIds[m.id] && <ShownLicence identifier={licenceIds[m.id] ?? ''} expectedType={m.licenceType} />}
                  {m.dataFulfilment && <WindowDataUse m={m} checked={dataUses.includes(m.id)} onChange={(on) => setDataUses((x) => (on ? [...x, m.id] : x.filter((y) => y !== m.id)))} />}
                  <MaterialPicker
                    materialName={m.name}
                    offers={offers[m.id] ?? []}
                    value={fromLibrary[m.id]}
                    onChange={(e) => {
                      setFromLibrary(({ [m.id]: _old, ...rest }) => (e ? { ...rest, [m.id]: e } : rest));
                      if (e) setChecks((x) => ({ ...x, [m.id]: 'received' }));
                    }}
                  />
                  </Space>
                ),
              },
            ]}
          />
          {spot && spotFee && (
            <Form form={feeForm} layout="vertical" style={{ marginTop: 16, maxWidth: 640 }}>
              {/* Remounted when the item or the situations change the catalogue amount: the charge is prefilled anew. */}
              <FeeChargeFields key={`${implId ?? ''}:${String(spotFee.catalogueFen)}`} fee={spotFee} />
            </Form>
          )}
          <Space wrap style={{ marginTop: 16 }}>
            {spot ? (
              <Button type="primary" disabled={!person || missing.length > 0} onClick={() => void run('spot')}>{pick('当场办结（即办件）', 'Complete on the spot')}</Button>
            ) : (
              <>
                <Button type="primary" disabled={!person || missing.length > 0} onClick={() => void run('accept')}>{pick('受理', 'Accept')}</Button>
                <DatePicker aria-label={pick('容缺补交期限', 'Owed by')} onChange={(d) => setGapDue(d ? d.format('YYYY-MM-DD') : undefined)} placeholder={pick('容缺补交期限', 'Owed by')} disabled={!gapOk} />
                <Button disabled={!person || !gapOk || !gapDue} onClick={() => void run('gaps')}>{pick('容缺受理', 'Accept with gaps')}</Button>
              </>
            )}
            <Button danger disabled={!person || missing.length === 0} onClick={() => void run('notice')}>{pick(`一次性告知补正（${missing.length}项）`, `One-time correction notice (${missing.length})`)}</Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {pick('窗口无否决权：不予受理须由部门审批人员决定。', 'The window has no veto: refusal is decided by the department’s approver.')}
          </Typography.Paragraph>
        </Card>
      )}
    </Space>
  );
}

/** The identifier in what a QR scanner typed (the verification page's URL `…/licences/verify?id=…`) or the identifier itself. */
function identifierFrom(text: string): string {
  const inUrl = /[?&]id=([^&#\s]+)/.exec(text);
  return (inUrl?.[1] ? decodeURIComponent(inUrl[1]) : text).trim();
}

/** A licence checked at the window before filing: its public verification (type, version, holder masked, status, SM2 signature). */
function ShownLicence({ identifier, expectedType }: { identifier: string; expectedType: string }) {
  const { pick } = useI18n();
  const complete = /^1\.2\.156\.3005\.2\.[0-9A-Z]+\.[0-9A-Z]{18}\.\d+\.\d+\.[0-9A-Z]$/.test(identifier);
  const { data, error } = useApi<{ status: string; statusZh: string; statusEn: string; signatureValid: boolean; historyValid: boolean; payload: LicencePayload }>(complete ? `/api/public/licences/${encodeURIComponent(identifier)}` : null);
  if (!complete) return <Typography.Text type="secondary">{pick('证照标识不完整', 'Incomplete identifier')}</Typography.Text>;
  if (error) return <Tag color="red">{pick(error.body.message, error.body.messageEn)}</Tag>;
  if (!data) return null;
  const p = data.payload;
  const ok = data.status === 'valid' && data.signatureValid && data.historyValid && (p.type.name === expectedType || p.type.code === expectedType);
  return (
    <div data-testid="window-licence">
      <Tag color={ok ? 'green' : 'red'}>{ok ? pick('已核验：SM2签名有效、证照有效', 'Verified: SM2 signature and licence valid') : pick(`核验未通过：${data.statusZh}${p.type.name === expectedType || p.type.code === expectedType ? '' : `，不是${expectedType}`}`, `Not verified: ${data.statusEn}`)}</Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {pick(`${p.type.name} 第 ${p.version} 版 · 持证：${p.holder.name} · ${p.issuer.name}`, `${p.type.name} v${p.version} · holder ${p.holder.name} · ${p.issuer.name}`)}
      </Typography.Text>
    </div>
  );
}

/** At the window the applicant agrees, in person, to a read of their data for the material's purpose (named: consent to that purpose only). */
function WindowDataUse({ m, checked, onChange }: { m: Material; checked: boolean; onChange: (on: boolean) => void }) {
  const { pick } = useI18n();
  const source = m.dataFulfilment ? findSource(m.dataFulfilment.source) : undefined;
  const purpose = m.dataFulfilment ? purposeOf(m.dataFulfilment.purpose) : undefined;
  if (!source || !purpose) return null;
  return (
    <Checkbox checked={checked} onChange={(e) => onChange(e.target.checked)} aria-label={pick(`以${source.name}代替${m.name}`, `Use ${source.nameEn} instead of ${m.name}`)}>
      {pick(`申请人同意由${source.owner.name}提供${source.name}（用途：${purpose.name}）`, `The applicant agrees: ${source.owner.nameEn} provides the ${source.nameEn} (purpose: ${purpose.nameEn})`)}
    </Checkbox>
  );
}
