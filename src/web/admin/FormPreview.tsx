import { Alert, Button, Card, Divider, Space, Typography } from 'antd';
import { Component, useMemo, useRef, useState, type ReactNode } from 'react';
import { draftToForm, type FormDraft } from '../../core/catalogue/form-draft.js';
import type { Situation } from '../../core/catalogue/types.js';
import { ApplicationForm, SituationQuestions, type ApplicationFormHandle } from '../shared/ApplicationForm.js';
import { useI18n } from '../shared/i18n.js';

/** A schema the form library cannot draw (half-typed in the editor) must not take the editor down with it. */
class PreviewBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * The form as the applicant will see it, drawn by the same renderer and checks as the online wizard
 * and the window (src/web/shared/ApplicationForm.tsx): situation questions first, then the fields.
 */
export function FormPreview({ draft, situations }: { draft: FormDraft; situations: Situation[] }) {
  const { t } = useI18n();
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [data, setData] = useState<Record<string, unknown>>({});
  const [valid, setValid] = useState<boolean | undefined>();
  const ref = useRef<ApplicationFormHandle>(null);
  // A key typed twice shows its first field, as the editor flags the second.
  const schema = useMemo(() => draftToForm({ ...draft, fields: draft.fields.filter((f, i, all) => f?.key && all.findIndex((g) => g?.key === f.key) === i) }), [draft]);
  // Answers to fields removed since they were typed are not the applicant's: drop them from the preview.
  const shown = useMemo(() => Object.fromEntries(Object.entries(data).filter(([k]) => Object.hasOwn(schema.properties, k))), [data, schema]);
  const usable = situations.filter((s) => s?.options?.length);
  return (
    <Card size="small" title={t('editor.preview')} data-testid="form-preview" style={{ background: '#fafafa' }}>
      <Typography.Paragraph type="secondary">{t('editor.previewHint')}</Typography.Paragraph>
      {usable.length > 0 && (
        <>
          <SituationQuestions situations={usable} value={answers} onChange={setAnswers} />
          <Divider style={{ margin: '12px 0' }} />
        </>
      )}
      <PreviewBoundary key={JSON.stringify(schema)} fallback={<Alert type="warning" showIcon message={t('editor.previewBroken')} />}>
        <ApplicationForm ref={ref} form={schema} situationAnswers={answers} value={shown} onChange={setData}>
          <Space style={{ marginTop: 8 }} wrap>
            <Button onClick={() => setValid(ref.current?.validateForm() ?? false)}>{t('editor.previewCheck')}</Button>
            {valid && <Typography.Text type="success">{t('editor.previewValid')}</Typography.Text>}
          </Space>
        </ApplicationForm>
      </PreviewBoundary>
    </Card>
  );
}
