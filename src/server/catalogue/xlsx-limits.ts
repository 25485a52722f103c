import zlib from 'node:zlib';
import { DomainError } from '../errors.js';

/**
 * Limits an uploaded .xlsx (a ZIP container) must meet before any spreadsheet parser sees it (issue 8
 * finding 10: a 415 KB workbook unpacked to 1 GB in the server). The central directory is read first
 * (entry count, declared sizes, compression ratios); then each entry is inflated with a hard output
 * cap equal to its declared size, so a header that lies about its size is caught without unpacking
 * more than the limits allow; worksheets are scanned for their row and cell counts on the way.
 */
export interface XlsxLimits {
  maxEntries: number;
  /** Largest unpacked size of one entry. */
  maxEntryBytes: number;
  /** Largest unpacked size of all entries together. */
  maxTotalBytes: number;
  /** Largest unpacked/packed ratio of an entry bigger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxRows: number;
  maxCells: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  maxEntries: 100,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 40 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxRows: 100_000,
  maxCells: 1_000_000,
};

export interface XlsxStats {
  entries: number;
  unpackedBytes: number;
  rows: number;
  cells: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;

function refuse(zh: string, en: string): DomainError {
  return new DomainError('UPLOAD_REJECTED', { zh: `Excel 文件被拒绝：${zh}`, en: `The Excel file was refused: ${en}` }, [{ code: 'xlsx.limits', zh, en }]);
}

const notZip = () => refuse('不是有效的 .xlsx（ZIP）文件', 'it is not a valid .xlsx (ZIP) file');

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes at the end of the file.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  }
  return -1;
}

function countOccurrences(hay: Buffer, needles: Buffer[]): number {
  let n = 0;
  for (const needle of needles) {
    for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) n++;
  }
  return n;
}
const ROW_TAGS = [Buffer.from('<row '), Buffer.from('<row>')];
const CELL_TAGS = [Buffer.from('<c '), Buffer.from('<c>')];
const isWorksheet = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(name);

/** Checks the container against the limits; throws a bilingual UPLOAD_REJECTED (422) when it breaks one. */
export function checkXlsxContainer(buf: Buffer, limits: XlsxLimits = XLSX_LIMITS): XlsxStats {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LFH_SIG) throw notZip();
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) throw notZip();
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) throw refuse('文件使用 ZIP64 格式，超出导入限制', 'it uses ZIP64, beyond the import limits');
  if (entries > limits.maxEntries) throw refuse(`压缩包内有${entries}个文件，最多${limits.maxEntries}个`, `it holds ${entries} entries; at most ${limits.maxEntries} are allowed`);
  if (cdOffset + cdSize > eocd) throw notZip();

  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  let total = 0;
  let rows = 0;
  let cells = 0;
  let p = cdOffset;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CDH_SIG) throw notZip();
    const method = buf.readUInt16LE(p + 10);
    const packed = buf.readUInt32LE(p + 20);
    const unpacked = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;

    // Declared sizes first: refuse before unpacking anything.
    if (unpacked > limits.maxEntryBytes) throw refuse(`「${name}」解压后${mb(unpacked)}，单个文件最多${mb(limits.maxEntryBytes)}`, `"${name}" unpacks to ${mb(unpacked)}; at most ${mb(limits.maxEntryBytes)} per entry`);
    total += unpacked;
    if (total > limits.maxTotalBytes) throw refuse(`解压后总大小超过${mb(limits.maxTotalBytes)}`, `it unpacks to more than ${mb(limits.maxTotalBytes)} in total`);
    if (unpacked > limits.ratioFloorBytes && unpacked > packed * limits.maxRatio) {
      throw refuse(`「${name}」压缩比过高（${Math.round(unpacked / Math.max(packed, 1))}:1，可能是压缩炸弹）`, `"${name}" is compressed ${Math.round(unpacked / Math.max(packed, 1))}:1, which looks like a zip bomb`);
    }

    // Then the bytes: inflate with a cap at the declared size, so a lying header cannot unpack more.
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LFH_SIG) throw notZip();
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataStart + packed > buf.length) throw notZip();
    const data = buf.subarray(dataStart, dataStart + packed);
    let content: Buffer;
    if (method === 0) {
      content = data;
    } else if (method === 8) {
      try {
        content = zlib.inflateRawSync(data, { maxOutputLength: Math.max(unpacked, 1) });
      } catch {
        throw refuse(`「${name}」的实际内容与声明的大小不符`, `"${name}" does not unpack to its declared size`);
      }
    } else {
      throw refuse(`「${name}」使用了不支持的压缩方式`, `"${name}" uses an unsupported compression method`);
    }
    if (content.length !== unpacked) throw refuse(`「${name}」的实际内容与声明的大小不符`, `"${name}" does not unpack to its declared size`);
    if (isWorksheet(name)) {
      rows += countOccurrences(content, ROW_TAGS);
      cells += countOccurrences(content, CELL_TAGS);
      if (rows > limits.maxRows) throw refuse(`工作表共超过${limits.maxRows}行`, `the sheets hold more than ${limits.maxRows} rows`);
      if (cells > limits.maxCells) throw refuse(`工作表共超过${limits.maxCells}个单元格`, `the sheets hold more than ${limits.maxCells} cells`);
    }
  }
  return { entries, unpackedBytes: total, rows, cells };
}
