import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CODE_KINDS,
  CODE_PROBLEM_MESSAGES,
  builtInCodeValidator,
  registerCodeValidator,
  validateCode,
  validatorFromProblems,
} from './validators.js';
import { composeImplCode } from './impl-code.js';
import { baseCodeArb, creditCodeArb, idNumberArb } from './test-arbitraries.js';

const restores: (() => void)[] = [];
afterEach(() => {
  while (restores.length) restores.pop()?.();
});

describe('validateCode', () => {
  it('accepts valid values of every kind', () => {
    expect(validateCode('idNumber', '11010519491231002X')).toEqual({ ok: true });
    expect(validateCode('creditCode', '12441500196720244T')).toEqual({ ok: true });
    expect(validateCode('regionCode', '330523')).toEqual({ ok: true });
    expect(validateCode('baseCode', 'XK12345000')).toEqual({ ok: true });
    expect(validateCode('implCode', composeImplCode('12441500196720244T', 'XK12345000'))).toEqual({ ok: true });
    expect(validateCode('phone', '0571-88889999')).toEqual({ ok: true });
    expect(validateCode('mobilePhone', '13812341234')).toEqual({ ok: true });
  });

  it('explains a wrong check digit in both languages', () => {
    expect(validateCode('idNumber', '110105194912310021')).toEqual({
      ok: false,
      code: 'ID_NUMBER_CHECK_DIGIT',
      zh: '身份证号码校验位错误，请检查是否输错',
      en: "The ID number's check digit is wrong; please check it for typing errors",
    });
    expect(validateCode('creditCode', '12441500196720244U')).toMatchObject({ ok: false, code: 'CREDIT_CODE_CHECK_CHAR' });
  });

  it('reports an empty value as missing, for every kind', () => {
    for (const kind of CODE_KINDS) expect(validateCode(kind, '')).toMatchObject({ ok: false, code: 'CODE_EMPTY' });
  });

  it('has a zh and an en message for every problem code', () => {
    for (const [code, m] of Object.entries(CODE_PROBLEM_MESSAGES)) {
      expect(m.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(m.en, code).toMatch(/^[A-Z]/);
    }
  });

  it('lets a deployment replace a validator and restore it', () => {
    const provincial = /^\d{4}-\d{5}-\d{3}$/;
    restores.push(
      registerCodeValidator('baseCode', (v) =>
        provincial.test(v) ? { ok: true } : { ok: false, code: 'PROVINCE_BASE_CODE', zh: '事项编码格式不正确', en: 'Wrong base code format' },
      ),
    );
    expect(validateCode('baseCode', '1101-00001-000')).toEqual({ ok: true });
    expect(validateCode('baseCode', 'XK12345000')).toMatchObject({ ok: false, code: 'PROVINCE_BASE_CODE' });
    expect(builtInCodeValidator('baseCode')('XK12345000')).toEqual({ ok: true });
    restores.pop()?.();
    expect(validateCode('baseCode', 'XK12345000')).toEqual({ ok: true });
  });

  it('restores the previous replacement, not the built-in one', () => {
    restores.push(registerCodeValidator('phone', validatorFromProblems(() => 'PHONE_INVALID')));
    const undo = registerCodeValidator('phone', () => ({ ok: true }));
    expect(validateCode('phone', 'x')).toEqual({ ok: true });
    undo();
    expect(validateCode('phone', '13812341234')).toMatchObject({ ok: false, code: 'PHONE_INVALID' });
  });

  it('accepts every generated valid code and refuses it with one character changed', () => {
    const cases = fc.oneof(
      idNumberArb.map((v) => ['idNumber', v] as const),
      creditCodeArb.map((v) => ['creditCode', v] as const),
    );
    fc.assert(
      fc.property(cases, fc.nat(17), fc.constantFrom(...'0123456789X'), ([kind, value], i, c) => {
        expect(validateCode(kind, value).ok).toBe(true);
        fc.pre(value[i] !== c);
        expect(validateCode(kind, value.slice(0, i) + c + value.slice(i + 1)).ok).toBe(false);
      }),
    );
    fc.assert(fc.property(baseCodeArb, (v) => validateCode('baseCode', v).ok));
  });
});
