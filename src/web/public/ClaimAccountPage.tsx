import { App, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { PASSWORD_RULE } from './password-rules.js';

/**
 * 认领账号 (ADR 0014): for a person the hall registered at the window. The ID number (or credit code)
 * sends a code to the phone on record; with it the person chooses a username and a password.
 */
export function ClaimAccountPage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'person' | 'company'>('person');
  const [claimId, setClaimId] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const showError = (e: unknown) => {
    if (e instanceof ApiError) setErrors(e.body.details.length ? e.body.details.map((d) => pick(d.zh, d.en)) : [pick(e.body.message, e.body.messageEn)]);
  };
  const errorList = errors.length > 0 && (
    <ul role="alert" style={{ color: '#a8071a', paddingLeft: 18 }}>
      {errors.map((e) => <li key={e}>{e}</li>)}
    </ul>
  );
  return (
    <Card title={pick('认领账号', 'Claim your account')} style={{ maxWidth: 480, margin: '32px auto' }}>
      {claimId === null ? (
        <Form
          layout="vertical"
          onFinish={(v: { number: string }) => {
            setErrors([]);
            const number = v.number.trim().toUpperCase();
            post<{ claimId: string }>('/api/auth/claim', kind === 'person' ? { idNumber: number } : { creditCode: number }).then((r) => setClaimId(r.claimId), showError);
          }}
        >
          <Typography.Paragraph>
            {pick(
              '在政务服务大厅办过事、网上注册时提示“该证件号码已注册”？大厅已为您登记了账号。输入证件号码，验证码将发送到登记时留下的手机号码。',
              'Did the service hall register you at the window, and online registration says your ID is already registered? Enter the ID number: a code goes to the phone number the hall recorded.',
            )}
          </Typography.Paragraph>
          <Form.Item label={pick('申请人类型', 'Applicant type')}>
            <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as 'person' | 'company')} optionType="button">
              <Radio.Button value="person">{pick('个人', 'Person')}</Radio.Button>
              <Radio.Button value="company">{pick('法人', 'Organisation')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="number"
            label={kind === 'person' ? pick('身份证号码', 'ID number') : pick('统一社会信用代码', 'Unified social credit code')}
            rules={[{ required: true, pattern: kind === 'person' ? /^\s*\d{17}[\dXx]\s*$/ : /^\s*[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}\s*$/, message: pick('请输入18位证件号码', 'Enter the 18-character number') }]}
          >
            <Input maxLength={20} autoComplete="off" />
          </Form.Item>
          {errorList}
          <Button type="primary" htmlType="submit" block>{pick('获取短信验证码', 'Send the SMS code')}</Button>
        </Form>
      ) : (
        <Form
          layout="vertical"
          onFinish={(v: { code: string; username: string; password: string }) => {
            setErrors([]);
            post('/api/auth/claim/confirm', { claimId, ...v }).then(() => {
              message.success(pick('账号已认领，请用新用户名和密码登录', 'Account claimed; log in with your new username and password'));
              navigate('/login');
            }, showError);
          }}
        >
          <Typography.Paragraph>
            {pick(
              '如该证件在大厅登记过且尚未设置密码，验证码已发送至登记的手机（10分钟内有效）。如已设置过密码，请使用“忘记密码”。',
              'If the hall registered this number and no password was set yet, a code was sent to the recorded phone (valid 10 minutes). If you already set a password, use "Forgot password".',
            )}
          </Typography.Paragraph>
          <Form.Item name="code" label={pick('短信验证码', 'SMS code')} rules={[{ required: true, pattern: /^\d{6}$/, message: pick('6位数字', '6 digits') }]}><Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} /></Form.Item>
          <Form.Item name="username" label={pick('设置用户名', 'Choose a username')} extra={pick('4–32位，字母开头，可含数字、_ . -', '4–32 characters, starting with a letter; digits and _ . - allowed')} rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_.-]{3,31}$/, message: pick('4–32位，字母开头', '4–32 characters, starting with a letter') }]}><Input autoComplete="username" /></Form.Item>
          <Form.Item name="password" label={pick('设置密码', 'Choose a password')} extra={pick(PASSWORD_RULE.zh, PASSWORD_RULE.en)} rules={[{ required: true, min: 12, message: pick('至少12位', 'At least 12 characters') }]}><Input.Password autoComplete="new-password" /></Form.Item>
          {errorList}
          <Button type="primary" htmlType="submit" block>{pick('认领账号', 'Claim the account')}</Button>
        </Form>
      )}
      <Typography.Paragraph style={{ marginTop: 12, display: 'flex', justifyContent: 'space-between' }}>
        <Link to="/login">{pick('返回登录', 'Back to log in')}</Link>
        <Link to="/forgot-password">{pick('忘记密码', 'Forgot password')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
