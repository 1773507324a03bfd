// Objects made with a known list of keys, by a function compiled once for that list:
// `(values, base) => ({ "name": values[base], "tags": values[base + 1], … })`.
//
// The decoder (json-decode.ts) and the unpacker (compact-json.ts) make hundreds of thousands of
// objects a load, almost all with one of a few dozen key lists (a node's fields, a column's, an
// asset's). An object literal is V8's fastest way to make one: a copy of a boilerplate of the right
// shape, filled by stores whose places are known when the function is compiled. Copying a template
// object and storing by key name (what the two did before) paid for a generic copy and a lookup of
// every key, and was about 4% slower on the whole 10,000-model load.
//
// The keys are written into the source as JSON strings, which JavaScript reads as the same strings:
// no key can change what the function does. A literal's `"__proto__"` would set the prototype where
// JSON.parse makes an own property, so key lists holding it get no factory.

/** Makes an object of the factory's keys, in order, from values[base], values[base + 1], … */
export type ObjectFactory = (values: readonly unknown[], base: number) => Record<string, unknown>;

/** Longer key lists are rare (user `meta` objects) and not worth a compiled function. */
const MAX_KEYS = 64;
/** Compiled factories kept for the process (later loads reuse them warm), by their keys. */
const MAX_FACTORIES = 2048;
const factories = new Map<string, ObjectFactory>();

function compile(keys: readonly string[]): ObjectFactory {
  const members = keys.map((key, i) => `${JSON.stringify(key)}: values[base + ${i}]`);
  // Data never becomes code here: each key is a string literal (see above).
  return new Function('values', 'base', `return { ${members.join(', ')} };`) as ObjectFactory;
}

/** The factory for objects of `keys` (in this order), or undefined where one is not made. */
export function objectFactory(keys: readonly string[]): ObjectFactory | undefined {
  if (keys.length > MAX_KEYS || keys.includes('__proto__')) return undefined;
  const id = JSON.stringify(keys); // one text per key list, whatever its keys hold
  let factory = factories.get(id);
  if (factory === undefined) {
    if (factories.size >= MAX_FACTORIES) return undefined;
    factory = compile(keys);
    factories.set(id, factory);
  }
  return factory;
}
