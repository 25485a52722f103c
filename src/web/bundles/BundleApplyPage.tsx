import { Alert, App, Button, Card, Descriptions, Radio, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { ErrorSchema } from '@rjsf/utils';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../shared/api.js';
import { ApplicationForm, prefilled, serverErrors, toSubmit, type Profile } from '../shared/ApplicationForm.js';
import { uploadFile } from '../shared/case-ui.js';
import { MaterialPicker, offersByCode, type LibraryEntry } from '../shared/MaterialPicker.js';
import { bundleMaterialCodes } from '../../core/material-library/library.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { useApi } from '../shared/use-api.js';
import { BundleFiguresView } from './BundleFiguresView.js';
import type { BundleCaseView, BundleDraftView, BundleGuide } from './types.js';
import { ApplyAsChoice, ApplyAsRefusal, useApplyAs } from '../agents/ApplyAs.js';
import { DataUseChoice, LicencePicker, licencesOfType } from '../shared/FulfilmentChoices.js';
import type { OwnLicence } from '../licences/MyLicencesPage.js';

type Material = BundleGuide['materials'][number];

/**
 * 一件事 online: 情形 questions → the merged form (一表申请: a field several members ask is asked once) →
 * the de-duplicated material list (一次告知: one upload per material serves every member that needs it)
 * → review → one submission, which starts the members in their departments. A material the applicant's
 * library (我的材料) holds under its code may be chosen instead of an upload (`fromLibrary`, ADR 0027), and
 * one whose catalogue entries name a licence type or a data read may be fulfilled by the applicant's
 * licence or that read (免提交, ADR 0044). 保存草稿 keeps all of it (`?draft=` resumes, ADR 0044).
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
  // 免提交 (ADR 0044): material code → the licence chosen; codes read from a register instead.
  const [licenceChoices, setLicenceChoices] = useState<Record<string, string>>({});
  const [dataUses, setDataUses] = useState<string[]>([]);
  const [params] = useSearchParams();
  const [draftId, setDraftId] = useState<string | undefined>(params.get('draft') ?? undefined);
  const draft = useApi<BundleDraftView>(params.get('draft') ? `/api/bundle-drafts/${params.get('draft') ?? ''}` : null);
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
  const wallet = useApi<{ licences: OwnLicence[] }>(session && session.user.kind !== 'staff' && !forEnterprise ? '/api/me/licences' : null);
  // A saved draft comes back as it was left: situation, form, uploads, licences and data reads.
  useEffect(() => {
    const d = draft.data;
    if (!d) return;
    setChoice(Object.fromEntries(Object.entries(d.answers).flatMap(([q, o]) => (o[0] ? [[q, o[0]]] : []))));
    setFormData(d.formData);
    setFiles(Object.fromEntries(d.materials.map((m) => [m.code, { id: m.fileId, name: m.fileName }])));
    setLicenceChoices(Object.fromEntries(d.licences.map((l) => [l.code, l.identifier])));
    setDataUses(d.dataUses.map((u) => u.code));
  }, [draft.data]);
  // Its 我的材料 choices while the entry is still usable (an expired one is dropped: upload again).
  useEffect(() => {
    const d = draft.data;
    if (!d || !library.data) return;
    setFromLibrary(Object.fromEntries(d.fromLibrary.flatMap((f) => {
      const e = library.data?.materials.find((x) => x.id === f.libraryId && x.usable);
      return e ? [[f.code, e]] : [];
    })));
  }, [draft.data, library.data]);
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
  const missing = g.materials.filter((m) => m.required && !files[m.code] && !fromLibrary[m.code] && !licenceChoices[m.code] && !dataUses.includes(m.code));
  const licenceUses = g.materials.flatMap((m) => (licenceChoices[m.code] && m.licenceType ? [{ m, identifier: licenceChoices[m.code] as string }] : []));
  const dataReads = g.materials.filter((m) => m.dataFulfilment && dataUses.includes(m.code) && !licenceChoices[m.code]);
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
  // One way per material: a file, a library entry, a licence or a data read.
  const clearOthers = (code: string, keep: 'file' | 'library' | 'licence' | 'data') => {
    if (keep !== 'file') setFiles(({ [code]: _f, ...rest }) => rest);
    if (keep !== 'library') setFromLibrary(({ [code]: _e, ...rest }) => rest);
    if (keep !== 'licence') setLicenceChoices(({ [code]: _l, ...rest }) => rest);
    if (keep !== 'data') setDataUses((x) => x.filter((c) => c !== code));
  };
  const chooseFromLibrary = (code: string, e: LibraryEntry | undefined) => {
    setFromLibrary(({ [code]: _old, ...rest }) => (e ? { ...rest, [code]: e } : rest));
    if (e) clearOthers(code, 'library');
  };
  const chooseLicence = (code: string, identifier: string | undefined) => {
    setLicenceChoices(({ [code]: _old, ...rest }) => (identifier ? { ...rest, [code]: identifier } : rest));
    if (identifier) clearOthers(code, 'licence');
  };
  const chooseData = (code: string, on: boolean) => {
    setDataUses((x) => (on ? [...x.filter((c) => c !== code), code] : x.filter((c) => c !== code)));
    if (on) clearOthers(code, 'data');
  };
  const payload = () => ({
    bundleId: g.bundleId,
    answers: g.answers,
    formData: toSubmit(g.form, profile, formData),
    materials: uploads,
    ...(libraryUses.length ? { fromLibrary: libraryUses.map(({ m, e }) => ({ code: m.code, libraryId: e.id })) } : {}),
    ...(licenceUses.length ? { licences: licenceUses.map(({ m, identifier }) => ({ code: m.code, identifier })) } : {}),
    ...(dataReads.length ? { dataUses: dataReads.map((m) => ({ code: m.code, purpose: m.dataFulfilment?.purpose ?? '' })) } : {}),
  });
  const saveDraft = async () => {
    try {
      const saved = draftId ? await api<BundleDraftView>('PUT', `/api/bundle-drafts/${draftId}`, payload()) : await api<BundleDraftView>('POST', '/api/bundle-drafts', payload());
      setDraftId(saved.id);
      message.success(pick('草稿已保存，可在“我的办件”中继续填写', 'Draft saved; continue any time from My cases'));
    } catch (e) {
      message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
    }
  };
  // A draft is the applicant's own (an agent applying for an enterprise files in one go).
  const draftButton = forEnterprise ? null : <Button onClick={() => void saveDraft()}>{pick('保存草稿', 'Save draft')}</Button>;
  const submit = async () => {
    setSubmitting(true);
    try {
      let res: BundleCaseView;
      if (draftId && !forEnterprise) {
        // The draft as it stands now, then filed once however often this is clicked (ADR 0044).
        await api<BundleDraftView>('PUT', `/api/bundle-drafts/${draftId}`, payload());
        res = await api<BundleCaseView>('POST', `/api/bundle-drafts/${draftId}/submit`, {});
      } else {
        res = await api<BundleCaseView>('POST', '/api/bundle-cases', { ...payload(), ...(forEnterprise ? { onBehalfOf: forEnterprise.id } : {}) }, { 'idempotency-key': idempotencyKey });
      }
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
    <Card title={pick(`一件事申请：${g.name}`, `Apply: ${g.name} (life-event bundle)`)} extra={draftId ? <Tag color="blue">{pick('草稿', 'Draft')}</Tag> : null}>
      {draft.data?.versionRetired && <Alert style={{ marginBottom: 16 }} type="warning" showIcon message={pick('该一件事已更新版本，草稿需按现行版本核对后重新保存再提交', 'This bundle has a new version: check the draft and save it again before submitting')} />}
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
              {draftButton}
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
                    {m.licenceType && <LicencePicker material={m} licences={licencesOfType(wallet.data?.licences ?? [], m.licenceType)} value={licenceChoices[m.code]} onChange={(id) => chooseLicence(m.code, id)} />}
                    {m.dataFulfilment && <DataUseChoice m={m} checked={dataUses.includes(m.code)} onChange={(on) => chooseData(m.code, on)} />}
                    <MaterialPicker materialName={m.name} offers={offersOf(m)} value={fromLibrary[m.code]} onChange={(e) => chooseFromLibrary(m.code, e)} />
                    <Upload
                      accept=".pdf,.png,.jpg,.jpeg"
                      showUploadList={false}
                      beforeUpload={(file) => {
                        uploadFile(file)
                          .then((f) => {
                            setFiles((x) => ({ ...x, [m.code]: f }));
                            clearOthers(m.code, 'file');
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
            {draftButton}
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
            {licenceUses.length > 0 && (
              <Descriptions.Item label={pick('以电子证照代替', 'Replaced by licences')}>
                {licenceUses.map(({ m, identifier }) => `${m.name}：${identifier}（${pick('用于', 'for')}${m.serves.map((x) => x.name).join('、')}）`).join('；')}
              </Descriptions.Item>
            )}
            {dataReads.length > 0 && (
              <Descriptions.Item label={pick('以共享数据代替', 'Read from shared data')}>
                {dataReads.map((m) => `${m.name}（${pick('各事项受理部门调取', 'read by each department')}）`).join('；')}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={pick('办理时限', 'Time limit')}>{pick(`${g.limitDays}个工作日，办结后统一出件`, `${g.limitDays} working days, one delivery at the end`)}</Descriptions.Item>
          </Descriptions>
          <Space>
            <Button onClick={() => setStep(2)}>{pick('上一步', 'Back')}</Button>
            {draftButton}
            <Button type="primary" loading={submitting} onClick={() => void submit()}>{pick('提交申请', 'Submit')}</Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}
