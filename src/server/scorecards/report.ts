import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { rankBy, SCORECARD_KEYS, type Period, type ScorecardKey } from '../../core/scorecards/index.js';
import type { ScorecardLevel, ScorecardRow } from './service.js';

/**
 * The scorecard as a workbook (one row per unit, every figure) and the monthly 通报 as a PDF: the
 * period's headline figures, the departments ranked by on-time rate and by good-rating rate, and the
 * units that did worst. Both render the rows `computeScorecard` answered, so they show what the page shows.
 */
const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');

export const FIGURE_NAMES: Record<ScorecardKey, string> = {
  received: '受理量',
  completed: '办结量',
  completionRate: '办结率',
  onTimeRate: '按时办结率',
  avgWorkingDays: '平均用时（工作日）',
  promisedSpeedup: '承诺提速率',
  actualSpeedup: '实际提速率',
  onlineShare: '网上办理占比',
  avgTrips: '平均跑动次数',
  firstTimeRightRate: '一次办成率',
  ratings: '评价数',
  goodRate: '好评率',
  badRatings: '差评数',
  rectifiedRate: '差评按期整改率',
  complaints: '投诉量',
  complaintOnTimeRate: '投诉按期答复率',
  waitMinutesAvg: '大厅平均等候（分钟）',
};
const SHARES = new Set<ScorecardKey>(['completionRate', 'onTimeRate', 'promisedSpeedup', 'actualSpeedup', 'onlineShare', 'firstTimeRightRate', 'goodRate', 'rectifiedRate', 'complaintOnTimeRate']);
const LEVEL_NAMES: Record<ScorecardLevel, string> = { region: '区域', department: '部门', window: '窗口', staff: '人员' };

const show = (k: ScorecardKey, v: number | null) => (v === null ? '—' : SHARES.has(k) ? `${(v * 100).toFixed(1)}%` : String(v));

export async function scorecardWorkbook(rows: ScorecardRow[], period: Period, level: ScorecardLevel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tongban 通办';
  const ws = wb.addWorksheet(`成绩单 ${period.from}至${period.to}`.slice(0, 31));
  ws.columns = [
    { header: LEVEL_NAMES[level], key: 'name', width: 28 },
    { header: 'id', key: 'id', width: 12 },
    ...SCORECARD_KEYS.map((k) => ({ header: `${FIGURE_NAMES[k]} (${k})`, key: k, width: 16, style: SHARES.has(k) ? { numFmt: '0.0%' } : {} })),
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
  for (const r of rows) ws.addRow(r);
  const info = wb.addWorksheet('说明');
  info.addRow(['统计期间', `${period.from} 至 ${period.to}（北京时间，含首尾两日）`]);
  info.addRow(['口径', '各指标定义见 docs/scorecards.md；空白表示该单位该期间无可计算的基数（非 0）']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 月度通报: headline figures, rankings by on-time and good-rating rate, and the units to improve. */
export function monthlyBulletin(rows: ScorecardRow[], totals: ScorecardRow[], period: Period, issuer: string, issuedOn: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `政务服务工作成绩单月度通报 ${period.from.slice(0, 7)}`, Author: issuer } });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const [y, m] = period.from.split('-');
  doc.font('bold').fontSize(20).fillColor('#c8102e').text('政务服务工作成绩单', { align: 'center' });
  doc.fontSize(15).fillColor('#000').text(`${y}年${Number(m)}月通报`, { align: 'center' });
  doc.moveDown(0.5).font('regular').fontSize(10).fillColor('#444').text(`统计期间：${period.from} 至 ${period.to}  发布单位：${issuer}  发布日期：${issuedOn}`, { align: 'center' });
  doc.moveDown();
  doc.font('bold').fontSize(13).fillColor('#000').text('一、总体情况');
  if (!totals.length) doc.font('regular').fontSize(11).text('本期无办件、评价和投诉。');
  for (const total of totals) {
    doc.font('regular').fontSize(11).text(
      `${totals.length > 1 ? `${total.name}：` : ''}本期受理办件${total.received}件，办结${total.completed}件，办结率${show('completionRate', total.completionRate)}，按时办结率${show('onTimeRate', total.onTimeRate)}；` +
        `较法定时限承诺提速${show('promisedSpeedup', total.promisedSpeedup)}、实际提速${show('actualSpeedup', total.actualSpeedup)}；网上办理占比${show('onlineShare', total.onlineShare)}，` +
        `平均跑动${show('avgTrips', total.avgTrips)}次，一次办成率${show('firstTimeRightRate', total.firstTimeRightRate)}。收到评价${total.ratings}条，好评率${show('goodRate', total.goodRate)}，` +
        `差评${total.badRatings}条，差评按期整改率${show('rectifiedRate', total.rectifiedRate)}；收到投诉${total.complaints}件，按期答复率${show('complaintOnTimeRate', total.complaintOnTimeRate)}` +
        `${total.waitMinutesAvg === null ? '' : `；政务服务大厅取号至叫号平均等候${show('waitMinutesAvg', total.waitMinutesAvg)}分钟`}。`,
      { lineGap: 4 },
    );
  }
  doc.moveDown();
  const table = (title: string, by: ScorecardKey, extra: ScorecardKey[]) => {
    doc.font('bold').fontSize(13).fillColor('#000').text(title);
    doc.moveDown(0.3);
    const ranked = rankBy(rows, by);
    const cols = [40, 200, 90, ...extra.map(() => 80)];
    const header = ['名次', '单位', FIGURE_NAMES[by], ...extra.map((k) => FIGURE_NAMES[k])];
    const line = (cells: string[], font: 'regular' | 'bold') => {
      if (doc.y > 760) doc.addPage();
      const top = doc.y;
      let x = doc.page.margins.left;
      cells.forEach((c, i) => {
        doc.font(font).fontSize(10).text(c, x, top, { width: (cols[i] ?? 80) - 6, lineBreak: false, ellipsis: true });
        x += cols[i] ?? 80;
      });
      doc.x = doc.page.margins.left;
      doc.y = top + 18;
    };
    line(header, 'bold');
    for (const r of ranked) line([r.rank === null ? '—' : String(r.rank), r.name, show(by, r[by]), ...extra.map((k) => show(k, r[k]))], 'regular');
    doc.moveDown();
  };
  table('二、按时办结率排名', 'onTimeRate', ['completed', 'actualSpeedup']);
  table('三、好评率排名', 'goodRate', ['ratings', 'badRatings']);
  const weak = rows.filter((r) => (r.onTimeRate !== null && r.onTimeRate < 0.95) || (r.rectifiedRate !== null && r.rectifiedRate < 1) || r.badRatings > 0);
  doc.font('bold').fontSize(13).text('四、需改进事项');
  doc.font('regular').fontSize(11);
  if (!weak.length) doc.text('本期各单位无按时办结率低于95%、无差评未按期整改的情况。');
  for (const r of weak) {
    doc.text(`· ${r.name}：按时办结率${show('onTimeRate', r.onTimeRate)}，差评${r.badRatings}条，差评按期整改率${show('rectifiedRate', r.rectifiedRate)}。`, { lineGap: 3 });
  }
  doc.end();
  return done;
}
