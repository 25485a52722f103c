import { Alert, App, Button, Card, Descriptions, Radio, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { ErrorSchema } from '@rjsf/utils';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api } from '../shared/api.js';
import { ApplicationForm, prefilled, serverErrors, toSubmit, type Profile } from '../shared/ApplicationForm.js';
import { uploadFile } from '../shared/case-ui.js';
import { MaterialPicker, offersByCode, type LibraryEntry } from '../shared/MaterialPicker.js';
import { bundleMaterialCodes } from '../../core/material-library/library.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { useApi } from '../shared/use-api.js';
import { BundleFiguresView } from './BundleFiguresView.js';
import type { BundleCaseView, BundleGuide } from './types.js';
import { ApplyAsChoice, ApplyAsRefusal, useApplyAs } from '../agents/ApplyAs.js';

type Material = BundleGuide['materials'][number];

/**
 * 一件事 online: 情形 questions → the merged form (一表申请: a field several members ask is asked once) →
 * the de-duplicated material list (一次告知: one upload per material serves every member that needs it)
 * → review → one submission, which starts the members in their departments. A material the applicant's
 * library (我的材料) holds under its code may be chosen instead of an upload (`fromLibrary`, ADR 0027).
 */
export function BundleApplyPage() {
  const { bundleId } = useParams();
  const { t, pick } = useI18n();
  const { session, loading } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [files, setFiles] = useState<Record<string, { id: string; name: string }>>({});
  // 我的材料: material code → the library entry chosen instead of an upload.
  const [fromLibrary, setFromLibrary] = useState<Record<string, LibraryEntry>>({});
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>();
  const [submitting, setSubmitting] = useState(false);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const query = Object.entries(choice).map(([q, o]) => `choose=${encodeURIComponent(`${q}:${o}`)}`).join('&');
  const { data: g, error } = useApi<BundleGuide>(`/api/public/bundles/${bundleId ?? ''}${query ? `?${query}` : ''}`);
  // 经办人 (ADR 0041): for oneself, or for an enterprise whose grant covers every applicable member.
  const scoped = useMemo(() => g?.members.filter((m) => m.applies).map((m) => ({ implId: m.itemId, ...(m.category ? { category: m.category } : {}) })), [g]);
  const applyAs = useApplyAs(session && session.user.kind !== 'staff' ? session.user.kind : undefined, g?.applicantTypes, scoped);
  const forEnterprise = applyAs.enterprise;
  const library = useApi<{ materials: LibraryEntry[] }>(session && session.user.kind !== 'staff' ? applyAs.libraryUrl : null);
  const ownIdentity = useMemo<Profile | undefined>(
    () => (session && session.user.kind !== 'staff' ? { kind: session.user.kind, name: session.user.displayName, idNumber: session.user.idNumber, creditCode: session.user.creditCode, phone: session.user.phone } : undefined),
    [session],
  );
  const profile = forEnterprise ? applyAs.enterpriseProfile : ownIdentity;
  useEffect(() => {
    if (step !== 1 || !g) return;
    setFormData((d) => prefilled(g.form, profile, d));
  }, [step, g, profile]);
  if (loading) return null;
  if (!session || session.user.kind === 'staff') {
    return <Result status="info" title={pick('请以个人或法人账号登录后申请', 'Log in as a person or business to apply')} extra={<Link to={`/login?next=${encodeURIComponent(`/bundles/${bundleId ?? ''}/apply`)}`}><Button type="primary">{t('nav.login')}</Button></Link>} />;
  }
  if (error) return <Result status="404" title={pick(error.body.message, error.body.messageEn)} />;
  if (!g || applyAs.loading) return <Card loading />;
  if (applyAs.refusal) return <ApplyAsRefusal state={applyAs} />;
  const applies = g.members.filter((m) => m.applies);
  const missing = g.materials.filter((m) => m.required && !files[m.code] && !fromLibrary[m.code]);
  const itemIdOf = (key: string) => g.members.find((x) => x.key === key)?.itemId;
  const offersOf = (m: Material) => offersByCode(library.data?.materials ?? [], bundleMaterialCodes(m.code, m.serves, itemIdOf));
  // A choice made for a material the current situation no longer asks is not sent.
  const libraryUses = g.materials.flatMap((m) => {
    const e = fromLibrary[m.code];
    return e ? [{ m, e }] : [];
  });
  const uploads = g.materials.flatMap((m) => {
    const f = files[m.code];
    return f ? [{ code: m.code, fileId: f.id, fileName: f.name }] : [];
  });
  const chooseFromLibrary = (code: string, e: LibraryEntry | undefined) => {
    setFromLibrary(({ [code]: _old, ...rest }) => (e ? { ...rest, [code]: e } : rest));
    if (e) setFiles(({ [code]: _f, ...rest }) => rest);
  };
  const submit = async () => {
    setSubmitting(true);
    try {
      const res = await api<BundleCaseView>(
        'POST',
        '/api/bundle-cases',
        {
          bundleId: g.bundleId,
          answers: g.answers,
          formData: toSubmit(g.form, profile, formData),
          materials: uploads,
          ...(libraryUses.length ? { fromLibrary: libraryUses.map(({ m, e }) => ({ code: m.code, libraryId: e.id })) } : {}),
          ...(forEnterprise ? { onBehalfOf: forEnterprise.id } : {}),
        },
        { 'idempotency-key': idempotencyKey },
      );
      message.success(pick('一件事申请已提交，各部门将并联办理', 'Submitted; the departments work on it in parallel'));
      navigate(`/my/bundles/${res.id}`);
    } catch (e) {
      message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
      const inline = e instanceof ApiError ? serverErrors(e.body.details, pick) : undefined;
      if (inline) {
        setExtraErrors(inline);
        setStep(1);
      }
    } finally {
      setSubmitting(false);
    }
  };
  return (
    <Card title={pick(`一件事申请：${g.name}`, `Apply: ${g.name} (life-event bundle)`)}>
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: pick('选择情形', 'Situation') }, { title: pick('一表申请', 'One form') }, { title: pick('一次告知材料', 'Materials') }, { title: pick('确认提交', 'Review') }]}
      />
      <ApplyAsChoice
        state={applyAs}
        onChange={() => {
          setFormData({});
          setFiles({});
          setFromLibrary({});
          setStep(0);
        }}
      />
      {step === 0 && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {g.questions.map((q) => (
            <div key={q.id}>
              <Typography.Text strong id={`bq-${q.id}`}>{q.question}</Typography.Text>
              <div>
                <Radio.Group aria-labelledby={`bq-${q.id}`} value={g.answers[q.id]?.[0]} onChange={(e) => setChoice({ ...choice, [q.id]: String(e.target.value) })} options={q.options.map((o) => ({ value: o.id, label: o.label }))} />
              </div>
            </div>
          ))}
          <Alert
            type="info"
            showIcon
            message={pick(`本情形需办理${applies.length}个事项：${applies.map((m) => m.name).join('、')}`, `${applies.length} items apply: ${applies.map((m) => m.name).join(', ')}`)}
            description={<BundleFiguresView f={g.situation} />}
          />
          <Button type="primary" onClick={() => setStep(1)}>{pick('下一步', 'Next')}</Button>
        </Space>
      )}
      {step === 1 && (
        <div style={{ maxWidth: 640 }}>
          <Typography.Paragraph type="secondary">
            {pick(`多个事项共同需要的信息只填一次（本表${g.fields.length}项）；前置事项的办理结果（如营业执照编号）办结后自动填入后续事项。`, `Information several items need is asked once (${g.fields.length} fields); a prior item’s result is filled into the next items automatically.`)}
          </Typography.Paragraph>
          <ApplicationForm
            form={g.form}
            situationAnswers={{}}
            value={formData}
            profile={profile}
            extraErrors={extraErrors}
            onChange={(v) => {
              setFormData(v);
              setExtraErrors(undefined);
            }}
            onSubmit={(v) => {
              setFormData(v);
              setStep(2);
            }}
          >
            <Space>
              <Button onClick={() => setStep(0)}>{pick('上一步', 'Back')}</Button>
              <Button type="primary" htmlType="submit">{pick('下一步', 'Next')}</Button>
            </Space>
          </ApplicationForm>
        </div>
      )}
      {step === 2 && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">
            {pick(`每份材料只需上传一次，同时用于标注的各个事项（共${g.materials.length}份，分别申请需${g.situation.materialsSeparate}份）；“我的材料”中已有的可直接选用。`, `Each material is uploaded once and serves every item marked (${g.materials.length} instead of ${g.situation.materialsSeparate}); one already in My materials can be chosen instead.`)}
          </Typography.Paragraph>
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={g.materials}
            scroll={{ x: 700 }}
            columns={[
              { title: pick('材料', 'Material'), render: (_v, m: Material) => <Typography.Text strong>{m.name}</Typography.Text> },
              { title: pick('同时用于', 'Serves'), render: (_v, m: Material) => <Space size={[4, 4]} wrap>{m.serves.map((s) => <Tag key={s.memberKey} color={m.serves.length > 1 ? 'red' : undefined}>{s.name}</Tag>)}</Space> },
              { title: pick('必要性', 'Required'), width: 90, render: (_v, m: Material) => (m.required ? <Tag color="red">{pick('必须', 'required')}</Tag> : <Tag>{pick('视情况', 'optional')}</Tag>) },
              {
                title: pick('提交方式', 'How'),
                width: 320,
                render: (_v, m: Material) => (
                  <Space wrap>
                    <MaterialPicker materialName={m.name} offers={offersOf(m)} value={fromLibrary[m.code]} onChange={(e) => chooseFromLibrary(m.code, e)} />
                    <Upload
                      accept=".pdf,.png,.jpg,.jpeg"
                      showUploadList={false}
                      beforeUpload={(file) => {
                        uploadFile(file)
                          .then((f) => {
                            setFiles((x) => ({ ...x, [m.code]: f }));
                            chooseFromLibrary(m.code, undefined);
                          })
                          .catch((e: unknown) => message.error(e instanceof Error ? e.message : String(e)));
                        return false;
                      }}
                    >
                      <Button size="small" aria-label={`${pick('上传', 'Upload')} ${m.name}`}>{files[m.code] ? `✓ ${files[m.code]?.name}` : pick('上传', 'Upload')}</Button>
                    </Upload>
                  </Space>
                ),
              },
            ]}
          />
          {missing.length > 0 && <Alert type="warning" showIcon message={pick(`还有${missing.length}项必要材料未上传，可提交后按一次性告知补交`, `${missing.length} required material(s) not uploaded yet; the departments may ask for them once`)} />}
          <Space>
            <Button onClick={() => setStep(1)}>{pick('上一步', 'Back')}</Button>
            <Button type="primary" onClick={() => setStep(3)}>{pick('下一步', 'Next')}</Button>
          </Space>
        </Space>
      )}
      {step === 3 && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={1} styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={pick('一件事', 'Bundle')}>{g.name}</Descriptions.Item>
            <Descriptions.Item label={pick('联办事项', 'Items')}>
              <Space size={[4, 4]} wrap>
                {applies.map((m) => (
                  <Tag key={m.key}>{`${m.name}（${m.department}）${m.dependsOn.length ? pick(`，在${m.dependsOn.map((d) => d.name).join('、')}办结后启动`, `, after ${m.dependsOn.map((d) => d.name).join(', ')}`) : ''}`}</Tag>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={pick('已上传材料', 'Materials uploaded')}>{pick(`${uploads.length} / ${g.materials.length}份`, `${uploads.length} of ${g.materials.length}`)}</Descriptions.Item>
            {libraryUses.length > 0 && (
              <Descriptions.Item label={pick('从我的材料选用', 'From my materials')}>
                {libraryUses.map(({ m, e }) => `${m.name}：${e.fileName}（${pick('来自办件', 'from case')} ${e.sourceCaseNo ?? e.sourceTitle}）`).join('；')}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={pick('办理时限', 'Time limit')}>{pick(`${g.limitDays}个工作日，办结后统一出件`, `${g.limitDays} working days, one delivery at the end`)}</Descriptions.Item>
          </Descriptions>
          <Space>
            <Button onClick={() => setStep(2)}>{pick('上一步', 'Back')}</Button>
            <Button type="primary" loading={submitting} onClick={() => void submit()}>{pick('提交申请', 'Submit')}</Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}
