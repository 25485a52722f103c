import { NumberOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import { useKiosk } from './kiosk-context.js';

interface KioskItem {
  implId: string;
  title: string;
  titleEn: string | null;
  category: string;
  resultName: string;
  fileable: boolean;
  refusal: { code: string; zh: string; en: string } | null;
}
type Choice = string | number | boolean;
interface Plan {
  implId: string;
  title: string;
  titleEn: string | null;
  resultName: string;
  situations: { id: string; question: string; multiple: boolean; options: { id: string; label: string }[] }[];
  situationsComplete: boolean;
  prefilled: { key: string; title: string; value: string }[];
  choices: { key: string; title: string; required: boolean; options: Choice[] }[];
  materials: { materialId: string; name: string; by: 'licence' | 'library' | 'data' | 'commitment' }[];
  atWindow: { fields: { key: string; title: string }[]; materials: { materialId: string; name: string }[] };
}
interface Receipt {
  caseId: string;
  caseNo: string;
  queryCode: string;
  title: string;
  titleEn: string | null;
  state: string;
  submittedAt: string | null;
  applicant: string;
  materials: Plan['materials'];
}

const BIG = { height: 80, fontSize: 28, minWidth: 240 } as const;
const WAYS: Record<Plan['materials'][number]['by'], [string, string]> = {
  licence: ['电子证照', 'e-licence'],
  library: ['我的材料', 'My materials'],
  data: ['共享数据核验', 'Shared data'],
  commitment: ['告知承诺', 'Written commitment'],
};

/**
 * 即办件 at the kiosk (ADR 0040): pick an on-the-spot item, answer its situations and choices by touch,
 * see what is filled from the identity and how each material is met, confirm, and print the receipt.
 * What needs a keyboard or a scanner is sent to a window with a 取号 button.
 */
export function KioskApplyPage() {
  const { pick } = useI18n();
  const navigate = useNavigate();
  const { identity, setIdentity } = useKiosk();
  const items = useApi<{ kind: string; items: KioskItem[] }>('/api/kiosk/items');
  const me = useApi<{ name: string }>(identity ? null : '/api/kiosk/me');
  const [implId, setImplId] = useState<string>();
  const [receipt, setReceipt] = useState<Receipt>();
  useEffect(() => {
    if (me.data && !identity) setIdentity({ name: me.data.name });
  }, [me.data, identity, setIdentity]);
  useEffect(() => {
    if (items.error?.status === 401) navigate('/kiosk/identify?next=apply', { replace: true });
  }, [items.error, navigate]);

  if (receipt) return <KioskReceipt receipt={receipt} />;
  if (implId) return <KioskApplyItem implId={implId} onBack={() => setImplId(undefined)} onFiled={setReceipt} />;
  if (items.error && items.error.status !== 401) return <Alert type="error" showIcon message={pick(items.error.body.message, items.error.body.messageEn)} />;
  if (!items.data) return <Card loading />;
  const open = items.data.items.filter((i) => i.fileable);
  const closed = items.data.items.filter((i) => !i.fileable);
  return (
    <Space direction="vertical" size={20} style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 34, margin: 0 }}>{pick('请选择要申请的即办事项', 'Choose an on-the-spot item')}</Typography.Title>
      {open.length === 0 && <Card><Empty description={<span style={{ fontSize: 24 }}>{pick('暂无可在自助终端申请的事项', 'No items can be applied for here')}</span>} /></Card>}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))', gap: 16 }}>
        {open.map((i) => (
          <Button key={i.implId} data-testid="kiosk-item" type="primary" ghost onClick={() => setImplId(i.implId)} style={{ height: 120, whiteSpace: 'normal', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', background: '#fff' }}>
            <span style={{ fontSize: 28, fontWeight: 700 }}>{pick(i.title, i.titleEn ?? i.title)}</span>
            <span style={{ fontSize: 18, color: '#595959' }}>{i.category} · {pick('办理结果', 'Result')}：{i.resultName}</span>
          </Button>
        ))}
      </div>
      {closed.length > 0 && (
        <Card title={<span style={{ fontSize: 22 }}>{pick('以下即办事项不面向您办理', 'These on-the-spot items are not for you')}</span>}>
          <Space wrap size={12}>
            {closed.map((i) => (
              <Tag key={i.implId} style={{ fontSize: 18, padding: '6px 12px' }}>{pick(i.title, i.titleEn ?? i.title)}（{pick(i.refusal?.zh ?? '', i.refusal?.en ?? '')}）</Tag>
            ))}
          </Space>
        </Card>
      )}
    </Space>
  );
}

