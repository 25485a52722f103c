/**
 * Upload type by content, not by name: the accepted formats and their magic numbers.
 * A file whose bytes match none of them is refused whatever its name or declared type says.
 */
export type AcceptedMime = 'application/pdf' | 'image/png' | 'image/jpeg' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function sniffMime(bytes: Buffer): AcceptedMime | undefined {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return undefined;
}

/** Materials may be PDF or images. */
export const MATERIAL_MIMES: readonly AcceptedMime[] = ['application/pdf', 'image/png', 'image/jpeg'];
