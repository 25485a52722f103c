import { Alert, App, Button, Card, Input, Radio, Segmented, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, post } from '../shared/api.js';
import { uploadFile } from '../shared/case-ui.js';
import { useI18n } from '../shared/i18n.js';

/** A recorded authorisation as the server answers it (POST /api/hall/assist/authorisations). */
export interface AssistAuthorisation {
  id: string;
  kind: 'letter' | 'sms';
  applicantId: string;
  confirmed: boolean;
  expiresAt: string;
  phoneMasked: string | null;
  fileName: string | null;
}

/**
 * 帮办代办 at the window (ADR 0037): the clerk files for a person who is present or has authorised them.
 * "本人在场" is ordinary window intake; "帮办代办" needs the authorisation recorded first — the scanned
 * 委托书, or the code the person received by SMS on the phone on record, entered here.
 */
export function AssistAuthorisationCard({ person, value, onChange }: { person: { id: string; name: string } | undefined; value: { assisted: boolean; authorisation?: AssistAuthorisation }; onChange: (v: { assisted: boolean; authorisation?: AssistAuthorisation }) => void }) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [how, setHow] = useState<'sms' | 'letter'>('sms');
  const [pending, setPending] = useState<AssistAuthorisation>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const fail = (e: unknown) => message.error(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const auth = value.authorisation;
  const wrap = async (f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const sendCode = () =>
    wrap(async () => {
      if (!person) return;
      setPending(await post<AssistAuthorisation>('/api/hall/assist/authorisations', { applicantId: person.id, kind: 'sms' }));
      setCode('');
    });
  const confirm = () =>
    wrap(async () => {
      if (!pending) return;
      const done = await post<AssistAuthorisation>(`/api/hall/assist/authorisations/${pending.id}/confirm`, { code });
      onChange({ assisted: true, authorisation: { ...done, phoneMasked: pending.phoneMasked } });
      setPending(undefined);
    });
  const letter = (file: File) =>
    void wrap(async () => {
      if (!person) return;
      const up = await uploadFile(file);
      onChange({ assisted: true, authorisation: await post<AssistAuthorisation>('/api/hall/assist/authorisations', { applicantId: person.id, kind: 'letter', fileId: up.id, fileName: up.name }) });
    });

  return (
    <Card title={pick('帮办代办', 'Assisted filing (帮办代办)')}>
      <Space direction="vertical" size={12} style={{ width: '100%', maxWidth: 640 }}>
        <Segmented
          value={value.assisted ? 'assist' : 'self'}
          onChange={(v) => {
            onChange({ assisted: v === 'assist' });
            setPending(undefined);
          }}
          options={[
            { value: 'self', label: pick('申请人本人办理', 'The applicant files in person') },
            { value: 'assist', label: pick('帮办员代为申请', 'A hall assistant files on their behalf') },
          ]}
        />
        {value.assisted && !person && <Alert type="info" showIcon message={pick('请先查找申请人', 'Find the applicant first')} />}
        {value.assisted && person && auth?.confirmed && (
          <Alert
            type="success"
            showIcon
            message={pick(`已取得${person.name}的授权`, `Authorised by ${person.name}`)}
            description={
              <Space wrap>
                <Tag color="green">{auth.kind === 'letter' ? pick('书面委托书', 'Signed letter') : pick('短信确认', 'SMS confirmation')}</Tag>
                {auth.fileName && <span>{auth.fileName}</span>}
                {auth.phoneMasked && <span>{auth.phoneMasked}</span>}
                <Typography.Text type="secondary">{pick('申请人仍为本人，办件留痕记录“帮办员代申请人办理”', 'The applicant stays the person; the timeline records that you acted on their behalf')}</Typography.Text>
              </Space>
            }
          />
        )}
        {value.assisted && person && !auth?.confirmed && (
          <>
            <Radio.Group value={how} onChange={(e) => setHow(e.target.value as 'sms' | 'letter')}>
              <Radio value="sms">{pick('短信确认（发送确认码到申请人登记的手机）', 'SMS confirmation (a code to the phone on record)')}</Radio>
              <Radio value="letter">{pick('书面委托书（扫描上传）', 'Signed letter (scan and upload)')}</Radio>
            </Radio.Group>
            {how === 'sms' ? (
              <Space direction="vertical" size={8}>
                <Button onClick={() => void sendCode()} loading={busy && !pending}>
                  {pending ? pick('重新发送确认码', 'Send the code again') : pick('发送确认码', 'Send the confirmation code')}
                </Button>
                {pending && (
                  <>
                    <Typography.Text>{pick(`确认码已发送至 ${pending.phoneMasked ?? ''}，请申请人告知确认码（10分钟内有效）`, `Code sent to ${pending.phoneMasked ?? ''}; ask the person for it (valid 10 minutes)`)}</Typography.Text>
                    <Space>
                      <Input aria-label={pick('确认码', 'Confirmation code')} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))} inputMode="numeric" style={{ width: 140 }} placeholder="6位数字" />
                      <Button type="primary" disabled={code.length !== 6} loading={busy} onClick={() => void confirm()}>
                        {pick('确认授权', 'Confirm')}
                      </Button>
                    </Space>
                  </>
                )}
              </Space>
            ) : (
              <Upload accept="application/pdf,image/png,image/jpeg" showUploadList={false} beforeUpload={(f) => {
                  letter(f);
                  return false;
                }}>
                <Button loading={busy}>{pick('上传委托书（PDF、PNG或JPEG）', 'Upload the letter (PDF, PNG or JPEG)')}</Button>
              </Upload>
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
