/**
 * Reads the header of a .npy file: a Python dict literal such as
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
 * Only the literal forms numpy writes are accepted (strings, ints, True/False, tuples, lists,
 * dicts); anything else is an error rather than a guess.
 */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export function parsePythonLiteral(text: string): PyValue {
  let pos = 0;

  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at character ${pos} of the header`);
  };
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };

  const parseString = (): string => {
    const quote = text[pos++];
    let out = '';
    while (pos < text.length && text[pos] !== quote) {
      if (text[pos] === '\\') {
        pos++;
        if (pos >= text.length) break;
      }
      out += text[pos++];
    }
    if (text[pos] !== quote) fail('unterminated string');
    pos++;
    return out;
  };

  const parseSequence = (close: string): PyValue[] => {
    const items: PyValue[] = [];
    for (;;) {
      skipSpace();
      if (text[pos] === close) {
        pos++;
        return items;
      }
      items.push(parseValue());
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`expected ',' or '${close}'`);
    }
  };

  const parseDict = (): { [key: string]: PyValue } => {
    const dict: { [key: string]: PyValue } = {};
    for (;;) {
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return dict;
      }
      const key = parseValue();
      if (typeof key !== 'string') fail('expected a string key');
      skipSpace();
      if (text[pos++] !== ':') fail("expected ':'");
      dict[key as string] = parseValue();
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== '}') fail("expected ',' or '}'");
    }
  };

  const parseValue = (): PyValue => {
    skipSpace();
    const c = text[pos];
    if (c === '{') {
      pos++;
      return parseDict();
    }
    if (c === '(' || c === '[') {
      pos++;
      return parseSequence(c === '(' ? ')' : ']');
    }
    if (c === "'" || c === '"') return parseString();
    const word = /^(True|False|None|-?\d+L?)/.exec(text.slice(pos, pos + 32));
    if (!word) return fail(`unexpected '${c ?? 'end of header'}'`);
    pos += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number.parseInt(word[0], 10);
  };

  const value = parseValue();
  skipSpace();
  if (pos !== text.length) fail('unexpected text after the value');
  return value;
}
