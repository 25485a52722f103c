import { Button, Checkbox, Form, Input, Radio, Space, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';

export interface RatingTags {
  levels: { level: 1 | 2 | 3 | 4 | 5; zh: string; en: string; bad: boolean; tags: string[] }[];
}
export interface RatingValues {
  level: 1 | 2 | 3 | 4 | 5;
  tags: string[];
  comment?: string;
  anonymous?: boolean;
}

const FACES: Record<number, string> = { 5: '😀', 4: '🙂', 3: '😐', 2: '🙁', 1: '😠' };

/**
 * The five-level rating form (好差评, GB/T 39734): a level, the reason tags of that level, a comment
 * (a 差评 needs a tag or a comment) and, where allowed, rating anonymously. `large` is the tablet.
 */
export function RatingForm({ onSubmit, submitText, allowAnonymous = true, large = false }: { onSubmit: (v: RatingValues) => Promise<unknown>; submitText: string; allowAnonymous?: boolean; large?: boolean }) {
  const { pick } = useI18n();
  const { data } = useApi<RatingTags>('/api/ratings/tags');
  const [form] = Form.useForm<RatingValues>();
  const [busy, setBusy] = useState(false);
  const level = Form.useWatch('level', form);
  const chosen = data?.levels.find((l) => l.level === level);
  const submit = (v: RatingValues) => {
    setBusy(true);
    onSubmit({ ...v, tags: v.tags ?? [], ...(v.comment?.trim() ? { comment: v.comment.trim() } : { comment: undefined }) }).finally(() => setBusy(false));
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ tags: [], anonymous: false }} size={large ? 'large' : 'middle'}>
      <Form.Item name="level" label={pick('满意度', 'Satisfaction')} rules={[{ required: true, message: pick('请选择满意度', 'Choose a level') }]}>
        <Radio.Group optionType="button" buttonStyle="solid" onChange={() => form.setFieldValue('tags', [])}>
          {[...(data?.levels ?? [])]
            .sort((a, b) => b.level - a.level)
            .map((l) => (
              <Radio.Button key={l.level} value={l.level} style={large ? { height: 64, lineHeight: '60px', fontSize: 20, paddingInline: 20 } : undefined}>
                {FACES[l.level]} {pick(l.zh, l.en)}
              </Radio.Button>
            ))}
        </Radio.Group>
      </Form.Item>
      {chosen && (
        <Form.Item name="tags" label={chosen.bad ? pick('不满意的原因', 'What went wrong') : pick('评价标签', 'Reasons')}>
          <Checkbox.Group options={chosen.tags.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
      )}
      <Form.Item
        name="comment"
        label={pick('意见建议', 'Comment')}
        rules={[
          {
            validator: (_r, v: string | undefined) =>
              chosen?.bad && !(form.getFieldValue('tags') as string[] | undefined)?.length && !v?.trim() ? Promise.reject(new Error(pick('差评请选择原因或填写意见', 'A bad rating needs a reason or a comment'))) : Promise.resolve(),
          },
        ]}
      >
        <Input.TextArea rows={large ? 4 : 3} maxLength={500} showCount />
      </Form.Item>
      {allowAnonymous && (
        <Form.Item name="anonymous" valuePropName="checked">
          <Checkbox>{pick('匿名评价（不接受回访）', 'Rate anonymously (no follow-up call)')}</Checkbox>
        </Form.Item>
      )}
      {chosen?.bad && <Tag color="orange" style={{ marginBottom: 12 }}>{pick('差评将转交责任部门整改并回访', 'A bad rating goes to the department for follow-up and rectification')}</Tag>}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} size={large ? 'large' : 'middle'}>
          {submitText}
        </Button>
      </Space>
    </Form>
  );
}
