import { Alert, Button, Card, Empty, Modal, Radio, Result, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError, post } from '../shared/api.js';
import { useI18n } from '../shared/i18n.js';
import { useApi } from '../shared/use-api.js';

interface Hall {
  id: string;
  name: string;
  nameEn: string | null;
  categories: { category: string; letter: string; nameEn: string | null }[];
}
interface Slots {
  capacity: number;
  days: { date: string; slots: { start: string; end: string; free: number }[] }[];
}
export interface Booking {
  id: string;
  hallId: string;
  hallName: string;
  category: string;
  implId: string | null;
  bundleId: string | null;
  date: string;
  start: string;
  end: string;
  state: 'active' | 'checked_in' | 'cancelled' | 'no_show';
  checkInCode: string | null;
}

const weekdayOf = (date: string, en: boolean) => new Date(`${date}T00:00:00+08:00`).toLocaleDateString(en ? 'en-GB' : 'zh-CN', { weekday: 'short', timeZone: 'Asia/Shanghai' });

/** Day and half-hour slot with their free seats; the chosen one is `value` (date + start). */
function SlotPicker({ hallId, category, value, onChange }: { hallId: string; category: string; value?: { date: string; start: string }; onChange: (v: { date: string; start: string }) => void }) {
  const { pick, lang } = useI18n();
  const slots = useApi<Slots>(`/api/public/halls/${hallId}/slots?category=${encodeURIComponent(category)}&days=14`);
  const [date, setDate] = useState<string>();
  const days = slots.data?.days ?? [];
  const day = days.find((d) => d.date === (date ?? value?.date)) ?? days[0];
  if (slots.loading && !slots.data) return <Card loading />;
  if (days.length === 0) return <Empty description={pick('近期没有可预约的时段', 'No bookable slots in the coming days')} />;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Radio.Group value={day?.date} onChange={(e) => setDate(e.target.value as string)} optionType="button" buttonStyle="solid" aria-label={pick('日期', 'Day')}>
        {days.map((d) => (
          <Radio.Button key={d.date} value={d.date}>
            {d.date.slice(5)} {weekdayOf(d.date, lang !== 'zh-CN')}
          </Radio.Button>
        ))}
      </Radio.Group>
      <Radio.Group value={value && value.date === day?.date ? value.start : undefined} onChange={(e) => day && onChange({ date: day.date, start: e.target.value as string })} aria-label={pick('时段', 'Slot')}>
        <Space wrap>
          {day?.slots.map((s) => (
            <Radio.Button key={s.start} value={s.start} disabled={s.free === 0} style={{ height: 'auto', lineHeight: 1.4, padding: '6px 12px' }}>
              <div>
                {s.start}–{s.end}
              </div>
              <Typography.Text type={s.free === 0 ? 'secondary' : 'success'} style={{ fontSize: 12 }}>
                {s.free === 0 ? pick('已约满', 'Full') : pick(`余 ${s.free}`, `${s.free} free`)}
              </Typography.Text>
            </Radio.Button>
          ))}
        </Space>
      </Radio.Group>
    </Space>
  );
}

/** 预约办理: book a visit to the hall for an item (`?implId=`) or a 一件事 bundle (`?bundleId=`). */
export function BookingPage() {
  const { pick } = useI18n();
  const [params] = useSearchParams();
  const implId = params.get('implId');
  const bundleId = params.get('bundleId');
  const item = useApi<{ name: string; nameEn: string | null; content: { category?: string } }>(implId ? `/api/catalogue/items/${implId}` : null);
  const bundle = useApi<{ name: string }>(bundleId ? `/api/public/bundles/${bundleId}` : null);
  const halls = useApi<{ halls: Hall[] }>('/api/public/halls');
  const [hallId, setHallId] = useState<string>();
  const [category, setCategory] = useState<string>();
  const [slot, setSlot] = useState<{ date: string; start: string }>();
  const [done, setDone] = useState<Booking>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const hall = halls.data?.halls.find((h) => h.id === hallId) ?? halls.data?.halls.find((h) => h.categories.length > 0);
  const itemCategory = item.data?.content.category;
  useEffect(() => {
    if (!hall || category) return;
    if (itemCategory && hall.categories.some((c) => c.category === itemCategory)) setCategory(itemCategory);
  }, [hall, itemCategory, category]);

  const book = async () => {
    if (!hall || !category || !slot) return;
    setBusy(true);
    setError(undefined);
    try {
      setDone(await post<Booking>('/api/hall/bookings', { hallId: hall.id, category, date: slot.date, start: slot.start, ...(implId ? { implId } : {}), ...(bundleId ? { bundleId } : {}) }));
    } catch (e) {
      setError(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : pick('预约失败', 'Booking failed'));
    } finally {
      setBusy(false);
    }
  };

  const subject = implId ? pick(item.data?.name ?? '', item.data?.nameEn ?? item.data?.name ?? '') : bundleId ? pick(`${bundle.data?.name ?? ''}“一件事”`, `${bundle.data?.name ?? ''} (bundle)`) : '';
  if (done) {
    return (
      <Card>
        <Result
          status="success"
          title={pick('预约成功', 'Booked')}
          subTitle={`${done.hallName} · ${done.category} · ${done.date} ${done.start}–${done.end}${subject ? ` · ${subject}` : ''}`}
          extra={[
            <Link key="mine" to="/my/bookings">
              <Button type="primary">{pick('我的预约', 'My bookings')}</Button>
            </Link>,
          ]}
        >
          <Space direction="vertical" align="center" style={{ width: '100%' }}>
            <Typography.Text>{pick('签到码（到大厅后在自助终端输入，取优先号）', 'Check-in code (enter it at the hall’s kiosk for a priority ticket)')}</Typography.Text>
            <div data-testid="check-in-code" style={{ fontSize: 44, fontWeight: 700, letterSpacing: 8 }}>
              {done.checkInCode}
            </div>
            <Typography.Text type="secondary">{pick('可在时段开始前 30 分钟至时段结束签到；前一天会短信提醒。', 'Check in from 30 minutes before the slot until it ends; we send a reminder by SMS the day before.')}</Typography.Text>
          </Space>
        </Result>
      </Card>
    );
  }
  return (
    <Card title={pick('预约办理', 'Book a visit')}>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {subject && (
          <Typography.Text>
            {pick('办理事项：', 'For: ')}
            <Typography.Text strong>{subject}</Typography.Text>
          </Typography.Text>
        )}
        <Space wrap>
          <Select
            style={{ minWidth: 240 }}
            aria-label={pick('大厅', 'Hall')}
            value={hall?.id}
            onChange={(v: string) => {
              setHallId(v);
              setCategory(undefined);
              setSlot(undefined);
            }}
            options={(halls.data?.halls ?? []).map((h) => ({ value: h.id, label: pick(h.name, h.nameEn ?? h.name) }))}
          />
          <Select
            style={{ minWidth: 200 }}
            aria-label={pick('业务类别', 'Category')}
            placeholder={pick('选择业务类别', 'Choose a category')}
            value={category}
            onChange={(v: string) => {
              setCategory(v);
              setSlot(undefined);
            }}
            options={(hall?.categories ?? []).map((c) => ({ value: c.category, label: `${c.letter} ${pick(c.category, c.nameEn ?? c.category)}` }))}
          />
        </Space>
        {hall && category && <SlotPicker key={`${hall.id}/${category}`} hallId={hall.id} category={category} value={slot} onChange={setSlot} />}
        {error && <Alert type="error" showIcon message={error} />}
        <Button type="primary" size="large" disabled={!slot} loading={busy} onClick={() => void book()}>
          {slot ? pick(`预约 ${slot.date} ${slot.start}`, `Book ${slot.date} ${slot.start}`) : pick('请选择时段', 'Choose a slot')}
        </Button>
      </Space>
    </Card>
  );
}

