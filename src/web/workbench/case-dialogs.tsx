import { Alert, Button, Checkbox, DatePicker, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../shared/i18n.js';
import type { CaseView } from '../shared/types.js';
import { FulfilledMaterial, type Fulfilment } from './fulfilment.js';

type Line = CaseView['checklist'][number];
type Body = Record<string, unknown>;

interface Row {
  received: boolean;
  originalSeen: boolean;
  owed: boolean;
}

/**
 * 受理 / 容缺受理 with the clerk's checklist (issue 9 item 1): each material of the applicant's
 * situations is ticked received (and original seen where the item asks for it), owed under 容缺, or
 * shown as replaced by the applicant's commitment, or — 免证办 — shown fulfilled by the licence (identifier,
 * version, verification) or data read that stood in for it at filing: satisfied, nothing to receive.
 * The dialog is also the confirmation of 受理.
 */
export function AcceptDialog({ c, fulfilment, gaps, onCancel, onSubmit }: { c: CaseView; fulfilment: Fulfilment; gaps: boolean; onCancel: () => void; onSubmit: (body: Body) => void }) {
  const { pick } = useI18n();
  const uploaded = useMemo(() => new Set(c.materials.filter((m) => m.fileId).map((m) => m.materialId)), [c.materials]);
  const [rows, setRows] = useState<Record<string, Row>>(() => Object.fromEntries(c.checklist.map((m) => [m.id, { received: uploaded.has(m.id), originalSeen: false, owed: false }])));
  const [owedBy, setOwedBy] = useState<string>();
  const set = (id: string, patch: Partial<Row>) => setRows((r) => ({ ...r, [id]: { ...(r[id] as Row), ...patch } }));
  const open = c.checklist.filter((m) => {
    const r = rows[m.id] as Row;
    return m.required && !m.promised && !m.fulfilledBy && !r.owed && (!r.received || (m.original && !r.originalSeen));
  });
  const owed = c.checklist.filter((m) => rows[m.id]?.owed);
  const ready = open.length === 0 && (!gaps || (owed.length > 0 && !!owedBy));
  const submit = () => {
    const received = c.checklist.filter((m) => !m.fulfilledBy && rows[m.id]?.received && !rows[m.id]?.owed).map((m) => ({ materialId: m.id, originalSeen: !!rows[m.id]?.originalSeen }));
    onSubmit(gaps ? { type: 'accept_with_gaps', received, owed: owed.map((m) => ({ materialId: m.id, dueDate: owedBy })) } : { type: 'accept', received });
  };
  return (
    <Modal
      open
      width={760}
      title={gaps ? pick('容缺受理：核验材料', 'Accept with materials owed: checklist') : pick('受理：核验材料', 'Accept: checklist')}
      okText={gaps ? pick('确认容缺受理', 'Accept with gaps') : pick('确认受理', 'Accept')}
      okButtonProps={{ disabled: !ready }}
      onOk={submit}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.checklist}
        scroll={{ x: 560 }}
        columns={[
          {
            title: pick('材料', 'Material'),
            render: (_v, m: Line) => (
              <Space direction="vertical" size={0}>
                <span>{m.name}</span>
                <Space size={4} wrap>
                  {!m.required && <Tag>{pick('非必要', 'Optional')}</Tag>}
                  {m.original && !m.fulfilledBy && <Tag color="blue">{pick('须核验原件', 'Original required')}</Tag>}
                  {m.fulfilledBy && <Tag color="green">{pick('免提交，已满足', 'Not needed: satisfied')}</Tag>}
                  {m.promised && <Tag color="purple">{pick('告知承诺替代', 'Replaced by commitment')}</Tag>}
                  {uploaded.has(m.id) && <Tag color="green">{pick('已在线提交', 'Uploaded')}</Tag>}
                </Space>
              </Space>
            ),
          },
          {
            title: pick('核验', 'Check'),
            width: 260,
            render: (_v, m: Line) => {
              const r = rows[m.id] as Row;
              if (m.promised) return <Typography.Text type="secondary">{pick('以承诺代替，无需收取', 'Promised: not collected')}</Typography.Text>;
              if (m.fulfilledBy) return <FulfilledMaterial materialId={m.id} by={m.fulfilledBy} fulfilment={fulfilment} />;
              return (
                <Space wrap>
                  <Checkbox checked={r.received} disabled={r.owed} onChange={(e) => set(m.id, { received: e.target.checked, originalSeen: e.target.checked && r.originalSeen })}>
                    {pick('已收', 'Received')}
                  </Checkbox>
                  {m.original && (
                    <Checkbox checked={r.originalSeen} disabled={!r.received || r.owed} onChange={(e) => set(m.id, { originalSeen: e.target.checked })}>
                      {pick('原件已核', 'Original seen')}
                    </Checkbox>
                  )}
                  {gaps && m.mayBeOwed && (
                    <Checkbox checked={r.owed} onChange={(e) => set(m.id, { owed: e.target.checked, received: false, originalSeen: false })}>
                      {pick('容缺', 'Owed')}
                    </Checkbox>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {gaps && <DatePicker style={{ marginTop: 12 }} aria-label={pick('容缺补交期限', 'Owed by')} placeholder={pick('容缺补交期限', 'Owed by')} onChange={(d) => setOwedBy(d ? d.format('YYYY-MM-DD') : undefined)} />}
      {open.length > 0 && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          message={pick(`尚未核验：${open.map((m) => m.name).join('、')}`, `Not yet checked: ${open.map((m) => m.name).join(', ')}`)}
          description={pick('材料不齐全的，请一次性告知补正；非关键材料可容缺受理。', 'If materials are missing, issue one correction notice; non-key materials may be owed.')}
        />
      )}
    </Modal>
  );
}

/** Reasons a material needs correcting; the notice prints the Chinese wording after the material's name. */
const REASONS: { zh: string; en: string }[] = [
  { zh: '未提交', en: 'Not submitted' },
  { zh: '不符合法定形式', en: 'Not in the required form' },
  { zh: '内容不完整或有误', en: 'Incomplete or wrong' },
  { zh: '未签字或盖章', en: 'Not signed or sealed' },
  { zh: '已过有效期', en: 'Expired' },
  { zh: '须提供原件核验', en: 'The original must be shown' },
];

/** The material id under which free text that concerns no single material is sent. */
export const OTHER_CORRECTION = '_other';

/**
 * 一次性告知 (issue 9): every material that needs correcting with a reason and an optional note, and
 * free text for anything else, sent as ONE notice.
 */
export function CorrectionDialog({ c, initial = [], onCancel, onSubmit }: { c: CaseView; /** Materials already marked missing (e.g. at the window). */ initial?: string[]; onCancel: () => void; onSubmit: (body: Body) => void }) {
  const { pick } = useI18n();
  const [picked, setPicked] = useState<Record<string, { reason: string; note: string }>>(() => Object.fromEntries(initial.map((id) => [id, { reason: REASONS[0]?.zh ?? '', note: '' }])));
  const [other, setOther] = useState('');
  const lines = c.checklist.filter((m) => !m.promised);
  const missing = [
    ...lines.filter((m) => picked[m.id]).map((m) => {
      const p = picked[m.id] as { reason: string; note: string };
      return { materialId: m.id, reason: p.note.trim() ? `${p.reason}（${p.note.trim()}）` : p.reason };
    }),
    ...(other.trim() ? [{ materialId: OTHER_CORRECTION, reason: other.trim() }] : []),
  ];
  return (
    <Modal
      open
      width={760}
      title={pick('一次性告知补正材料', 'One-time correction notice')}
      okText={pick(`发出一次性告知（${missing.length}项）`, `Issue the notice (${missing.length})`)}
      okButtonProps={{ danger: true, disabled: missing.length === 0 }}
      onOk={() => onSubmit({ type: 'request_correction', missing })}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {pick('同一次提交只能告知一次，请一次列明需要补正的全部内容。', 'One submission gets one notice: list everything that needs correcting at once.')}
      </Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={lines}
        scroll={{ x: 560 }}
        columns={[
          {
            title: pick('材料', 'Material'),
            render: (_v, m: Line) => (
              <Checkbox checked={!!picked[m.id]} onChange={(e) => setPicked((p) => (e.target.checked ? { ...p, [m.id]: { reason: REASONS[0]?.zh ?? '', note: '' } } : Object.fromEntries(Object.entries(p).filter(([k]) => k !== m.id))))}>
                {m.name}
              </Checkbox>
            ),
          },
          {
            title: pick('补正原因', 'Reason'),
            width: 320,
            render: (_v, m: Line) => {
              const p = picked[m.id];
              if (!p) return null;
              return (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Select aria-label={pick(`${m.name}的补正原因`, `Reason for ${m.name}`)} value={p.reason} style={{ width: '100%' }} options={REASONS.map((r) => ({ value: r.zh, label: pick(r.zh, r.en) }))} onChange={(reason: string) => setPicked((x) => ({ ...x, [m.id]: { ...p, reason } }))} />
                  <Input aria-label={pick(`${m.name}的补充说明`, `Note for ${m.name}`)} placeholder={pick('补充说明（可选）', 'Note (optional)')} maxLength={200} value={p.note} onChange={(e) => setPicked((x) => ({ ...x, [m.id]: { ...p, note: e.target.value } }))} />
                </Space>
              );
            },
          },
        ]}
      />
      <Input.TextArea style={{ marginTop: 12 }} rows={2} maxLength={500} aria-label={pick('其他需补正的内容', 'Anything else to correct')} placeholder={pick('其他需补正的内容（如申请表填写有误）', 'Anything else to correct (e.g. the form)')} value={other} onChange={(e) => setOther(e.target.value)} />
    </Modal>
  );
}

type MaterialRow = { id: string; name: string; required: boolean; original: boolean; promised: boolean; fulfilledBy: 'licence' | 'data' | null };

/**
 * 申请材料 of a case: every material of the applicant's situations with how it was provided — uploaded
 * files, received at the window (original seen), owed under 容缺, replaced by a commitment (告知承诺), or
 * fulfilled at filing by a licence or a data read (免证办), rendered with its verification.
 */
export function CaseMaterialsTable({ c, fulfilment, onView }: { c: CaseView; fulfilment: Fulfilment; onView: (file: { id: string; name: string }) => void }) {
  const { pick } = useI18n();
  const accepted = [...c.timeline].reverse().find((e) => e.action === 'accept' || e.action === 'accept_with_gaps' || e.action === 'complete_on_the_spot');
  const received = new Map(((accepted?.data?.received ?? []) as { materialId: string; originalSeen: boolean }[]).map((r) => [r.materialId, r]));
  const listed: MaterialRow[] = c.checklist.length ? c.checklist : [];
  // Files for materials outside the checklist (a case from before it) are still shown.
  const extra = [...new Set(c.materials.map((m) => m.materialId))].filter((id) => !listed.some((m) => m.id === id));
  const rows: MaterialRow[] = [...listed, ...extra.map((id) => ({ id, name: c.materialNames?.[id] ?? id, required: false, original: false, promised: false, fulfilledBy: null }))];
  return (
    <Table<MaterialRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 520 }}
      locale={{ emptyText: pick('无申请材料', 'No materials') }}
      columns={[
        {
          title: pick('材料', 'Material'),
          render: (_v, m) => (
            <Space direction="vertical" size={0}>
              <span>{m.name}</span>
              <Space size={4} wrap>
                {!m.required && <Tag>{pick('非必要', 'Optional')}</Tag>}
                {m.original && <Tag color="blue">{pick('须核验原件', 'Original required')}</Tag>}
              </Space>
            </Space>
          ),
        },
        {
          title: pick('提交情况', 'Provided'),
          render: (_v, m) => {
            const owed = c.owed.find((o) => o.materialId === m.id);
            const r = received.get(m.id);
            const files = c.materials.filter((f) => f.materialId === m.id && f.fileId);
            return (
              <Space wrap size={4}>
                {m.promised && <Tag color="purple">{pick('告知承诺替代', 'Replaced by commitment')}</Tag>}
                {m.fulfilledBy && <FulfilledMaterial materialId={m.id} by={m.fulfilledBy} fulfilment={fulfilment} />}
                {owed && <Tag color={owed.supplied ? 'green' : 'orange'}>{owed.supplied ? pick('容缺材料已补交', 'Owed, supplied') : pick(`容缺，${owed.dueDate}前补交`, `Owed by ${owed.dueDate}`)}</Tag>}
                {r && <Tag color="green">{r.originalSeen ? pick('窗口已收，原件已核', 'Received, original seen') : pick('窗口已收', 'Received')}</Tag>}
                {files.some((f) => f.libraryId) && <Tag color="cyan">{pick('来自申请人的“我的材料”', 'From the applicant’s library')}</Tag>}
                {files.map((f) => (
                  <Button key={f.fileId} type="link" size="small" onClick={() => onView({ id: f.fileId as string, name: f.fileName ?? '' })}>
                    {f.fileName}
                  </Button>
                ))}
                {!m.promised && !m.fulfilledBy && !owed && !r && files.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
              </Space>
            );
          },
        },
      ]}
    />
  );
}
