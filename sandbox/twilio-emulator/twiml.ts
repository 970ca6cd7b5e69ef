// A strict little TwiML reader: enough XML for <Response> documents, and malformed TwiML is an
// error (as Twilio's "application error"), so the app cannot get away with broken markup.
export interface TwimlVerb {
  name: string;
  attrs: Record<string, string>;
  children: TwimlVerb[];
  /** Text directly inside the element, entities decoded, trimmed. */
  text: string;
}

export class TwimlError extends Error {}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/gy;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(ENTITY, (_, hex?: string, dec?: string, name?: string) =>
    name ? NAMED[name.toLowerCase()]! : String.fromCodePoint(parseInt(hex ?? dec!, hex ? 16 : 10)),
  );
}

/** The verbs inside <Response>, in order; throws TwimlError for anything else. */
export function parseTwiml(xml: string): TwimlVerb[] {
  const root: TwimlVerb = { name: '#document', attrs: {}, children: [], text: '' };
  const open = [root];
  TOKEN.lastIndex = 0;
  const source = xml.trim();
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) throw new TwimlError(`malformed TwiML at character ${at}`);
    const [token, closing, name, attributeText, selfClosing, text] = match;
    const parent = open[open.length - 1]!;
    if (text !== undefined) parent.text = (parent.text + decode(text)).trim();
    if (!name || token.startsWith('<!--') || token.startsWith('<?')) continue;
    if (closing) {
      if (parent.name !== name) throw new TwimlError(`</${name}> closes <${parent.name}>`);
      open.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const [, key, double, single] of (attributeText ?? '').matchAll(ATTRIBUTE)) attrs[key!] = decode(double ?? single ?? '');
    const element: TwimlVerb = { name, attrs, children: [], text: '' };
    parent.children.push(element);
    if (!selfClosing) open.push(element);
  }
  const [response, ...rest] = root.children;
  if (open.length !== 1 || response?.name !== 'Response' || rest.length > 0) throw new TwimlError('TwiML must be one <Response> document');
  return response.children;
}
