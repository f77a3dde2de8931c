/**
 * Generators shared by the fuzz tests: text made of the characters that break parsers, and
 * values of every JSON type for places that expect one particular type.
 */
import fc from 'fast-check';

/** Characters a CSV or event-log reader must treat with care. */
const AWKWARD_CHARS = ['"', ',', '\r', '\n', '\uFEFF', ' ', '\t', '\u0000', '\u2028', '\u00e9', '\u{1F600}', '\\', "'", '+', '-', ':'];

/** One "character" of awkward text: mostly special characters, some plain and some any unicode. */
const awkwardUnit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...AWKWARD_CHARS) },
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'Z', '0', '9', 'x y') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/** Text with many quotes, commas, CR, LF, byte-order marks and non-ASCII characters. */
export function awkwardText(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.array(awkwardUnit, { minLength: constraints.minLength ?? 0, maxLength: constraints.maxLength ?? 12 }).map((parts) => parts.join(''));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Like {@link awkwardText}, but valid UTF-16 (no lone surrogates), so it survives a trip through UTF-8 bytes. */
export function wellFormedText(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return awkwardText(constraints).filter((s) => !LONE_SURROGATE.test(s));
}


/** Strings that look like numbers, dates or keywords without being valid ones, and strings with control characters. */
export const trickyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x10', '00', '2147483648', '9007199254740993', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor', 'toString', '2024-02-30', '2024-13-01T00:00:00Z', '1970-01-01T00:00:00', '\u0000', '\u001f', '\u007f', '\u0085', '\r\n', '"', "'; DROP", '\uFEFF', '\uD800'),
  awkwardText({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Numbers at and beyond the edges: huge, tiny, negative zero, non-integers. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 0.5, 1e21),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, with tricky strings and edge numbers in it, nested a few levels. */
export const wildJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString,
    edgeNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(trickyString, fc.constantFrom('id', 'name', 'goal', 'actors', 'model')), tie('value'), { maxKeys: 4 }),
  ),
})).value;