function KioskApplyItem({ implId, onBack, onFiled }: { implId: string; onBack: () => void; onFiled: (r: Receipt) => void }) {
  const { pick } = useI18n();
  const navigate = useNavigate();
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [plan, setPlan] = useState<Plan>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // One key per confirmation screen: a second touch of 确认提交 is the same filing.
  const idempotencyKey = useMemo(() => `kiosk-${crypto.randomUUID()}`, []);
  const fail = (e: unknown) => setError(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));

  useEffect(() => {
    let alive = true;
    post<Plan>(`/api/kiosk/items/${implId}/plan`, { situationAnswers: answers }).then(
      (p) => alive && setPlan(p),
      (e: unknown) => alive && setError(e instanceof ApiError ? `${e.body.message} ${e.body.messageEn}` : String(e)),
    );
    return () => {
      alive = false;
    };
  }, [implId, answers]);

  const toggle = (s: Plan['situations'][number], optionId: string) =>
    setAnswers((a) => {
      const cur = a[s.id] ?? [];
      return { ...a, [s.id]: s.multiple ? (cur.includes(optionId) ? cur.filter((o) => o !== optionId) : [...cur, optionId]) : [optionId] };
    });
  const label = (v: Choice) => (v === true ? pick('是', 'Yes') : v === false ? pick('否', 'No') : String(v));
  const submit = async () => {
    setError(undefined);
    setBusy(true);
    try {
      onFiled(await api<Receipt>('POST', '/api/kiosk/applications', { implId, situationAnswers: answers, choices }, { 'idempotency-key': idempotencyKey }));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  if (!plan) return error ? <Alert type="error" showIcon message={<span style={{ fontSize: 22 }}>{error}</span>} /> : <Card loading />;
  const toWindow = plan.atWindow.fields.length > 0 || plan.atWindow.materials.length > 0;
  const ready = plan.situationsComplete && !toWindow && plan.choices.every((c) => !c.required || c.key in choices);
  return (
    <Space direction="vertical" size={20} style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 34, margin: 0 }}>{pick(plan.title, plan.titleEn ?? plan.title)}</Typography.Title>
      {error && <Alert type="error" showIcon message={<span style={{ fontSize: 22 }}>{error}</span>} />}
      {plan.situations.map((s) => (
        <Card key={s.id} title={<span style={{ fontSize: 24 }}>{s.question}</span>}>
          <Space wrap size={16} role="group" aria-label={s.question}>
            {s.options.map((o) => (
              <Button key={o.id} type={(answers[s.id] ?? []).includes(o.id) ? 'primary' : 'default'} aria-pressed={(answers[s.id] ?? []).includes(o.id)} style={BIG} onClick={() => toggle(s, o.id)}>{o.label}</Button>
            ))}
          </Space>
        </Card>
      ))}
      {plan.choices.map((c) => (
        <Card key={c.key} title={<span style={{ fontSize: 24 }}>{c.title}{c.required ? '' : pick('（可不选）', ' (optional)')}</span>}>
          <Space wrap size={16} role="group" aria-label={c.title}>
            {c.options.map((o) => (
              <Button key={String(o)} type={choices[c.key] === o ? 'primary' : 'default'} aria-pressed={choices[c.key] === o} style={BIG} onClick={() => setChoices((x) => ({ ...x, [c.key]: o }))}>{label(o)}</Button>
            ))}
          </Space>
        </Card>
      ))}
      <Card title={<span style={{ fontSize: 24 }}>{pick('以下信息已根据您的身份自动填写', 'Filled in from your verified identity')}</span>}>
        <Descriptions column={1} labelStyle={{ fontSize: 22, width: 260 }} contentStyle={{ fontSize: 24 }}>
          {plan.prefilled.map((f) => <Descriptions.Item key={f.key} label={f.title}>{f.value}</Descriptions.Item>)}
        </Descriptions>
      </Card>
      <Card title={<span style={{ fontSize: 24 }}>{pick('申请材料（无需上传）', 'Materials (nothing to upload)')}</span>}>
        <Space direction="vertical" size={12} style={{ fontSize: 22 }}>
          {plan.materials.length === 0 && plan.atWindow.materials.length === 0 && <span>{pick('本事项无需提交材料', 'No materials needed')}</span>}
          {plan.materials.map((m) => (
            <span key={m.materialId}>{m.name} <Tag color="green" style={{ fontSize: 18, padding: '4px 10px' }}>{pick(WAYS[m.by][0], WAYS[m.by][1])}</Tag></span>
          ))}
          {/* A material only a window can take is listed here too, so the card never says "none needed" while the alert below sends the person to a window. */}
          {plan.atWindow.materials.map((m) => (
            <span key={m.materialId}>{m.name} <Tag color="orange" style={{ fontSize: 18, padding: '4px 10px' }}>{pick('需到窗口提交', 'At a window')}</Tag></span>
          ))}
        </Space>
      </Card>
      {toWindow && (
        <Alert
          type="warning"
          showIcon
          data-testid="kiosk-to-window"
          message={<span style={{ fontSize: 26, fontWeight: 600 }}>{pick('本事项需要到窗口办理', 'Please apply for this item at a window')}</span>}
          description={
            <Space direction="vertical" size={12} style={{ fontSize: 22 }}>
              {plan.atWindow.materials.length > 0 && <span>{pick(`自助终端不能扫描材料：${plan.atWindow.materials.map((m) => m.name).join('、')}`, `The kiosk cannot scan: ${plan.atWindow.materials.map((m) => m.name).join(', ')}`)}</span>}
              {plan.atWindow.fields.length > 0 && <span>{pick(`需要填写：${plan.atWindow.fields.map((f) => f.title).join('、')}`, `To be written in: ${plan.atWindow.fields.map((f) => f.title).join(', ')}`)}</span>}
              <Button type="primary" icon={<NumberOutlined />} style={BIG} onClick={() => navigate('/kiosk/ticket')}>{pick('取号到窗口办理', 'Take a number')}</Button>
            </Space>
          }
        />
      )}
      <Space style={{ width: '100%', justifyContent: 'center' }} size={24} wrap>
        <Button style={BIG} onClick={onBack}>{pick('返回', 'Back')}</Button>
        {!toWindow && <Button type="primary" style={{ ...BIG, minWidth: 320 }} disabled={!ready} loading={busy} onClick={() => void submit()}>{pick('确认提交', 'Confirm and submit')}</Button>}
      </Space>
    </Space>
  );
}

