import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { LicenceType } from '../../core/licences/types.js';
import { ApiError, post } from '../shared/api.js';
import { canSee } from '../shared/access.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { useApi } from '../shared/use-api.js';
import { LicenceTypeEditor } from './LicenceTypeEditor.js';

interface ItemSummary {
  implId: string;
  baseCode: string;
  name: string;
  nameEn: string | null;
  orgName: string;
}

interface TypeChange {
  changeId: string;
  typeCode: string;
  kind: 'create' | 'update';
  before: LicenceType | null;
  after: LicenceType;
  reason: string;
  proposedBy: string;
  proposedById: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  outcome: 'applied' | 'rejected' | null;
  decisionNote: string | null;
}

const validityText = (t: LicenceType, pick: (zh: string, en: string) => string) => (t.validity.kind === 'permanent' ? pick('长期有效', 'Permanent') : pick(`${t.validity.years}年`, `${t.validity.years} years`));

/** What a proposal changes, one line per changed part (the reviewer reads this before applying). */
function changedParts(c: TypeChange, pick: (zh: string, en: string) => string): string[] {
  const a = c.after;
  const b = c.before;
  if (!b) return [pick(`新增：${a.code} ${a.name}，${a.fields.length}个数据项，${validityText(a, pick)}`, `New: ${a.code} ${a.nameEn}, ${a.fields.length} fields, ${validityText(a, pick)}`)];
  const out: string[] = [];
  if (a.code !== b.code) out.push(pick(`代码 ${b.code} → ${a.code}`, `code ${b.code} → ${a.code}`));
  if (a.name !== b.name || a.nameEn !== b.nameEn) out.push(pick(`名称 ${b.name} → ${a.name}`, `name ${b.nameEn} → ${a.nameEn}`));
  if (a.issuerKind !== b.issuerKind) out.push(pick(`发证部门类别 ${b.issuerKind} → ${a.issuerKind}`, `issuer kind ${b.issuerKind} → ${a.issuerKind}`));
  if (JSON.stringify(a.validity) !== JSON.stringify(b.validity)) out.push(pick(`有效期 ${validityText(b, pick)} → ${validityText(a, pick)}`, `validity ${validityText(b, pick)} → ${validityText(a, pick)}`));
  const added = a.fields.filter((f) => !b.fields.some((x) => x.key === f.key)).map((f) => f.label);
  const removed = b.fields.filter((f) => !a.fields.some((x) => x.key === f.key)).map((f) => f.label);
  const edited = a.fields.filter((f) => b.fields.some((x) => x.key === f.key && JSON.stringify(x) !== JSON.stringify(f))).map((f) => f.label);
  if (added.length) out.push(pick(`新增数据项：${added.join('、')}`, `fields added: ${added.join(', ')}`));
  if (removed.length) out.push(pick(`删除数据项：${removed.join('、')}`, `fields removed: ${removed.join(', ')}`));
  if (edited.length) out.push(pick(`修改数据项：${edited.join('、')}`, `fields changed: ${edited.join(', ')}`));
  if (JSON.stringify(a.issuingBaseCodes) !== JSON.stringify(b.issuingBaseCodes)) out.push(pick(`颁证事项：${a.issuingBaseCodes.join('、') || '无'}`, `issuing items: ${a.issuingBaseCodes.join(', ') || 'none'}`));
  return out;
}

/**
 * 证照类型 (issue 11, ADR 0039): the licence types of the catalogue — code, name, issuing department
 * kind, the licence's data fields (照面信息), validity rule and the items whose completion issues it.
 * Catalogue administrators propose a new type or a change; another catalogue administrator applies it
 * (四眼原则). Once licences of a type exist, what they depend on is locked (the core's rules).
 */
