import { Type } from 'typebox';

export const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$', title: '手机号码 Mobile phone', description: 'Mainland mobile number' });
export const SmsCode = Type.String({ pattern: '^\\d{6}$', title: '短信验证码 SMS code', description: '6-digit SMS code' });
