import { App, Button, Card, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { CaseSummary, CaseTimeline, NoticeLinks } from '../shared/case-ui.js';
import { AcceptDialog, CaseMaterialsTable, CorrectionDialog } from './case-dialogs.js';
import { useSession } from '../shared/session.js';
import { RatingInvite } from '../ratings/RatingInvite.js';
import { useI18n } from '../shared/i18n.js';
import { DeliveryView, FormFieldsView } from '../shared/FormFields.js';
import { useApi } from '../shared/use-api.js';
import type { CaseView } from '../shared/types.js';
import { CaseDataUses } from '../data-sharing/CaseDataUses.js';
import { LicenceUsesCard } from '../licences/LicenceUsesCard.js';
import { BundleOfCaseCard } from '../bundles/WorkBundlePage.js';
import { useFulfilment } from './fulfilment.js';
import { FeeChargeFields, asksForCharge, withChargeInFen } from './fee-charge.js';

type Field = { name: string; label: [string, string]; kind: 'text' | 'days' | 'decision' | 'method' };
/** How each command is offered; only the commands in the case's `abilities` (from the core) are shown. */
const ACTIONS: Record<string, { label: [string, string]; fields: Field[]; danger?: boolean }> = {
  accept: { label: ['受理', 'Accept'], fields: [] },
  accept_with_gaps: { label: ['容缺受理', 'Accept with gaps'], fields: [] },
  request_correction: { label: ['一次性告知补正', 'One-time correction notice'], fields: [], danger: true },
  claim: { label: ['签收', 'Claim'], fields: [] },
  release: { label: ['退回待办', 'Release'], fields: [] },
  advance: { label: ['审查通过，转下一环节', 'Pass to next step'], fields: [{ name: 'comment', label: ['审查意见', 'Opinion'], kind: 'text' }] },
  suspend: { label: ['启动特别程序（暂停计时）', 'Start special procedure'], fields: [{ name: 'procedure', label: ['程序名称（听证、专家评审、检验检测等）', 'Procedure'], kind: 'text' }, { name: 'reason', label: ['理由', 'Reason'], kind: 'text' }] },
  resume: { label: ['结束特别程序（恢复计时）', 'End special procedure'], fields: [] },
  extend: { label: ['延长期限', 'Extend'], fields: [{ name: 'days', label: ['延长工作日数', 'Working days'], kind: 'days' }, { name: 'reason', label: ['理由', 'Reason'], kind: 'text' }] },
  decide: { label: ['作出决定', 'Decide'], fields: [{ name: 'decision', label: ['决定', 'Decision'], kind: 'decision' }, { name: 'reason', label: ['理由', 'Reasons'], kind: 'text' }] },
  complete: { label: ['办结（出具结果）', 'Complete'], fields: [] },
  deliver: { label: ['送达', 'Deliver'], fields: [{ name: 'method', label: ['送达方式', 'Method'], kind: 'method' }, { name: 'trackingNo', label: ['快递单号（快递送达时必填）', 'Tracking number (express)'], kind: 'text' }] },
  refuse: { label: ['不予受理', 'Refuse'], danger: true, fields: [{ name: 'reason', label: ['不予受理理由', 'Reason'], kind: 'text' }, { name: 'remedies', label: ['救济途径（行政复议、行政诉讼）', 'Remedies'], kind: 'text' }] },
  terminate: { label: ['终止办理', 'Terminate'], danger: true, fields: [{ name: 'reason', label: ['理由', 'Reason'], kind: 'text' }] },
};

/** A case in the workbench: summary, materials, timeline and the actions the current step allows. */
export function CaseWorkPage() {
  const { caseId } = useParams();
  const { pick } = useI18n();
  const { message, modal } = App.useApp();
  const { session } = useSession();
  const { data: c, reload } = useApi<CaseView>(`/api/cases/${caseId ?? ''}`);
  const [open, setOpen] = useState<string>();
  const [dialog, setDialog] = useState<'accept' | 'accept_with_gaps' | 'request_correction'>();
  const [viewing, setViewing] = useState<{ id: string; name: string }>();
  const [form] = Form.useForm();
  // 收费 is asked with an approval: a denial normally charges nothing (a charge sent with one is still judged).
  const decision = Form.useWatch('decision', form) as string | undefined;
  const fulfilment = useFulfilment(caseId);
  if (!c) return <Card loading />;
  const run = async (type: string, values: Record<string, unknown>) => {
    try {
      const body: Record<string, unknown> = { type, expectedVersion: c.lockVersion, ...withChargeInFen(values) };
      if (type === 'refuse' && !values.remedies) body.remedies = '如不服，可依法申请行政复议或者提起行政诉讼';
      if (type === 'deliver' && !values.trackingNo) delete body.trackingNo;
      await post(`/api/cases/${c.id}/actions`, body);
      message.success(pick('操作成功', 'Done'));
      setOpen(undefined);
      setDialog(undefined);
      form.resetFields();
      reload();
    } catch (e) {
      message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
      reload();
    }
  };
  const available = [...new Set(c.abilities.map((a) => a.type))].filter((a) => ACTIONS[a]);
  const start = (a: string) => {
    if (a === 'accept' || a === 'accept_with_gaps' || a === 'request_correction') setDialog(a);
    else if (a === 'complete') {
      // 办结 issues the result: confirm first.
      modal.confirm({
        title: pick('确认办结？', 'Complete the case?'),
        content: pick('办结后将出具办理结果，申请人将收到通知。', 'The result is issued and the applicant is notified.'),
        okText: pick('确认办结', 'Complete'),
        onOk: () => run('complete', {}),
      });
    } else if (ACTIONS[a]?.fields.length) setOpen(a);
    else void run(a, {});
  };
  const spec = open ? ACTIONS[open] : undefined;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={15}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <BundleOfCaseCard caseId={c.id} />
          <Card title={pick(c.title, c.titleEn ?? c.title)} extra={<NoticeLinks c={c} />}>
            <CaseSummary c={c} />
            <Space wrap style={{ marginTop: 16 }}>
              {available.map((a) => (
                <Button key={a} danger={ACTIONS[a]?.danger} type={a === 'decide' || a === 'claim' ? 'primary' : 'default'} onClick={() => start(a)}>
                  {pick(...(ACTIONS[a]?.label ?? [a, a]))}
                </Button>
              ))}
              {available.length === 0 && <Typography.Text type="secondary">{pick('当前没有您可以执行的操作', 'Nothing for you to do now')}</Typography.Text>}
            </Space>
            {session?.roles.some((r) => r.role === 'window_clerk' || r.role.startsWith('approver_')) && (
              <div style={{ marginTop: 12 }}>
                <RatingInvite caseId={c.id} state={c.state} atWindow={c.channel === 'window' && session.roles.some((r) => r.role === 'window_clerk')} />
              </div>
            )}
          </Card>
          <Card title={pick('申请材料', 'Materials')}>
            <CaseMaterialsTable c={c} fulfilment={fulfilment} onView={setViewing} />
          </Card>
          <CaseDataUses uses={fulfilment.data} materialNames={c.materialNames} />
          <LicenceUsesCard uses={fulfilment.licences} materialNames={Object.fromEntries(c.checklist.map((m) => [m.id, m.name]))} />
          <Card title={pick('申请表', 'Application form')}>
            <FormFieldsView fields={c.formFields} />
            <DeliveryView delivery={c.delivery} />
          </Card>
        </Space>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={pick('办理过程（全程留痕）', 'Timeline (tamper-evident)')}>
          <CaseTimeline c={c} />
        </Card>
      </Col>
      <Modal open={!!viewing} title={viewing?.name} width="80vw" footer={null} onCancel={() => setViewing(undefined)} destroyOnHidden>
        {viewing &&
          (/\.(png|jpe?g)$/i.test(viewing.name) ? (
            <img src={`/api/files/${viewing.id}`} alt={viewing.name} style={{ maxWidth: '100%' }} />
          ) : (
            <iframe title={viewing.name} src={`/api/files/${viewing.id}`} style={{ width: '100%', height: '70vh', border: 0 }} />
          ))}
      </Modal>
      {(dialog === 'accept' || dialog === 'accept_with_gaps') && <AcceptDialog c={c} fulfilment={fulfilment} gaps={dialog === 'accept_with_gaps'} onCancel={() => setDialog(undefined)} onSubmit={(body) => void run(body.type as string, body)} />}
      {dialog === 'request_correction' && <CorrectionDialog c={c} onCancel={() => setDialog(undefined)} onSubmit={(body) => void run('request_correction', body)} />}
      <Modal open={!!spec} title={spec ? pick(...spec.label) : ''} onCancel={() => setOpen(undefined)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v: Record<string, unknown>) => open && void run(open, v)} initialValues={{ decision: 'approved', method: 'window', days: 10 }}>
          {spec?.fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={pick(...f.label)} rules={[{ required: f.name !== 'trackingNo' && f.name !== 'remedies' }]}>
              {f.kind === 'days' ? (
                <InputNumber min={1} max={15} />
              ) : f.kind === 'decision' ? (
                <Radio.Group options={[{ value: 'approved', label: pick('准予', 'Approve') }, { value: 'denied', label: pick('不予', 'Deny') }]} />
              ) : f.kind === 'method' ? (
                <Select options={[{ value: 'window', label: pick('窗口领取（统一出件）', 'Pick up at the window') }, { value: 'express', label: pick('快递寄送', 'Express') }, { value: 'electronic', label: pick('电子送达', 'Electronic') }]} />
              ) : (
                <Input.TextArea rows={2} />
              )}
            </Form.Item>
          ))}
          {open === 'decide' && decision === 'approved' && asksForCharge(c.fee) && <FeeChargeFields fee={c.fee} />}
        </Form>
      </Modal>
    </Row>
  );
}
