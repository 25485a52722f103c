import { Type } from 'typebox';

export const Phone = Type.String({ pattern: '^1[3-9]\\d{9}$', description: 'Mainland mobile number' });
export const SmsCode = Type.String({ pattern: '^\\d{6}$', description: '6-digit SMS code' });
