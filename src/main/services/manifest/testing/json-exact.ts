// Test helper: a JSON value written out with everything that tells two parses apart (key order,
// -0, own `__proto__` keys, prototypes, lone surrogates), so one string compare checks them all.

export function exactly(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value); // escapes lone surrogates
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(exactly).join(',')}]`;
  if (Object.getPrototypeOf(value) !== Object.prototype) return '<not a plain object>';
  const pairs = Object.keys(value).map((key) => {
    // Read as an own property: value['__proto__'] would be the prototype.
    const own: unknown = Object.getOwnPropertyDescriptor(value, key)?.value;
    return `${JSON.stringify(key)}:${exactly(own)}`;
  });
  return `{${pairs.join(',')}}`;
}
