/**
 * A small strict XML 1.0 reader for tests: it throws on anything that is not well-formed (tags
 * that do not nest, a second root, unquoted or repeated attributes, `<` in an attribute value,
 * `&` that does not start a known entity or character reference, characters XML forbids) and
 * otherwise returns the element tree with entities decoded. No DTDs, no namespaces resolution:
 * names are kept as written (`viz:color`).
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Decoded character data directly inside this element, concatenated. */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function parseXml(source: string): XmlElement {
  if (FORBIDDEN.test(source)) throw new Error(`character not allowed in XML at ${source.search(FORBIDDEN)}`);
  let pos = 0;
  const fail = (message: string): never => {
    const line = source.slice(0, pos).split('\n').length;
    throw new Error(`XML not well-formed at line ${line} (offset ${pos}): ${message}`);
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);|&/g, (match, ref: string | undefined) => {
      if (ref === undefined) return fail(`bare & in "${raw.slice(0, 40)}"`);
      if (ref in ENTITIES) return ENTITIES[ref];
      const m = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(ref);
      if (m === null) return fail(`unknown entity &${ref};`);
      const code = m[1].startsWith('x') ? parseInt(m[1].slice(1), 16) : parseInt(m[1], 10);
      return String.fromCodePoint(code);
    });
  const skipSpace = (): void => {
    while (pos < source.length && /\s/.test(source[pos])) pos++;
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos + 4);
        if (end < 0) fail('unclosed comment');
        pos = end + 3;
      } else if (source.startsWith('<?', pos)) {
        const end = source.indexOf('?>', pos + 2);
        if (end < 0) fail('unclosed processing instruction');
        pos = end + 2;
      } else return;
    }
  };

  skipMisc();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (pos < source.length) {
    if (stack.length === 0 && root !== undefined) {
      skipMisc();
      if (pos < source.length) fail('content after the root element');
      break;
    }
    if (source[pos] !== '<') {
      if (stack.length === 0) fail('text outside the root element');
      const end = source.indexOf('<', pos);
      const raw = source.slice(pos, end < 0 ? source.length : end);
      if (raw.includes(']]>')) fail(']]> in text');
      stack[stack.length - 1].text += decode(raw);
      pos = end < 0 ? source.length : end;
      continue;
    }
    if (source.startsWith('<!--', pos)) {
      const end = source.indexOf('-->', pos + 4);
      if (end < 0) fail('unclosed comment');
      pos = end + 3;
      continue;
    }
    if (source.startsWith('<![CDATA[', pos)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      const end = source.indexOf(']]>', pos);
      if (end < 0) fail('unclosed CDATA');
      stack[stack.length - 1].text += source.slice(pos + 9, end);
      pos = end + 3;
      continue;
    }
    if (source.startsWith('</', pos)) {
      pos += 2;
      const name = NAME.exec(source.slice(pos))?.[0] ?? fail('bad end tag name');
      pos += name.length;
      skipSpace();
      if (source[pos] !== '>') fail(`expected > after </${name}`);
      pos++;
      const open = stack.pop();
      if (open === undefined || open.name !== name) fail(`</${name}> does not close <${open?.name ?? '(nothing)'}>`);
      continue;
    }
    pos++;
    const name = NAME.exec(source.slice(pos))?.[0] ?? fail('bad tag name');
    pos += name.length;
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      skipSpace();
      if (source.startsWith('/>', pos) || source[pos] === '>') break;
      if (pos === before) fail(`expected space before an attribute of <${name}>`);
      const attr = NAME.exec(source.slice(pos))?.[0] ?? fail(`bad attribute name in <${name}>`);
      pos += attr.length;
      skipSpace();
      if (source[pos] !== '=') fail(`expected = after ${attr}`);
      pos++;
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attr} is not quoted`);
      const end = source.indexOf(quote, pos + 1);
      if (end < 0) fail(`unclosed value of ${attr}`);
      const raw = source.slice(pos + 1, end);
      if (raw.includes('<')) fail(`< in the value of ${attr}`);
      if (attr in element.attributes) fail(`repeated attribute ${attr} in <${name}>`);
      element.attributes[attr] = decode(raw);
      pos = end + 1;
    }
    const selfClosing = source.startsWith('/>', pos);
    pos += selfClosing ? 2 : 1;
    if (stack.length === 0) {
      if (root !== undefined) fail('a second root element');
      root = element;
    } else {
      stack[stack.length - 1].children.push(element);
    }
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1].name}> is never closed`);
  if (root === undefined) fail('no root element');
  return root!;
}

/** All elements named `name` under (and including) `element`, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    if (e.name === name) found.push(e);
    for (const child of e.children) visit(child);
  };
  visit(element);
  return found;
}
