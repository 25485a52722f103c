/** Wording rules shared by the notices (server) and the case pages (web). */

/** Text a person typed, as a clause inside a sentence: no trailing punctuation, no surrounding blanks. */
export function clause(text: string): string {
  return text.trim().replace(/[。．.，,；;：:！!？?、\s]+$/u, '');
}

/** A correction line names the material once: "申请人有效身份证件：未提交", never "…：缺少申请人有效身份证件". */
export function correctionLine(name: string, reason: string): string {
  const r = clause(reason);
  if (!r) return name;
  if (r.includes(name)) return r;
  return `${name}：${r}`;
}
