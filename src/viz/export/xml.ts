/**
 * Text for XML documents. XML 1.0 allows only tab, newline, carriage return and the characters
 * from U+0020 up, without lone surrogates and U+FFFE/U+FFFF: `xmlText` drops the rest, and
 * `escapeXml` also escapes the five special characters, so that any name becomes valid element
 * content or attribute value.
 */

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

/** The text escaped for element content and attribute values (either quote). */
export function escapeXml(text: string): string {
  return xmlText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A number for an XML attribute: at most `digits` decimals, no trailing zeros, no -0. */
export function num(value: number, digits = 2): string {
  const rounded = Number(value.toFixed(digits));
  return String(rounded === 0 ? 0 : rounded);
}
