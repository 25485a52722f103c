import { Alert, App, Button, Card, Checkbox, Radio, Result, Select, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api, get, post } from '../shared/api.js';
import { ApplicationForm, prefilled, serverErrors, toSubmit, type ApplicationFormHandle, type Profile } from '../shared/ApplicationForm.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { CaseView } from '../shared/types.js';
import type { BundleCaseView, BundleGuide, BundleSummary } from './types.js';
import type { AssistAuthorisation } from '../hall/AssistAuthorisation.js';

type Check = 'received' | 'verified' | 'missing';
type Material = BundleGuide['materials'][number];
export interface IntakePerson {
  id: string;
  kind: 'natural_person' | 'legal_person';
  name: string;
  idNumber: string | null;
  creditCode: string | null;
}

/**
 * 一窗受理 of a bundle: the clerk chooses the bundle and the applicant's situation, fills the one form,
 * checks the de-duplicated paper materials once, and takes it in — the members that can start are
 * accepted at once with what was checked; a missing material goes into one 一次性告知 for every member
 * it serves.
 */
export function BundleIntake({ person, assist }: { person: IntakePerson | undefined; assist?: { assisted: boolean; authorisation?: AssistAuthorisation } }) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [bundleId, setBundleId] = useState<string>();
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [formErrors, setFormErrors] = useState<ReturnType<typeof serverErrors>>();
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<BundleCaseView>();
  const [idemKey] = useState(() => crypto.randomUUID());
  const formRef = useRef<ApplicationFormHandle>(null);
  const list = useApi<{ bundles: BundleSummary[] }>('/api/public/bundles');
  const query = Object.entries(choice).map(([q, o]) => `choose=${encodeURIComponent(`${q}:${o}`)}`).join('&');
  const { data: g } = useApi<BundleGuide>(bundleId ? `/api/public/bundles/${bundleId}${query ? `?${query}` : ''}` : null);
  const profile: Profile | undefined = person ? { kind: person.kind, name: person.name, idNumber: person.idNumber, creditCode: person.creditCode } : undefined;
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const missing = (g?.materials ?? []).filter((m) => checks[m.code] === 'missing');
  const unchecked = (g?.materials ?? []).filter((m) => m.required && !checks[m.code]);

  const takeIn = async () => {
    if (!person || !g) return;
    // 帮办代办 (ADR 0041): the bundle is filed with the person's recorded authorisation, as a single item is.
    if (assist?.assisted && !assist.authorisation?.confirmed) {
      message.error(pick('帮办代办须先取得申请人授权（委托书或短信确认）', 'Assisted filing needs the person’s authorisation first (letter or SMS)'));
      return;
    }
    if (formRef.current?.validateForm() === false) {
      message.error(pick('请先完整、正确填写申请表', 'Complete the application form first'));
      return;
    }
    setBusy(true);
    try {
      const b = await api<BundleCaseView>('POST', '/api/bundle-cases', { bundleId: g.bundleId, answers: g.answers, formData: toSubmit(g.form, profile, formData), materials: [], applicantId: person.id, ...(assist?.assisted ? { assisted: true, ...(assist.authorisation ? { assistAuthorisationId: assist.authorisation.id } : {}) } : {}) }, { 'idempotency-key': idemKey });
      // Paper checked once at the window serves every member that needs it.
      const codeOf = new Map<string, string>();
      for (const m of g.materials) for (const s of m.serves) codeOf.set(`${s.memberKey}:${s.materialId}`, m.code);
      const started = b.members.filter((m) => m.caseId);
      if (missing.length) {
        for (const m of started) {
          for (const x of g.materials.filter((mm) => checks[mm.code] === 'missing')) {
            const s = x.serves.find((y) => y.memberKey === m.key);
            if (s) await post(`/api/bundle-cases/${b.id}/correction/items`, { memberKey: m.key, materialId: s.materialId, reason: `请提交${x.name}` });
          }
        }
        setDone(await post<BundleCaseView>(`/api/bundle-cases/${b.id}/correction/send`, {}));
        return;
      }
      for (const m of started) {
        const c = await get<CaseView>(`/api/cases/${m.caseId ?? ''}`);
        const received = c.checklist
          .filter((x) => {
            const check = checks[codeOf.get(`${m.key}:${x.id}`) ?? ''];
            return check === 'received' || check === 'verified';
          })
          .map((x) => ({ materialId: x.id, originalSeen: checks[codeOf.get(`${m.key}:${x.id}`) ?? ''] === 'verified' }));
        await post(`/api/cases/${c.id}/actions`, { type: 'accept', received });
      }
      setDone(await get<BundleCaseView>(`/api/bundle-cases/${b.id}`));
    } catch (e) {
      fail(e);
      if (e instanceof ApiError) setFormErrors(serverErrors(e.body.details, pick));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Result
        status="success"
        title={pick(`${done.title}“一件事”已受理：${done.stateZh}`, `${done.title}: ${done.stateEn}`)}
        subTitle={pick(`一件事编号 ${done.caseNo} · ${done.members.filter((m) => m.caseId).length}个事项已推送部门并联办理`, `Bundle ${done.caseNo} · ${done.members.filter((m) => m.caseId).length} members sent to their departments`)}
        extra={[
          <Link key="b" to={`/workbench/bundles/${done.id}`}>
            <Button type="primary">{pick('查看一件事', 'Open the bundle')}</Button>
          </Link>,
          <Button key="r" onClick={() => window.location.reload()}>
            {pick('受理下一件', 'Next applicant')}
          </Button>,
        ]}
      />
    );
  }
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={pick('2. 一件事', '2. Life-event bundle')}>
        <Select
          aria-label={pick('选择一件事', 'Choose the bundle')}
          style={{ width: '100%', maxWidth: 640 }}
          value={bundleId}
          onChange={(v: string) => {
            setBundleId(v);
            setChoice({});
            setFormData({});
            setChecks({});
          }}
          placeholder={pick('选择一件事，如 新生儿出生', 'Choose a bundle')}
          options={(list.data?.bundles ?? []).map((b) => ({ value: b.bundleId, label: `${b.name}（${pick(`${b.memberCount}个事项`, `${b.memberCount} items`)}）` }))}
        />
        {g && (
          <Space direction="vertical" size={12} style={{ width: '100%', marginTop: 16 }}>
            {g.questions.map((q) => (
              <div key={q.id}>
                <Typography.Text strong id={`biq-${q.id}`}>{q.question}</Typography.Text>
                <div>
                  <Radio.Group aria-labelledby={`biq-${q.id}`} value={g.answers[q.id]?.[0]} onChange={(e) => setChoice({ ...choice, [q.id]: String(e.target.value) })} options={q.options.map((o) => ({ value: o.id, label: o.label }))} />
                </div>
              </div>
            ))}
            <Space size={[4, 4]} wrap>
              {g.members.filter((m) => m.applies).map((m) => (
                <Tag key={m.key} color="blue">{`${m.name}（${m.department}）`}</Tag>
              ))}
            </Space>
          </Space>
        )}
      </Card>
      {g && (
        <Card title={pick(`3. 一表申请（${g.fields.length}项）`, `3. One form (${g.fields.length} fields)`)}>
          <div style={{ maxWidth: 640 }}>
            <ApplicationForm
              ref={formRef}
              form={g.form}
              situationAnswers={{}}
              value={profile ? prefilled(g.form, profile, formData) : formData}
              {...(profile ? { profile } : {})}
              extraErrors={formErrors}
              onChange={(v) => {
                setFormData(v);
                setFormErrors(undefined);
              }}
            />
          </div>
        </Card>
      )}
      {g && (
        <Card title={pick(`4. 材料核验（一次告知 ${g.materials.length}份）`, `4. Materials (${g.materials.length}, each serves every member listed)`)}>
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={g.materials}
            scroll={{ x: 700 }}
            columns={[
              { title: pick('材料', 'Material'), render: (_v, m: Material) => <Space direction="vertical" size={0}><span>{m.name}</span><Space size={[4, 4]} wrap>{m.serves.map((s) => <Tag key={s.memberKey}>{s.name}</Tag>)}</Space></Space> },
              {
                title: pick('核验', 'Check'),
                width: 300,
                render: (_v, m: Material) => (
                  <Checkbox.Group
                    aria-label={`${pick('核验', 'Check')} ${m.name}`}
                    value={checks[m.code] ? [checks[m.code]] : []}
                    onChange={(v) => setChecks({ ...checks, [m.code]: (v.at(-1) as Check | undefined) ?? 'received' })}
                    options={[
                      { value: 'received', label: pick('已收', 'Received') },
                      { value: 'verified', label: pick('原件已核', 'Original seen') },
                      { value: 'missing', label: pick('缺少', 'Missing') },
                    ]}
                  />
                ),
              },
            ]}
          />
          {unchecked.length > 0 && <Alert style={{ marginTop: 12 }} type="info" showIcon message={pick(`还有${unchecked.length}份必要材料未核验`, `${unchecked.length} required material(s) not checked yet`)} />}
          <Space wrap style={{ marginTop: 16 }}>
            <Button type="primary" loading={busy} disabled={!person || missing.length > 0 || unchecked.length > 0} onClick={() => void takeIn()}>
              {pick('受理一件事', 'Take in the bundle')}
            </Button>
            <Button danger loading={busy} disabled={!person || missing.length === 0} onClick={() => void takeIn()}>
              {pick(`一次性告知补正（${missing.length}项）`, `One correction notice (${missing.length})`)}
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}
