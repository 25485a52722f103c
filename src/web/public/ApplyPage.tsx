import { Alert, App, Button, Card, Checkbox, Descriptions, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { ErrorSchema } from '@rjsf/utils';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Material } from '../../core/catalogue/types.js';
import { situationProblems } from '../../core/forms/index.js';
import { ApiError, api, put } from '../shared/api.js';
import { fillFromProfile, profileChangesFrom, PROFILE_LABELS, type ApplicantKind } from '../../core/profile/profile.js';
import { MaterialPicker, useLibraryOffers, type LibraryEntry } from '../shared/MaterialPicker.js';
import { ApplicationForm, prefilled, serverErrors, toSubmit, SituationQuestions, type ApplicationFormHandle, type Profile } from '../shared/ApplicationForm.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { useApi } from '../shared/use-api.js';
import type { CaseView, Guide } from '../shared/types.js';
import { uploadFile } from '../shared/case-ui.js';
import { applicableMaterials } from './GuideSections.js';
import { DataUseChoice, LicencePicker, licencesOfType } from '../shared/FulfilmentChoices.js';
import type { OwnLicence } from '../licences/MyLicencesPage.js';
import { ApplyAsChoice, ApplyAsRefusal, useApplyAs } from '../agents/ApplyAs.js';

/** The applicant's 办事资料 (GET /api/me/profile): identity and kept fields together in `values`. */
interface ProfileView {
  kind: ApplicantKind;
  values: Record<string, string>;
}

const NO_MATERIALS: Material[] = [];

