/**
 * Domain errors are values with a stable code, an HTTP status and zh-CN / en-US messages.
 * The one error handler in app.ts maps them to `{ ok: false, error, message, messageEn, details }`.
 */
export type Localized = { zh: string; en: string };

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'CSRF_INVALID'
  | 'LOGIN_FAILED'
  | 'ACCOUNT_LOCKED'
  | 'TOO_MANY_REQUESTS'
  | 'SESSION_EXPIRED'
  | 'CODE_INVALID'
  | 'SECOND_FACTOR_REQUIRED'
  | 'CATALOGUE_INVALID'
  | 'CATALOGUE_ILLEGAL_TRANSITION'
  | 'CATALOGUE_STALE_VERSION'
  | 'CALENDAR_INVALID'
  | 'IMPORT_INVALID'
  | 'CASE_ILLEGAL_TRANSITION'
  | 'CASE_RULE_VIOLATION'
  | 'UPLOAD_REJECTED'
  | 'DATABASE_UNAVAILABLE'
  | 'HALL_TICKET_REFUSED'
  | 'HALL_BOOKING_REFUSED'
  // 数据共享 (issue 11): a source the directory lists but this installation has not connected; a source that did not answer.
  | 'DATA_SOURCE_NOT_CONNECTED'
  | 'DATA_SOURCE_UNAVAILABLE'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CSRF_INVALID: 403,
  LOGIN_FAILED: 401,
  ACCOUNT_LOCKED: 423,
  TOO_MANY_REQUESTS: 429,
  SESSION_EXPIRED: 401,
  CODE_INVALID: 400,
  SECOND_FACTOR_REQUIRED: 403,
  CATALOGUE_INVALID: 422,
  CATALOGUE_ILLEGAL_TRANSITION: 409,
  CATALOGUE_STALE_VERSION: 409,
  CALENDAR_INVALID: 422,
  IMPORT_INVALID: 422,
  CASE_ILLEGAL_TRANSITION: 409,
  CASE_RULE_VIOLATION: 422,
  UPLOAD_REJECTED: 422,
  DATABASE_UNAVAILABLE: 503,
  HALL_TICKET_REFUSED: 409,
  HALL_BOOKING_REFUSED: 422,
  DATA_SOURCE_NOT_CONNECTED: 409,
  DATA_SOURCE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

const DEFAULT_MESSAGE: Record<ErrorCode, Localized> = {
  VALIDATION_FAILED: { zh: '请求参数不正确', en: 'The request is not valid' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please log in first' },
  FORBIDDEN: { zh: '您无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { zh: '未找到该对象', en: 'Not found' },
  CONFLICT: { zh: '数据已被他人修改，请刷新后重试', en: 'Someone else changed this; reload and try again' },
  CSRF_INVALID: { zh: '页面已过期，请刷新后重试', en: 'The page has expired; reload and try again' },
  LOGIN_FAILED: { zh: '账号或密码错误', en: 'Wrong account or password' },
  ACCOUNT_LOCKED: { zh: '登录失败次数过多，账号已临时锁定', en: 'Too many failed logins; the account is locked for a while' },
  TOO_MANY_REQUESTS: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  SESSION_EXPIRED: { zh: '登录已超时，请重新登录', en: 'Your session has expired; please log in again' },
  CODE_INVALID: { zh: '验证码错误或已过期，请重新获取', en: 'The code is wrong or has expired; request a new one' },
  SECOND_FACTOR_REQUIRED: { zh: '工作人员须先绑定动态验证码（双因素认证）', en: 'Staff must set up a second factor (authenticator app) first' },
  CATALOGUE_INVALID: { zh: '事项信息不符合规则', en: 'The service item breaks catalogue rules' },
  CATALOGUE_ILLEGAL_TRANSITION: { zh: '当前版本状态不允许该操作', en: 'This version is not in a state that allows this' },
  CATALOGUE_STALE_VERSION: { zh: '事项已被他人修改，请刷新后重试', en: 'The item was changed by someone else; reload and try again' },
  CALENDAR_INVALID: { zh: '日历数据不正确', en: 'The calendar data is not valid' },
  IMPORT_INVALID: { zh: '导入文件内容不正确', en: 'The imported file is not valid' },
  CASE_ILLEGAL_TRANSITION: { zh: '办件当前状态不允许该操作', en: 'The case is not in a state that allows this' },
  CASE_RULE_VIOLATION: { zh: '该操作违反办件规则', en: 'This action breaks a case rule' },
  UPLOAD_REJECTED: { zh: '上传的文件不符合要求', en: 'The uploaded file is not accepted' },
  DATABASE_UNAVAILABLE: { zh: '数据库暂时无法连接，请稍后重试', en: 'The database is briefly unavailable; please try again shortly' },
  HALL_TICKET_REFUSED: { zh: '该号当前不能这样处理', en: 'The ticket cannot be handled that way now' },
  HALL_BOOKING_REFUSED: { zh: '不能预约该时段', en: 'That slot cannot be booked' },
  DATA_SOURCE_NOT_CONNECTED: { zh: '该数据源尚未接入本平台', en: 'This data source is not connected to the platform' },
  DATA_SOURCE_UNAVAILABLE: { zh: '数据源暂时无法访问，请稍后重试或请申请人提交材料', en: 'The data source is not answering; try again later or ask the applicant for the document' },
  INTERNAL: { zh: '系统繁忙，请稍后再试', en: 'Something went wrong; please try again later' },
};

export interface ErrorDetail {
  /** Stable machine code of one problem, e.g. a catalogue rule id or a field path. */
  code: string;
  path?: string;
  zh: string;
  en: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly localized: Localized;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message?: Partial<Localized>, details: ErrorDetail[] = []) {
    const base = DEFAULT_MESSAGE[code];
    const localized = { zh: message?.zh ?? base.zh, en: message?.en ?? base.en };
    super(localized.en);
    this.name = 'DomainError';
    this.code = code;
    this.status = STATUS[code];
    this.localized = localized;
    this.details = details;
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unreachable: ${JSON.stringify(value)}`);
}

export const notFound = (what?: Localized) => new DomainError('NOT_FOUND', what);
export const forbidden = (why?: Localized) => new DomainError('FORBIDDEN', why);