/** The receipt on screen, printed with the browser's print dialog (the header and buttons are not printed). */
function KioskReceipt({ receipt }: { receipt: Receipt }) {
  const { pick } = useI18n();
  return (
    <Card data-testid="kiosk-receipt" style={{ maxWidth: 900, margin: '0 auto' }}>
      <style>{'@media print { header, footer, .kiosk-no-print { display: none !important; } }'}</style>
      <Typography.Title level={2} style={{ fontSize: 34, textAlign: 'center' }}>{pick('申请已提交', 'Application submitted')}</Typography.Title>
      <Typography.Paragraph style={{ fontSize: 22, textAlign: 'center' }}>
        {pick('请凭办件编号到窗口当场办结领取结果；也可凭办件编号和查询码查询进度。', 'Take the case number to a window to have it completed on the spot; the number and query code also look up its progress.')}
      </Typography.Paragraph>
      <Descriptions column={1} bordered labelStyle={{ fontSize: 22, width: 240 }} contentStyle={{ fontSize: 26 }}>
        <Descriptions.Item label={pick('事项', 'Item')}>{pick(receipt.title, receipt.titleEn ?? receipt.title)}</Descriptions.Item>
        <Descriptions.Item label={pick('申请人', 'Applicant')}>{receipt.applicant}</Descriptions.Item>
        <Descriptions.Item label={pick('办件编号', 'Case no.')}><strong data-testid="receipt-case-no" style={{ fontSize: 30 }}>{receipt.caseNo}</strong></Descriptions.Item>
        <Descriptions.Item label={pick('查询码', 'Query code')}><strong data-testid="receipt-query-code" style={{ fontSize: 30, letterSpacing: 2 }}>{receipt.queryCode}</strong></Descriptions.Item>
        <Descriptions.Item label={pick('提交时间', 'Submitted')}>{receipt.submittedAt ? new Date(receipt.submittedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : ''}</Descriptions.Item>
        <Descriptions.Item label={pick('材料', 'Materials')}>{receipt.materials.map((m) => `${m.name}（${pick(WAYS[m.by][0], WAYS[m.by][1])}）`).join('；') || pick('无', 'None')}</Descriptions.Item>
      </Descriptions>
      <div className="kiosk-no-print" style={{ textAlign: 'center', marginTop: 24 }}>
        <Button type="primary" icon={<PrinterOutlined />} style={{ height: 88, fontSize: 30, minWidth: 320 }} onClick={() => window.print()}>{pick('打印回执', 'Print the receipt')}</Button>
      </div>
    </Card>
  );
}