const STATE: Record<Booking['state'], [string, string, string]> = {
  active: ['待签到', 'Booked', 'blue'],
  checked_in: ['已签到', 'Checked in', 'green'],
  cancelled: ['已取消', 'Cancelled', 'default'],
  no_show: ['失约', 'Missed', 'red'],
};

/** 我的预约: see, change (改约) and cancel my bookings. */
export function MyBookingsPage() {
  const { pick } = useI18n();
  const mine = useApi<{ bookings: Booking[]; noShows: number }>('/api/hall/bookings');
  const [changing, setChanging] = useState<Booking>();
  const [to, setTo] = useState<{ date: string; start: string }>();
  const [error, setError] = useState<string>();
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      setChanging(undefined);
      setTo(undefined);
      mine.reload();
    } catch (e) {
      setError(e instanceof ApiError ? pick(e.body.message, e.body.messageEn) : pick('操作失败', 'Failed'));
    }
  };
  return (
    <Card title={pick('我的预约', 'My bookings')} extra={<Link to="/hall/book">{pick('新预约', 'New booking')}</Link>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {(mine.data?.noShows ?? 0) > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={pick(`您有 ${mine.data?.noShows ?? 0} 次预约未到；多次失约将暂停网上预约。`, `You missed ${mine.data?.noShows ?? 0} booking(s); repeated no-shows pause online booking.`)} />}
      <Table<Booking>
        rowKey="id"
        loading={mine.loading}
        dataSource={mine.data?.bookings ?? []}
        pagination={false}
        columns={[
          { title: pick('时间', 'When'), render: (_, b) => `${b.date} ${b.start}–${b.end}` },
          { title: pick('大厅', 'Hall'), dataIndex: 'hallName' },
          { title: pick('业务类别', 'Category'), dataIndex: 'category' },
          { title: pick('签到码', 'Check-in code'), render: (_, b) => (b.checkInCode ? <Typography.Text strong>{b.checkInCode}</Typography.Text> : '—') },
          { title: pick('状态', 'State'), render: (_, b) => <Tag color={STATE[b.state][2]}>{pick(STATE[b.state][0], STATE[b.state][1])}</Tag> },
          {
            title: pick('操作', 'Actions'),
            render: (_, b) =>
              b.state === 'active' ? (
                <Space>
                  <Button size="small" onClick={() => setChanging(b)}>
                    {pick('改约', 'Change')}
                  </Button>
                  <Button size="small" danger onClick={() => Modal.confirm({ title: pick('取消这个预约？', 'Cancel this booking?'), okText: pick('取消预约', 'Cancel booking'), cancelText: pick('返回', 'Back'), onOk: () => act(() => post(`/api/hall/bookings/${b.id}/cancel`)) })}>
                    {pick('取消', 'Cancel')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!changing}
        title={pick('改约', 'Change the booking')}
        okText={pick('确认改约', 'Move it')}
        cancelText={pick('返回', 'Back')}
        okButtonProps={{ disabled: !to }}
        onCancel={() => {
          setChanging(undefined);
          setTo(undefined);
        }}
        onOk={() => changing && to && act(() => api('PATCH', `/api/hall/bookings/${changing.id}`, to))}
        width={720}
      >
        {changing && <SlotPicker hallId={changing.hallId} category={changing.category} value={to} onChange={setTo} />}
      </Modal>
    </Card>
  );
}
