/**
 * Where a JSON text first breaks the grammar (RFC 8259), as a character offset.
 * V8's JSON.parse names the position for some errors only ("Unexpected token ','
 * … is not valid JSON" has none), and users need the line. Runs only after
 * JSON.parse has failed. Iterative, with an explicit stack of open containers.
 */
const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function jsonErrorOffset(text: string): number {
  let i = 0;
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  const skip = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const match = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  // state: expecting a value; after a value: expecting , or a closer
  for (;;) {
    skip();
    // --- a value
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      stack.push(c);
      i++;
      skip();
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(i) === close) {
        stack.pop();
        i++;
      } else {
        if (c === 0x7b && !expectKey()) return i;
        continue;
      }
    } else if (c === 0x22) {
      if (!match(STRING)) return i;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else if (!match(NUMBER)) return i;
    // --- after a value
    for (;;) {
      skip();
      if (stack.length === 0) return i < text.length ? i : -1;
      const top = stack[stack.length - 1]!;
      const d = text.charCodeAt(i);
      if (d === 0x2c) {
        i++;
        if (top === 0x7b && !expectKey()) return i;
        break;
      }
      if ((top === 0x7b && d === 0x7d) || (top === 0x5b && d === 0x5d)) {
        stack.pop();
        i++;
        continue;
      }
      return i;
    }
  }

  function expectKey(): boolean {
    skip();
    if (text.charCodeAt(i) !== 0x22 || !match(STRING)) return false;
    skip();
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    return true;
  }
}
