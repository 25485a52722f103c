import { App, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';
import { PASSWORD_RULE } from './password-rules.js';

/**
 * 注册: natural persons (身份证号) and legal persons (统一社会信用代码), in two steps: the details, then
 * the code the server sent to the phone by SMS. The server checks the check digits and the password rules.
 */
export function RegisterPage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { login } = useSession();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'natural_person' | 'legal_person'>('natural_person');
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState<{ registrationId: string; username: string; password: string; phone: string } | null>(null);
  const showError = (e: unknown) => {
    if (e instanceof ApiError) setErrors(e.body.details.length ? e.body.details.map((d) => pick(d.zh, d.en)) : [pick(e.body.message, e.body.messageEn)]);
  };
  const start = async (v: Record<string, string>) => {
    setErrors([]);
    try {
      const r = await post<{ registrationId: string }>('/api/auth/register', { kind, ...Object.fromEntries(Object.entries(v).filter(([, x]) => x)) });
      setPending({ registrationId: r.registrationId, username: v.username ?? '', password: v.password ?? '', phone: v.phone ?? '' });
    } catch (e) {
      showError(e);
    }
  };
  const confirm = async (v: { code: string }) => {
    if (!pending) return;
    setErrors([]);
    try {
      await post('/api/auth/register/confirm', { registrationId: pending.registrationId, code: v.code });
      await login(pending.username, pending.password);
      message.success(pick('注册成功', 'Registered'));
      navigate('/');
    } catch (e) {
      showError(e);
    }
  };
  const errorList = errors.length > 0 && (
    <ul role="alert" style={{ color: '#a8071a', paddingLeft: 18 }}>
      {errors.map((e) => <li key={e}>{e}</li>)}
    </ul>
  );
  if (pending) {
    return (
      <Card title={pick('用户注册：短信验证', 'Register: SMS code')} style={{ maxWidth: 520, margin: '24px auto' }}>
        <Typography.Paragraph>
          {pick(`短信已发送至 ${pending.phone.replace(/^(\d{3})\d{4}/, '$1****')}，请输入短信中的6位验证码（10分钟内有效）。`, `We sent a text to ${pending.phone.replace(/^(\d{3})\d{4}/, '$1****')}; enter the 6-digit code from it (valid 10 minutes).`)}
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={(v) => void confirm(v as { code: string })}>
          <Form.Item name="code" label={pick('短信验证码', 'SMS code')} rules={[{ required: true, pattern: /^\d{6}$/, message: pick('6位数字', '6 digits') }]}>
            <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
          </Form.Item>
          {errorList}
          <Button type="primary" htmlType="submit" block>{pick('完成注册', 'Finish registration')}</Button>
          <Button type="link" block onClick={() => setPending(null)}>{pick('返回修改', 'Back')}</Button>
        </Form>
      </Card>
    );
  }
  return (
    <Card title={pick('用户注册', 'Register')} style={{ maxWidth: 520, margin: '24px auto' }}>
      <Segmented
        block
        value={kind}
        onChange={(v) => setKind(v as typeof kind)}
        options={[
          { value: 'natural_person', label: pick('个人（自然人）', 'Individual') },
          { value: 'legal_person', label: pick('法人（企业、单位）', 'Business') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Form layout="vertical" onFinish={(v) => void start(v as Record<string, string>)} key={kind}>
        {kind === 'natural_person' ? (
          <>
            <Form.Item name="name" label={pick('姓名', 'Name')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="idNumber" label={pick('公民身份号码', 'ID number')} rules={[{ required: true, pattern: /^\d{17}[\dX]$/, message: pick('18位身份证号码，末位可为X', '18 characters; the last may be X') }]}><Input maxLength={18} /></Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="companyName" label={pick('单位名称', 'Company name')} rules={[{ required: true }]}><Input /></Form.Item>
            <Form.Item name="creditCode" label={pick('统一社会信用代码', 'Unified social credit code')} rules={[{ required: true, pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/, message: pick('18位统一社会信用代码', '18-character credit code') }]}><Input maxLength={18} /></Form.Item>
            <Form.Item name="legalRepresentative" label={pick('法定代表人', 'Legal representative')} rules={[{ required: true }]}><Input /></Form.Item>
          </>
        )}
        <Form.Item name="phone" label={pick('手机号码', 'Mobile phone')} extra={pick('将向该号码发送短信验证码', 'We will text a code to this number')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: pick('11位手机号码', '11-digit mobile number') }]}><Input maxLength={11} /></Form.Item>
        <Form.Item name="username" label={pick('用户名', 'Username')} rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_.-]{3,31}$/, message: pick('以字母开头，4至32位', '4–32 characters, starting with a letter') }]}><Input autoComplete="username" /></Form.Item>
        <Form.Item name="password" label={pick('密码', 'Password')} extra={pick(PASSWORD_RULE.zh, PASSWORD_RULE.en)} rules={[{ required: true, min: 12, message: pick('至少12位', 'At least 12 characters') }]}><Input.Password autoComplete="new-password" /></Form.Item>
        {errorList}
        <Button type="primary" htmlType="submit" block>{pick('获取短信验证码', 'Send the SMS code')}</Button>
        <Typography.Paragraph style={{ marginTop: 12 }}><Link to="/login">{pick('已有账号？登录', 'Have an account? Log in')}</Link></Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {pick('曾在政务服务大厅办事、提示“该证件号码已注册”？', 'Registered at a service hall and told your ID is already registered?')} <Link to="/claim-account" style={{ textDecoration: 'underline' }}>{pick('认领账号', 'Claim your account')}</Link>
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}