/** 在线申请: situations → form (prefilled from the profile) → materials (upload or 从我的材料中选用) → review (save changes back to the profile) → submit. */
export function ApplyPage() {
  const { implId } = useParams();
  const { t, pick } = useI18n();
  const { session, loading } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: g } = useApi<Guide>(`/api/catalogue/items/${implId ?? ''}`);
  const [step, setStep] = useState(0);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [files, setFiles] = useState<Record<string, { id: string; name: string }>>({});
  const [submitting, setSubmitting] = useState(false);
  const [commitments, setCommitments] = useState<string[]>([]);
  // 免证办 via data (ADR 0030): materials the applicant has read from a department's register instead of uploading.
  const [dataUses, setDataUses] = useState<string[]>([]);
  // 我的材料: library entries chosen instead of uploads (material id → entry); and whether changed form values go back to the profile.
  const [fromLibrary, setFromLibrary] = useState<Record<string, LibraryEntry>>({});
  const [saveBack, setSaveBack] = useState(false);
  const isApplicant = !!session && session.user.kind !== 'staff';
  // 经办人 (ADR 0041): for oneself, or for an enterprise that registered this person as its agent.
  const scoped = useMemo(() => (g ? [{ implId: g.implId, category: g.content.category }] : undefined), [g]);
  const applyAs = useApplyAs(isApplicant && session ? (session.user.kind as 'natural_person' | 'legal_person') : undefined, g?.content.applicantTypes, scoped);
  const forEnterprise = applyAs.enterprise;
  const ownProfile = useApi<ProfileView>(isApplicant ? '/api/me/profile' : null);
  const kept = forEnterprise ? { data: applyAs.reuse?.profile } : ownProfile;
  const { offers } = useLibraryOffers(isApplicant ? applyAs.libraryUrl : null, g?.implId, g?.content.materials ?? NO_MATERIALS);
  // 免证办 (ADR 0021): materials fulfilled by one of the applicant's valid licences instead of an upload.
  const [licenceChoices, setLicenceChoices] = useState<Record<string, string>>({});
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [params] = useSearchParams();
  const [draftId, setDraftId] = useState<string | undefined>(params.get('draft') ?? undefined);
  const draft = useApi<CaseView & { formData: Record<string, unknown>; situationAnswers: Record<string, string[]>; draftUses?: { materialId: string; kind: 'licence' | 'data'; identifier: string | null }[] }>(params.get('draft') ? `/api/cases/${params.get('draft') ?? ''}` : null);
  useEffect(() => {
    if (!draft.data) return;
    setAnswers(draft.data.situationAnswers ?? {});
    setFormData(draft.data.formData ?? {});
    setFiles(Object.fromEntries(draft.data.materials.filter((m) => m.fileId && !m.libraryId).map((m) => [m.materialId, { id: m.fileId as string, name: m.fileName ?? '' }])));
    const uses = draft.data.draftUses ?? [];
    setLicenceChoices(Object.fromEntries(uses.flatMap((u) => (u.kind === 'licence' && u.identifier ? [[u.materialId, u.identifier]] : []))));
    setDataUses(uses.filter((u) => u.kind === 'data').map((u) => u.materialId));
  }, [draft.data]);
  // A draft's 我的材料 choices come back while the entry is still offered (an expired one is dropped: upload again).
  useEffect(() => {
    if (!draft.data) return;
    const kept = draft.data.materials.flatMap((m) => {
      const e = offers[m.materialId]?.find((o) => o.id === m.libraryId);
      return e ? [[m.materialId, e] as const] : [];
    });
    setFromLibrary(Object.fromEntries(kept));
  }, [draft.data, offers]);
  const applicantSession = !!session && session.user.kind !== 'staff';
  const ownWallet = useApi<{ licences: OwnLicence[] }>(applicantSession ? '/api/me/licences' : null);
  const wallet = forEnterprise ? { data: applyAs.reuse ? { licences: applyAs.reuse.licences } : undefined } : ownWallet;
  const formRef = useRef<ApplicationFormHandle>(null);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>();
  const chosen = useMemo(() => new Set(Object.values(answers).flat()), [answers]);
  const ownIdentity = useMemo<Profile | undefined>(
    () => (session && session.user.kind !== 'staff' ? { kind: session.user.kind, name: session.user.displayName, idNumber: session.user.idNumber, creditCode: session.user.creditCode, phone: session.user.phone } : undefined),
    [session],
  );
  const profile = forEnterprise ? applyAs.enterpriseProfile : ownIdentity;
  // Prefill the one form from the applicant's profile (一表申请, 减材料) when the form step opens.
  useEffect(() => {
    if (step !== 1 || !g) return;
    setFormData((d) => {
      const base = prefilled(g.content.form, profile, d);
      // Every other field the profile holds, by field key (src/core/profile).
      return kept.data ? fillFromProfile(g.content.form, kept.data.values, base).data : base;
    });
  }, [step, g, profile, kept.data]);
  if (loading) return null;
  if (!session || session.user.kind === 'staff') {
    return <Result status="info" title={pick('请以个人或法人账号登录后申请', 'Log in as a person or business to apply')} extra={<Link to="/login"><Button type="primary">{t('nav.login')}</Button></Link>} />;
  }
  if (!g || applyAs.loading) return <Card loading />;
  if (applyAs.refusal) return <ApplyAsRefusal state={applyAs} />;
  const c = g.content;
  /** A new subject (oneself / the enterprise): the form and every choice of materials start again. */
  const restart = () => {
    setFormData({});
    setFiles({});
    setFromLibrary({});
    setLicenceChoices({});
    setDataUses([]);
    setCommitments([]);
    setSaveBack(false);
    setStep(0);
  };
  const materials = applicableMaterials(c.materials, chosen.size ? chosen : null);
  const usableLicences = (m: Material) => licencesOfType(wallet.data?.licences ?? [], m.licenceType);
  const licenceUses = materials.filter((m) => licenceChoices[m.id] && !files[m.id]).map((m) => ({ materialId: m.id, identifier: licenceChoices[m.id] as string }));
  const missingRequired = materials.filter((m) => m.required && !files[m.id] && !fromLibrary[m.id] && !licenceChoices[m.id] && !m.sharedDataSource && !commitments.includes(m.id) && !dataUses.includes(m.id));
  const libraryUses = Object.entries(fromLibrary).filter(([id]) => materials.some((m) => m.id === id));
  const changes = kept.data ? profileChangesFrom(c.form, kept.data.kind, kept.data.values, formData) : [];
  const chooseFromLibrary = (materialId: string, e: LibraryEntry | undefined) => {
    setFromLibrary((x) => {
      const { [materialId]: _old, ...rest } = x;
      return e ? { ...rest, [materialId]: e } : rest;
    });
    if (e) setFiles(({ [materialId]: _f, ...rest }) => rest);
  };
  const chosenDataUses = materials.filter((m) => m.dataFulfilment && dataUses.includes(m.id) && !licenceChoices[m.id]).map((m) => ({ materialId: m.id, purpose: m.dataFulfilment?.purpose }));

  const unanswered = situationProblems(c, answers);
  const clean = (values: Record<string, unknown>) => toSubmit(c.form, profile, values);
  const payload = (values: Record<string, unknown>) => ({
    implId: g.implId,
    formData: clean(values),
    situationAnswers: answers,
    materials: Object.entries(files).map(([materialId, f]) => ({ materialId, fileId: f.id, fileName: f.name })),
    commitments,
    ...(libraryUses.length ? { fromLibrary: libraryUses.map(([materialId, e]) => ({ materialId, libraryId: e.id })) } : {}),
    // A draft keeps licence and data uses too (ADR 0044): checked when saved, again (and the data read) when submitted.
    ...(chosenDataUses.length ? { dataUses: chosenDataUses } : {}),
    ...(licenceUses.length ? { licences: licenceUses } : {}),
  });
  const saveDraft = async () => {
    const values = formData;
    try {
      const saved = draftId ? await api<CaseView>('PUT', `/api/cases/${draftId}/draft`, payload(values)) : await api<CaseView>('POST', '/api/cases/drafts', payload(values));
      setDraftId(saved.id);
      message.success(pick('草稿已保存，可在“我的办件”中继续填写', 'Draft saved; continue any time from My cases'));
    } catch (e) {
      message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
    }
  };
  const submit = async () => {
    setSubmitting(true);
    try {
      if (draftId) {
        await api<CaseView>('PUT', `/api/cases/${draftId}/draft`, payload(formData));
        const res = await api<CaseView>('POST', `/api/cases/${draftId}/actions`, { type: 'submit' });
        message.success(pick('申请已提交', 'Application submitted'));
        navigate(`/my/cases/${res.id}`);
        return;
      }
      const res = await api<CaseView>('POST', '/api/cases', {
        implId: g.implId,
        formData: clean(formData),
        situationAnswers: answers,
        materials: Object.entries(files).map(([materialId, f]) => ({ materialId, fileId: f.id, fileName: f.name })),
        commitments,
        ...(chosenDataUses.length ? { dataUses: chosenDataUses } : {}),
        ...(libraryUses.length ? { fromLibrary: libraryUses.map(([materialId, e]) => ({ materialId, libraryId: e.id })) } : {}),
        ...(licenceUses.length ? { licences: licenceUses } : {}),
        ...(forEnterprise ? { onBehalfOf: forEnterprise.id } : {}),
      }, { 'idempotency-key': idempotencyKey });
      message.success(pick('申请已提交', 'Application submitted'));
      if (saveBack && changes.length && !forEnterprise) {
        await put('/api/me/profile', { fields: Object.fromEntries(changes.map((x) => [x.key, x.to])), source: 'application' })
          .then(() => message.success(pick('修改已保存到我的办事资料', 'Changes saved to my profile')))
          .catch(() => message.warning(pick('申请已提交，但办事资料未能保存', 'Submitted; the profile could not be saved')));
      }
      navigate(`/my/cases/${res.id}`);
    } catch (e) {
      message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
      // The server checks the same schema: show its findings under the fields they are about.
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
    <Card title={`${t('item.apply')}：${g.name}`}>
      {!draftId && <ApplyAsChoice state={applyAs} onChange={restart} />}
      {/* A draft stays the account's own (ADR 0037): an agent files for the enterprise directly. */}
      {!forEnterprise && (
        <div style={{ textAlign: 'right', marginBottom: 8 }}>
          <Button onClick={() => void saveDraft()}>{pick('保存草稿', 'Save draft')}</Button>
        </div>
      )}
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: pick('选择情形', 'Situation') }, { title: pick('填写表单', 'Form') }, { title: pick('上传材料', 'Materials') }, { title: pick('确认提交', 'Review') }]}
      />
      {step === 0 && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <SituationQuestions situations={c.situations} value={answers} onChange={setAnswers} />
          {unanswered.length > 0 && <Typography.Text type="secondary">{unanswered.map((p) => pick(p.zh, p.en)).join('；')}</Typography.Text>}
          <Button type="primary" disabled={unanswered.length > 0} onClick={() => setStep(1)}>{pick('下一步', 'Next')}</Button>
        </Space>
      )}
      {step === 1 && (
        <div style={{ maxWidth: 640 }}>
          <ApplicationForm
            ref={formRef}
            form={c.form}
            situationAnswers={answers}
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
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={materials}
            scroll={{ x: 700 }}
            columns={[
              { title: t('guide.materialName'), render: (_v, m: Material) => <Space direction="vertical" size={0}><Typography.Text strong>{m.name}</Typography.Text>{m.situationOptionIds?.length ? <Typography.Text type="secondary">{pick('因您选择的情形而需要', 'Needed for the situation you chose')}</Typography.Text> : null}</Space> },
              { title: t('guide.required'), width: 90, render: (_v, m: Material) => (m.required ? <Tag color="red">{t('guide.requiredYes')}</Tag> : <Tag>{t('guide.requiredNo')}</Tag>) },
              {
                title: pick('提交方式', 'How'),
                width: 320,
                render: (_v, m: Material) => (
                  <Space wrap>
                    {m.licenceType && <LicencePicker material={m} licences={usableLicences(m)} value={files[m.id] ? undefined : licenceChoices[m.id]} onChange={(id) => setLicenceChoices((x) => { const { [m.id]: _gone, ...rest } = x; return id ? { ...rest, [m.id]: id } : rest; })} />}
                    {!m.licenceType && m.sharedDataSource && <Tag color="cyan">{pick(`免提交：数据共享（${m.sharedDataSource}）`, `Not needed: shared data`)}</Tag>}
                    {m.dataFulfilment && <DataUseChoice m={m} checked={dataUses.includes(m.id)} onChange={(on) => setDataUses((x) => (on ? [...x, m.id] : x.filter((y) => y !== m.id)))} />}
                    {m.commitmentAllowed && (
                      <Checkbox checked={commitments.includes(m.id)} onChange={(e) => setCommitments((x) => (e.target.checked ? [...x, m.id] : x.filter((y) => y !== m.id)))}>
                        {pick('告知承诺（以书面承诺代替，虚假承诺将撤销许可并记入信用记录）', 'Commit in writing instead (a false commitment revokes the approval and is credit-recorded)')}
                      </Checkbox>
                    )}
                    <MaterialPicker materialName={m.name} offers={offers[m.id] ?? []} value={fromLibrary[m.id]} onChange={(e) => chooseFromLibrary(m.id, e)} />
                    <Upload
                      accept=".pdf,.png,.jpg,.jpeg"
                      showUploadList={false}
                      beforeUpload={(file) => {
                        uploadFile(file)
                          .then((f) => {
                            setFiles((x) => ({ ...x, [m.id]: f }));
                            chooseFromLibrary(m.id, undefined);
                          })
                          .catch((e: unknown) => message.error(e instanceof Error ? e.message : String(e)));
                        return false;
                      }}
                    >
                      <Button size="small" aria-label={`${pick('上传', 'Upload')} ${m.name}`}>{files[m.id] ? `✓ ${files[m.id]?.name}` : pick('上传', 'Upload')}</Button>
                    </Upload>
                  </Space>
                ),
              },
            ]}
          />
          {missingRequired.length > 0 && <Alert type="warning" showIcon message={pick(`还有${missingRequired.length}项必要材料未上传，可提交后按补正通知补交`, `${missingRequired.length} required material(s) not uploaded yet`)} />}
          <Space>
            <Button onClick={() => setStep(1)}>{pick('上一步', 'Back')}</Button>
            <Button type="primary" onClick={() => setStep(3)}>{pick('下一步', 'Next')}</Button>
          </Space>
        </Space>
      )}
      {step === 3 && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={1} title={pick('申请信息', 'Application')}>
            {Object.entries(c.form.properties).map(([k, f]) => (
              <Descriptions.Item key={k} label={f.title}>{String(formData[k] ?? '—')}</Descriptions.Item>
            ))}
            <Descriptions.Item label={pick('已上传材料', 'Uploaded')}>{Object.values(files).map((f) => f.name).join('、') || '—'}</Descriptions.Item>
            {chosenDataUses.length > 0 && <Descriptions.Item label={pick('以共享数据代替', 'Read from shared data')}>{materials.filter((m) => dataUses.includes(m.id)).map((m) => m.name).join('、')}</Descriptions.Item>}
            {libraryUses.length > 0 && (
              <Descriptions.Item label={pick('从我的材料选用', 'From my materials')}>
                {libraryUses.map(([id, e]) => `${materials.find((m) => m.id === id)?.name ?? id}：${e.fileName}（${pick('来自办件', 'from case')} ${e.sourceCaseNo ?? ''}）`).join('；')}
                </Descriptions.Item>
              )}
            {licenceUses.length > 0 && (
              <Descriptions.Item label={pick('以电子证照代替', 'Replaced by licences')}>
                {licenceUses.map((u) => `${materials.find((m) => m.id === u.materialId)?.name ?? u.materialId}：${u.identifier}`).join('；')}
              </Descriptions.Item>
            )}
            {commitments.length > 0 && <Descriptions.Item label={pick('告知承诺', 'Commitments')}>{materials.filter((m) => commitments.includes(m.id)).map((m) => m.name).join('、')}</Descriptions.Item>}
          </Descriptions>
          {forEnterprise && (
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label={pick('申请人', 'Applicant')}>{forEnterprise.name}</Descriptions.Item>
              <Descriptions.Item label={pick('经办人', 'Agent')}>{session.user.displayName}</Descriptions.Item>
            </Descriptions>
          )}
          {changes.length > 0 && !forEnterprise && (
            <Checkbox checked={saveBack} onChange={(e) => setSaveBack(e.target.checked)}>
              {pick('将以下修改保存到我的办事资料，下次申请自动填入：', 'Save these changes to my profile for next time: ')}
              {changes.map((x) => `${pick(PROFILE_LABELS[x.key]?.zh ?? x.key, PROFILE_LABELS[x.key]?.en ?? x.key)} ${x.from ?? '—'} → ${x.to}`).join('；')}
            </Checkbox>
          )}
          <Space>
            <Button onClick={() => setStep(2)}>{pick('上一步', 'Back')}</Button>
            <Button type="primary" loading={submitting} onClick={() => void submit()}>{pick('提交申请', 'Submit application')}</Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}