export function LicenceTypesPage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const canEdit = canSee(session, 'admin.licenceTypes.edit');
  const types = useApi<{ types: LicenceType[] }>('/api/licence-types');
  const changes = useApi<{ changes: TypeChange[]; issued: Record<string, number> }>('/api/admin/licence-type-changes');
  const items = useApi<{ items: ItemSummary[] }>('/api/catalogue/items?pageSize=100');
  const [editing, setEditing] = useState<{ type: LicenceType | undefined }>();
  const [rejecting, setRejecting] = useState<TypeChange>();
  const [note, setNote] = useState('');
  const byBase = new Map<string, ItemSummary[]>();
  for (const i of items.data?.items ?? []) byBase.set(i.baseCode, [...(byBase.get(i.baseCode) ?? []), i]);
  const itemChoices = [...byBase.entries()].map(([baseCode, is]) => ({ baseCode, name: [...new Set(is.map((i) => pick(i.name, i.nameEn ?? i.name)))].join('、') }));
  const open = (changes.data?.changes ?? []).filter((c) => !c.outcome);
  const pendingFor = (code: string) => open.find((c) => c.typeCode === code);
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const reload = () => {
    types.reload();
    changes.reload();
  };
  const apply = (c: TypeChange) =>
    post(`/api/admin/licence-type-changes/${c.changeId}/apply`, {})
      .then(() => {
        message.success(pick('已复核生效', 'Applied'));
        reload();
      })
      .catch(fail);
  const reject = () =>
    rejecting &&
    post(`/api/admin/licence-type-changes/${rejecting.changeId}/reject`, { note })
      .then(() => {
        setRejecting(undefined);
        setNote('');
        reload();
      })
      .catch(fail);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {open.length > 0 && (
        <Card title={pick(`待复核的修改（${open.length}）`, `Changes awaiting review (${open.length})`)}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {open.map((c) => {
              const own = c.proposedById === session?.user.id;
              return (
                <Descriptions key={c.changeId} bordered size="small" column={1} title={<Space><Typography.Text code>{c.typeCode}</Typography.Text>{c.kind === 'create' ? <Tag color="blue">{pick('新增', 'New')}</Tag> : <Tag color="orange">{pick('修改', 'Change')}</Tag>}</Space>} extra={canEdit && (
                  <Space>
                    <Button type="primary" disabled={own} title={own ? pick('四眼原则：须由另一名事项管理员复核', 'Four eyes: another administrator applies it') : undefined} onClick={() => void apply(c)}>
                      {pick('复核生效', 'Apply')}
                    </Button>
                    <Button onClick={() => setRejecting(c)}>{own ? pick('撤回', 'Withdraw') : pick('退回', 'Reject')}</Button>
                  </Space>
                )}>
                  <Descriptions.Item label={pick('修改内容', 'What changes')}>
                    <ul style={{ margin: 0, paddingLeft: 18 }}>{changedParts(c, pick).map((l) => <li key={l}>{l}</li>)}</ul>
                  </Descriptions.Item>
                  <Descriptions.Item label={pick('理由', 'Reason')}>{c.reason}</Descriptions.Item>
                  <Descriptions.Item label={pick('提出人', 'Proposed by')}>{`${c.proposedBy} · ${new Date(c.proposedAt).toLocaleString()}`}{own && <Tag style={{ marginLeft: 8 }}>{pick('本人提出', 'yours')}</Tag>}</Descriptions.Item>
                </Descriptions>
              );
            })}
          </Space>
        </Card>
      )}
      <Card title={pick('证照类型', 'Licence types')} extra={canEdit && <Button type="primary" onClick={() => setEditing({ type: undefined })}>{pick('新增证照类型', 'New licence type')}</Button>}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            message={canEdit ? pick('修改证照类型须经另一名事项管理员复核后生效（四眼原则）；已签发证照的类型代码与数据项不可改动。', 'A change takes effect once another catalogue administrator applies it (four eyes); the code and data fields of a type with issued licences are locked.') : pick('只读：证照类型由事项管理员维护，经四眼复核生效。', 'Read-only: catalogue administrators maintain licence types, with four-eyes review.')}
          />
          <Table<LicenceType>
            rowKey="code"
            size="small"
            loading={types.loading}
            dataSource={types.data?.types ?? []}
            pagination={false}
            scroll={{ x: 1100 }}
            columns={[
              { title: pick('代码', 'Code'), dataIndex: 'code', width: 90, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: pick('名称', 'Name'), width: 150, render: (_v, t) => pick(t.name, t.nameEn) },
              { title: pick('发证部门类别', 'Issuing department kind'), dataIndex: 'issuerKind', width: 130 },
              {
                title: pick('照面信息（数据项）', 'Licence data fields'),
                render: (_v, t) => (
                  <Space size={[4, 4]} wrap>
                    {t.fields.map((f) => (
                      <Tag key={f.key} color={f.personal ? 'orange' : undefined} title={f.personal ? pick('个人信息：公开核验时脱敏', 'Personal data: masked when verified publicly') : undefined}>
                        {pick(f.label, f.labelEn)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { title: pick('有效期', 'Validity'), width: 90, render: (_v, t) => validityText(t, pick) },
              {
                title: pick('颁证事项', 'Issuing items'),
                width: 230,
                render: (_v, t) => (
                  <Space direction="vertical" size={0}>
                    {t.issuingBaseCodes.map((code) => {
                      const named = byBase.get(code) ?? [];
                      return (
                        <span key={code}>
                          <Typography.Text code style={{ fontSize: 12 }}>{code}</Typography.Text> {named.length ? [...new Set(named.map((i) => pick(i.name, i.nameEn ?? i.name)))].join('、') : <Typography.Text type="secondary">{pick('（未发布）', '(not published)')}</Typography.Text>}
                        </span>
                      );
                    })}
                    {t.issuingBaseCodes.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
                  </Space>
                ),
              },
              { title: pick('已签发', 'Issued'), width: 80, render: (_v, t) => changes.data?.issued[t.code] ?? 0 },
              ...(canEdit
                ? [
                    {
                      title: pick('操作', 'Actions'),
                      width: 110,
                      render: (_v: unknown, t: LicenceType) =>
                        pendingFor(t.code) ? (
                          <Tag color="orange">{pick('待复核', 'Awaiting review')}</Tag>
                        ) : (
                          <Button size="small" aria-label={pick(`修改${t.name}`, `Change ${t.nameEn}`)} onClick={() => setEditing({ type: t })}>
                            {pick('修改', 'Change')}
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      </Card>
      {editing && (
        <LicenceTypeEditor
          type={editing.type}
          issued={editing.type ? (changes.data?.issued[editing.type.code] ?? 0) : 0}
          others={types.data?.types ?? []}
          items={itemChoices}
          onClose={() => setEditing(undefined)}
          onProposed={() => {
            setEditing(undefined);
            message.success(pick('已提交，待另一名事项管理员复核', 'Submitted; another catalogue administrator will review it'));
            reload();
          }}
        />
      )}
      <Modal open={!!rejecting} title={pick('退回修改', 'Reject the change')} okButtonProps={{ disabled: note.trim().length < 2 }} onOk={() => void reject()} onCancel={() => setRejecting(undefined)} destroyOnHidden>
        <Input.TextArea aria-label={pick('退回理由', 'Reason')} rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder={pick('退回理由', 'Reason')} />
      </Modal>
    </Space>
  );
}
