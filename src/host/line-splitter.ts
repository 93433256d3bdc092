// Splits a stream of text chunks into lines without rescanning what came before: a 7 MB lvs answer arrives in a
// hundred chunks, and joining them one by one and searching the whole each time would copy it a hundred times.

/** Returns a function to feed chunks to; it calls `onLine` with each complete line, without its newline. */
export function createLineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let pieces: string[] = [];
  return (chunk) => {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      pieces.push(chunk.slice(start, end));
      const line = pieces.join('');
      pieces = [];
      start = end + 1;
      onLine(line);
    }
    if (start < chunk.length) pieces.push(chunk.slice(start));
  };
}
