import type { FormProps } from 'antd';

type ValidateMessages = NonNullable<FormProps['validateMessages']>;

/**
 * The form library's own messages, readable (issue 9: antd's zh-CN default for a pattern is
 * "${label}与模式不匹配${pattern}", which put a raw regex in front of the person). Fields with a
 * specific rule message keep it; these are the fallbacks, and never show a pattern.
 */
export const VALIDATE_MESSAGES: Record<'zh-CN' | 'en-US', ValidateMessages> = {
  'zh-CN': {
    default: '${label}不符合要求',
    required: '请填写${label}',
    enum: '${label}的取值不在允许范围内',
    whitespace: '${label}不能为空',
    types: { email: '${label}应为有效的电子邮箱地址', number: '${label}应为数字', integer: '${label}应为整数', url: '${label}应为网址' },
    string: { len: '${label}应为 ${len} 个字符', min: '${label}至少 ${min} 个字符', max: '${label}最多 ${max} 个字符', range: '${label}应为 ${min}–${max} 个字符' },
    number: { len: '${label}应等于 ${len}', min: '${label}不能小于 ${min}', max: '${label}不能大于 ${max}', range: '${label}应在 ${min}–${max} 之间' },
    array: { len: '${label}应为 ${len} 项', min: '${label}至少 ${min} 项', max: '${label}最多 ${max} 项', range: '${label}应为 ${min}–${max} 项' },
    pattern: { mismatch: '${label}格式不正确' },
  },
  'en-US': {
    default: '${label} is not valid',
    required: '${label} is required',
    enum: '${label} is not one of the allowed values',
    whitespace: '${label} must not be empty',
    types: { email: '${label} must be a valid email address', number: '${label} must be a number', integer: '${label} must be a whole number', url: '${label} must be a web address' },
    string: { len: '${label} must be ${len} characters', min: '${label} needs at least ${min} characters', max: '${label} may have at most ${max} characters', range: '${label} must be ${min}–${max} characters' },
    number: { len: '${label} must equal ${len}', min: '${label} must be at least ${min}', max: '${label} must be at most ${max}', range: '${label} must be between ${min} and ${max}' },
    array: { len: '${label} must have ${len} items', min: '${label} needs at least ${min} items', max: '${label} may have at most ${max} items', range: '${label} must have ${min}–${max} items' },
    pattern: { mismatch: '${label} has the wrong format' },
  },
};
