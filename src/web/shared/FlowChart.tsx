import { Typography } from 'antd';
import type { FlowStep } from '../../core/catalogue/types.js';
import { useI18n } from './i18n.js';
import { ROLE } from './labels.js';

/** 办理流程图 drawn from the flow steps: boxes and arrows in real text, readable by screen readers too. */
export function FlowChart({ steps }: { steps: FlowStep[] }) {
  const { t, pick } = useI18n();
  return (
    <figure aria-label={t('guide.flowChart')} style={{ margin: 0 }}>
      <ol style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'stretch', gap: 0, listStyle: 'none', padding: 0, margin: 0 }}>
        {steps.map((s, i) => (
          <li key={s.id} style={{ display: 'flex', alignItems: 'center' }}>
            <div
              data-testid="flow-step"
              style={{
                minWidth: 132,
                maxWidth: 200,
                padding: '10px 14px',
                borderRadius: 8,
                border: `2px solid ${s.decision ? '#c8102e' : '#1f4e8c'}`,
                background: s.decision ? '#fff1f0' : '#f0f5ff',
                textAlign: 'center',
              }}
            >
              <div style={{ fontWeight: 600, fontSize: 15 }}>
                {i + 1}. {s.name}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {pick(ROLE[s.role].zh, ROLE[s.role].en)} · {s.limitDays > 0 ? t('guide.stepLimit', { n: s.limitDays }) : t('guide.stepNow')}
              </Typography.Text>
            </div>
            {i < steps.length - 1 && (
              <span aria-hidden="true" style={{ fontSize: 22, color: '#8c8c8c', padding: '0 8px' }}>
                →
              </span>
            )}
          </li>
        ))}
      </ol>
    </figure>
  );
}
