import { App, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useSession } from '../shared/session.js';

/** 注册: natural persons (身份证号) and legal persons (统一社会信用代码); the server checks the check digits. */
export function RegisterPage() {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const { login } = useSession();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'natural_person' | 'legal_person'>('natural_person');
  const [errors, setErrors] = useState<string[]>([]);
  const submit = async (v: Record<string, string>) => {
    try {
      await post('/api/auth/register', { kind, ...Object.fromEntries(Object.entries(v).filter(([, x]) => x)) });
      await login(v.username ?? '', v.password ?? '');
      message.success(pick('注册成功', 'Registered'));
      navigate('/');
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.body.details.length ? e.body.details.map((d) => pick(d.zh, d.en)) : [pick(e.body.message, e.body.messageEn)]);
    }
  };
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
      <Form layout="vertical" onFinish={(v) => void submit(v as Record<string, string>)} key={kind}>
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
        <Form.Item name="phone" label={pick('手机号码', 'Mobile phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: pick('11位手机号码', '11-digit mobile number') }]}><Input maxLength={11} /></Form.Item>
        <Form.Item name="username" label={pick('用户名', 'Username')} rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_.-]{3,31}$/, message: pick('以字母开头，4至32位', '4–32 characters, starting with a letter') }]}><Input autoComplete="username" /></Form.Item>
        <Form.Item name="password" label={pick('密码', 'Password')} extra={pick('8至64位，包含大写、小写、数字、符号中的三种', '8–64 characters with three of: upper, lower, digit, symbol')} rules={[{ required: true, min: 8 }]}><Input.Password autoComplete="new-password" /></Form.Item>
        {errors.length > 0 && (
          <ul role="alert" style={{ color: '#a8071a', paddingLeft: 18 }}>
            {errors.map((e) => <li key={e}>{e}</li>)}
          </ul>
        )}
        <Button type="primary" htmlType="submit" block>{pick('注册', 'Register')}</Button>
        <Typography.Paragraph style={{ marginTop: 12 }}><Link to="/login">{pick('已有账号？登录', 'Have an account? Log in')}</Link></Typography.Paragraph>
      </Form>
    </Card>
  );
}
