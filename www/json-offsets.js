// Finds where each value of a JSON text sits, so the playground can select the text an
// issue's JSON Pointer refers to.

function escapeToken(token) {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Maps each JSON Pointer of `text` to the `[start, end)` character offsets of its value.
 * `text` must be valid JSON (JSON.parse accepts it); the result for other text is undefined.
 * A key that appears twice in one object maps to its last value, as in JSON.parse.
 */
export function pointerOffsets(text) {
  const offsets = new Map();
  let position = 0;

  const skipWhitespace = () => {
    while (position < text.length && ' \t\n\r'.includes(text[position])) {
      position += 1;
    }
  };

  const readString = () => {
    const start = position;
    position += 1;
    while (text[position] !== '"') {
      position += text[position] === '\\' ? 2 : 1;
    }
    position += 1;
    return JSON.parse(text.slice(start, position));
  };

  // Reads the value at `position` and its members, then steps past it.
  const readValue = (pointer) => {
    skipWhitespace();
    const start = position;
    const first = text[position];
    if (first === '{' || first === '[') {
      const close = first === '{' ? '}' : ']';
      position += 1;
      skipWhitespace();
      let index = 0;
      while (text[position] !== close) {
        let token = String(index);
        if (first === '{') {
          token = readString();
          skipWhitespace();
          position += 1;
        }
        readValue(`${pointer}/${escapeToken(token)}`);
        index += 1;
        skipWhitespace();
        if (text[position] === ',') {
          position += 1;
          skipWhitespace();
        }
      }
      position += 1;
    } else if (first === '"') {
      readString();
    } else {
      while (position < text.length && !' \t\n\r,]}'.includes(text[position])) {
        position += 1;
      }
    }
    offsets.set(pointer, [start, position]);
  };

  readValue('');
  return offsets;
}

/**
 * Returns the offsets of the value at `pointer`, or of its nearest ancestor that exists in
 * `offsets` when the value is missing (an issue about a missing field).
 */
export function locateValue(offsets, pointer) {
  let current = pointer;
  for (;;) {
    const found = offsets.get(current);
    if (found || current === '') {
      return found ?? null;
    }
    current = current.slice(0, current.lastIndexOf('/'));
  }
}
