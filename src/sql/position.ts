// Turning offsets into the line:column a person can jump to in an editor.

export interface LineColumn {
  readonly line: number
  readonly column: number
}

/** 1-based line and column of a 0-based character offset into `text`. */
export function lineColumnAt(text: string, offset: number): LineColumn {
  const clamped = Math.max(0, Math.min(offset, text.length))
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < clamped; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: clamped - lineStart + 1 }
}

/** The source line at `line` with a caret under `column`, as lines for an error's context. */
export function caretSnippet(text: string, at: LineColumn): string[] {
  const source = text.split('\n')[at.line - 1]?.replace(/\r$/, '') ?? ''
  const gutter = String(at.line)
  const pad = ' '.repeat(gutter.length)
  // Tabs keep their width under the caret so it lines up in a terminal.
  const lead = source.slice(0, at.column - 1).replace(/[^\t]/g, ' ')
  return [`${gutter} | ${source}`, `${pad} | ${lead}^`]
}

/**
 * Maps UTF-8 byte offsets (what libpg_query reports) to string offsets, for
 * offsets given in increasing order. A file with non-ASCII text would
 * otherwise be sliced in the wrong places.
 */
export function byteToCharMapper(text: string): (byteOffset: number) => number {
  if (Buffer.byteLength(text, 'utf8') === text.length) return (byteOffset) => byteOffset
  let bytes = 0
  let chars = 0
  return (byteOffset) => {
    if (byteOffset < bytes) {
      bytes = 0
      chars = 0
    }
    while (bytes < byteOffset && chars < text.length) {
      const code = text.codePointAt(chars)!
      bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
      chars += code >= 0x10000 ? 2 : 1
    }
    return chars
  }
}
