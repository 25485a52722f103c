/**
 * Fills a message template: `{n}` is replaced by the value, and `{n:trip|trips}` picks the singular or
 * plural word by the language's plural rules (Intl.PluralRules), so English reads "1 trip", "2 trips"
 * instead of "1 trip(s)". Chinese has no plural forms; its templates simply do not use the `:` form.
 */
export function formatMessage(template: string, vars: Record<string, string | number> | undefined, lang: string): string {
  if (!vars) return template;
  const rules = new Intl.PluralRules(lang);
  return template.replace(/\{(\w+)(?::([^|}]*)\|([^}]*))?\}/g, (whole, name: string, one: string | undefined, other: string | undefined) => {
    if (!(name in vars)) return whole;
    const value = vars[name] as string | number;
    if (one === undefined || other === undefined) return String(value);
    return rules.select(Number(value)) === 'one' ? one : other;
  });
}
