import { Alert, Radio, Result, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { applyAsChoices, type ApplicantKind, type ApplyAsChoices } from '../../core/agents/apply-as.js';
import type { AgentGrantStatus, AgentScope, ScopedItem } from '../../core/agents/scope.js';
import { isoDateInChina } from '../../core/calendar/index.js';
import type { Profile } from '../shared/ApplicationForm.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';
import type { OwnLicence } from '../licences/MyLicencesPage.js';

/** GET /api/me/agencies: the enterprises the logged-in person is an agent of. */
interface Agency {
  grantId: string;
  enterpriseId: string;
  enterpriseName: string;
  scope: AgentScope;
  validFrom: string;
  validUntil: string;
  status: AgentGrantStatus;
}

/** GET /api/me/agencies/{id}/reuse: what the enterprise itself is offered on the apply page (ADR 0041). */
export interface AgencyReuse {
  enterpriseId: string;
  profile: { kind: ApplicantKind; values: Record<string, string> };
  licences: OwnLicence[];
}

export interface ApplyAsState extends ApplyAsChoices {
  loading: boolean;
  /** The enterprise chosen (undefined: for oneself). */
  enterprise: { id: string; name: string } | undefined;
  choose: (enterpriseId: string | undefined) => void;
  /** The enterprise's profile and licences while one is chosen. */
  reuse: AgencyReuse | undefined;
  /** The prefill identity: the enterprise's (legal person fields) or undefined (the page uses the session's). */
  enterpriseProfile: Profile | undefined;
  /** The URL of the 我的材料 list to offer: the enterprise's or the caller's own. */
  libraryUrl: string;
}

/**
 * 经办人 (ADR 0041): for whom the apply page files — oneself, or an enterprise that registered the person
 * as its agent with a grant in force covering every item filed (one item, or a bundle's members). The
 * rule is the core's (`applyAsChoices`); the server checks the same on filing.
 */
export function useApplyAs(me: ApplicantKind | undefined, serves: readonly ApplicantKind[] | undefined, items: readonly ScopedItem[] | undefined): ApplyAsState {
  const agencies = useApi<{ enterprises: Agency[] }>(me === 'natural_person' ? '/api/me/agencies' : null);
  const result = useMemo<ApplyAsChoices>(() => {
    if (!me || !serves || !items) return { choices: [], refusal: null };
    const facts = (agencies.data?.enterprises ?? []).map((a) => ({ ...a, revoked: a.status === 'revoked' }));
    return applyAsChoices(me, serves, facts, items, isoDateInChina(new Date()));
  }, [me, serves, items, agencies.data]);
  const [chosen, setChosen] = useState<string | undefined>();
  // Only an enterprise on offer may stay chosen; with no choice for oneself, the first enterprise is the default.
  const offered = result.choices.flatMap((c) => (c.kind === 'enterprise' ? [c] : []));
  const selfOffered = result.choices.some((c) => c.kind === 'self');
  const current = offered.find((c) => c.enterpriseId === chosen) ?? (selfOffered ? undefined : offered[0]);
  useEffect(() => {
    if (chosen && !offered.some((c) => c.enterpriseId === chosen)) setChosen(undefined);
  }, [chosen, offered]);
  const reuse = useApi<AgencyReuse>(current ? `/api/me/agencies/${current.enterpriseId}/reuse` : null);
  const values = reuse.data?.profile.values;
  const enterpriseProfile = useMemo<Profile | undefined>(
    () => (current && values ? { kind: 'legal_person', name: values.companyName ?? current.enterpriseName, creditCode: values.creditCode ?? null, legalRepresentative: values.legalRepresentative ?? null, phone: values.phone ?? null } : undefined),
    [current, values],
  );
  return {
    ...result,
    loading: (me === 'natural_person' && agencies.loading) || (!!current && reuse.loading),
    enterprise: current ? { id: current.enterpriseId, name: current.enterpriseName } : undefined,
    choose: setChosen,
    reuse: current ? reuse.data : undefined,
    enterpriseProfile,
    libraryUrl: current ? `/api/me/agencies/${current.enterpriseId}/reuse` : '/api/me/materials',
  };
}

/** "为本人申请 / 代 <企业名称> 申请": shown when there is a choice, or when the only one is an enterprise. */
export function ApplyAsChoice({ state, onChange }: { state: ApplyAsState; onChange?: () => void }) {
  const { pick } = useI18n();
  const enterprises = state.choices.flatMap((c) => (c.kind === 'enterprise' ? [c] : []));
  if (enterprises.length === 0) return null;
  return (
    <Space direction="vertical" size={8} style={{ width: '100%', marginBottom: 16 }}>
      <Typography.Text strong id="apply-as-label">{pick('申请主体', 'Apply for')}</Typography.Text>
      <Radio.Group
        aria-labelledby="apply-as-label"
        value={state.enterprise?.id ?? 'self'}
        onChange={(e) => {
          const v = String(e.target.value);
          state.choose(v === 'self' ? undefined : v);
          onChange?.();
        }}
        options={state.choices.map((c) => (c.kind === 'self' ? { value: 'self', label: pick('为本人申请', 'For myself') } : { value: c.enterpriseId, label: pick(`代 ${c.enterpriseName} 申请`, `For ${c.enterpriseName} (as its agent)`) }))}
      />
      {state.enterprise && (
        <Alert
          type="info"
          showIcon
          message={pick(
            `您作为经办人代 ${state.enterprise.name} 申请：申请人是该企业，表单按企业资料填入，可选用企业的“我的材料”和电子证照；办理过程将记载您代企业办理。`,
            `You apply as the agent of ${state.enterprise.name}: the applicant is the enterprise; the form is filled from its profile and its kept materials and licences are offered; the timeline records that you acted for it.`,
          )}
        />
      )}
    </Space>
  );
}

/** Nobody may apply here with this account: a legal-person-only item for a person who is no agent for it (or the reverse). */
export function ApplyAsRefusal({ state }: { state: ApplyAsState }) {
  const { pick } = useI18n();
  if (!state.refusal) return null;
  return <Result status="warning" title={pick('您不能申请本事项', 'You cannot apply for this service')} subTitle={pick(state.refusal.zh, state.refusal.en)} />;
}
