import { DatePicker, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import { periodAround, type PeriodChoice } from '../../core/scorecards/periods.js';
import { useI18n } from '../shared/i18n.js';

export type { PeriodChoice };

/** 统计期间: a month, a quarter, a year, or any range of days (at most two years, as the API allows). */
export function PeriodPicker({ value, onChange }: { value: PeriodChoice; onChange: (p: PeriodChoice) => void }) {
  const { pick } = useI18n();
  const set = (kind: PeriodChoice['kind'], day: string) => onChange(kind === 'custom' ? { kind, from: value.from, to: value.to } : { kind, ...periodAround(kind, day) });
  return (
    <Space wrap>
      <Segmented
        aria-label={pick('统计周期', 'Period')}
        value={value.kind}
        onChange={(k) => set(k as PeriodChoice['kind'], value.from)}
        options={[
          { value: 'month', label: pick('月度', 'Month') },
          { value: 'quarter', label: pick('季度', 'Quarter') },
          { value: 'year', label: pick('年度', 'Year') },
          { value: 'custom', label: pick('自定义', 'Custom') },
        ]}
      />
      {value.kind === 'custom' ? (
        <DatePicker.RangePicker
          aria-label={pick('起止日期', 'From – to')}
          value={[dayjs(value.from), dayjs(value.to)]}
          allowClear={false}
          onChange={(r) => r?.[0] && r[1] && onChange({ kind: 'custom', from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') })}
        />
      ) : (
        <DatePicker
          aria-label={pick('统计期间', 'Period')}
          picker={value.kind}
          value={dayjs(value.from)}
          allowClear={false}
          onChange={(d) => d && set(value.kind, d.format('YYYY-MM-DD'))}
        />
      )}
    </Space>
  );
}
