import { AnyLossError } from '@anyloss/core';

/**
 * Fills the `{name}` placeholders of a report template. Every placeholder must have a value and every value must be
 * used, so a renamed placeholder fails loudly instead of printing `{name}` into a report.
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` naming the missing or unused placeholder.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  const used = new Set<string>();
  const text = template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    if (!Object.hasOwn(values, name))
      throw new AnyLossError('INVALID_ARGUMENT', `report template placeholder {${name}} has no value.`, {
        argument: 'values',
        value: name,
      });
    used.add(name);
    return String(values[name]);
  });
  for (const name of Object.keys(values)) {
    if (!used.has(name))
      throw new AnyLossError('INVALID_ARGUMENT', `report template has no placeholder {${name}}.`, { argument: 'values', value: name });
  }
  return text;
}
