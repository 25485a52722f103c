import { Alert, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { CODE_PAD, CREDIT_CODE_PAD, ID_NUMBER_PAD } from '../../core/kiosk/index.js';
import { isValidCreditCode } from '../../core/codes/credit-code.js';
import { isValidIdNumber } from '../../core/codes/id-number.js';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useKiosk } from './kiosk-context.js';
import { NumberPad } from './NumberPad.js';

/**
 * Identity at the kiosk: a person's ID number (or an enterprise's unified social credit code) on the pad,
 * then the SMS code sent to the phone on record. `?next=apply` continues to 即办件 instead of progress.
 */
export function KioskIdentifyPage() {
  const { pick } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next') === 'apply' ? '/kiosk/apply' : '/kiosk/cases';
  const { setIdentity } = useKiosk();
  const [who, setWho] = useState<'person' | 'enterprise'>('person');
  const [idNumber, setIdNumber] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<{ challengeId: string; expiresInSeconds: number }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fail = (e: unknown) => setError(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : String(e));
  const big = { height: 88, fontSize: 30, minWidth: 320 } as const;

  const sendCode = async () => {
    setError(undefined);
    setBusy(true);
    try {
      setChallenge(await post<{ challengeId: string; expiresInSeconds: number }>('/api/kiosk/codes', who === 'enterprise' ? { creditCode: idNumber } : { idNumber }));
      setCode('');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!challenge) return;
    setError(undefined);
    setBusy(true);
    try {
      const s = await post<{ name: string }>('/api/kiosk/session', { challengeId: challenge.challengeId, code });
      setIdentity({ name: s.name });
      navigate(next);
    } catch (e) {
      fail(e);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const enterprise = who === 'enterprise';
  const idOk = enterprise ? isValidCreditCode(idNumber) : isValidIdNumber(idNumber);
  const switchTo = (w: 'person' | 'enterprise') => {
    setWho(w);
    setIdNumber('');
    setError(undefined);
  };
  return (
    <Card style={{ maxWidth: enterprise && !challenge ? 1040 : 760, margin: '0 auto' }}>
      <Typography.Title level={2} style={{ textAlign: 'center', fontSize: 34 }}>
        {challenge ? pick('请输入短信验证码', 'Enter the SMS code') : enterprise ? pick('请输入统一社会信用代码', 'Enter the unified social credit code') : pick('请输入身份证号码', 'Enter your ID number')}
      </Typography.Title>
      {error && <Alert type="error" showIcon message={<span style={{ fontSize: 22 }}>{error}</span>} style={{ marginBottom: 16 }} />}
      {!challenge ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'center' }} size={16}>
            <Button size="large" type={enterprise ? 'default' : 'primary'} aria-pressed={!enterprise} style={{ height: 72, fontSize: 26, minWidth: 240 }} onClick={() => switchTo('person')}>{pick('个人办事', 'A person')}</Button>
            <Button size="large" type={enterprise ? 'primary' : 'default'} aria-pressed={enterprise} style={{ height: 72, fontSize: 26, minWidth: 240 }} onClick={() => switchTo('enterprise')}>{pick('企业（法人）办事', 'An enterprise')}</Button>
          </Space>
          {enterprise ? (
            <NumberPad label={pick('统一社会信用代码', 'Credit code')} value={idNumber} onChange={(v) => { setIdNumber(v); setError(undefined); }} spec={CREDIT_CODE_PAD} placeholder={pick('18 位统一社会信用代码', '18-character credit code')} />
          ) : (
            <NumberPad label={pick('身份证号码', 'ID number')} value={idNumber} onChange={(v) => { setIdNumber(v); setError(undefined); }} spec={ID_NUMBER_PAD} placeholder={pick('18 位身份证号码', '18-character ID number')} />
          )}
          {idNumber.length === 18 && !idOk && <Alert type="warning" showIcon message={<span style={{ fontSize: 22 }}>{enterprise ? pick('统一社会信用代码校验不通过，请核对', 'This credit code does not check out; please look again') : pick('身份证号码校验不通过，请核对', 'This ID number does not check out; please look again')}</span>} />}
          <div style={{ textAlign: 'center' }}>
            <Button type="primary" style={big} disabled={!idOk} loading={busy} onClick={() => void sendCode()}>{pick('获取短信验证码', 'Send me a code')}</Button>
          </div>
        </Space>
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Paragraph style={{ fontSize: 22, textAlign: 'center' }}>
            {enterprise ? pick(`验证码已发送至该企业账号登记的手机（${Math.round(challenge.expiresInSeconds / 60)} 分钟内有效，仅可使用一次）。`, `If this enterprise has a registered phone, a code was sent to it (valid ${Math.round(challenge.expiresInSeconds / 60)} minutes, once).`) : pick(`验证码已发送至该身份证号登记的手机（${Math.round(challenge.expiresInSeconds / 60)} 分钟内有效，仅可使用一次）。`, `If this ID number has a registered phone, a code was sent to it (valid ${Math.round(challenge.expiresInSeconds / 60)} minutes, once).`)}
          </Typography.Paragraph>
          <NumberPad label={pick('短信验证码', 'SMS code')} value={code} onChange={setCode} spec={CODE_PAD} placeholder={pick('6 位验证码', '6-digit code')} />
          <Space style={{ width: '100%', justifyContent: 'center' }} wrap>
            <Button style={big} onClick={() => { setChallenge(undefined); setError(undefined); }}>{pick('返回修改', 'Back')}</Button>
            <Button type="primary" style={big} disabled={code.length !== 6} loading={busy} onClick={() => void confirm()}>{pick('确认', 'Confirm')}</Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}
