/** One span of the original text and what replaces it, in UTF-16 code units as JS strings index. */
export interface Hunk {
  start: number;
  end: number;
  replacement: string;
}

// Words, runs of spaces, and single other characters: a correction covers whole words, as a
// reader would mark them, not the few letters that changed inside one.
const TOKEN = /[\p{L}\p{N}\p{M}'’_-]+|\s+|[^]/gu;

/** Beyond this many token edits, the differing middle becomes one hunk (Myers' cost grows with it). */
const MAX_EDITS = 2_000;

const tokensOf = (text: string) => text.match(TOKEN) ?? [];

/**
 * Myers' shortest edit script over tokens: for each token of `a`, whether it is kept. Null when
 * more than MAX_EDITS edits would be needed.
 */
function keptTokens(a: string[], b: string[]): boolean[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) [x, y] = [x + 1, y + 1];
      next[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d);
    }
    v = next;
  }
  return null;
}

/** Walks the trace back from the end: the diagonal runs between edits are the tokens kept. */
function backtrack(trace: Int32Array[], offset: number, n: number, m: number, dEnd: number): boolean[] {
  const kept = new Array<boolean>(n).fill(false);
  let [x, y] = [n, m];
  for (let d = dEnd; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = d === 0 ? 0 : down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) kept[((x -= 1), (y -= 1), x)] = true;
    [x, y] = [prevX, prevY];
  }
  return kept;
}

/**
 * The spans where `corrected` differs from `original`, each with its replacement; adjoining
 * changes merge into one span. Indices are exact for any input, since they are computed here
 * from the two texts, never taken from a model.
 */
export function diffHunks(original: string, corrected: string): Hunk[] {
  if (original === corrected) return [];
  const a = tokensOf(original);
  const b = tokensOf(corrected);
  const kept = keptTokens(a, b);
  if (!kept) return [middleHunk(original, corrected)];
  const hunks: Hunk[] = [];
  let [i, j, at, to] = [0, 0, 0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && kept[i] && j < b.length && a[i] === b[j]) {
      at += a[i++]!.length;
      to += b[j++]!.length;
      continue;
    }
    const [start, from] = [at, to];
    while (i < a.length && !kept[i]) at += a[i++]!.length;
    // Inserted tokens of `b` run until the next kept token of `a` appears in it.
    while (j < b.length && !(i < a.length && kept[i] && a[i] === b[j])) to += b[j++]!.length;
    const replacement = corrected.slice(from, to);
    // A word dropped next to a word added, apart by spaces only, is one correction to a
    // reader ("world.teh" → "world. The"); two replaced words stay two.
    const last = hunks.at(-1);
    const oneSided = (h: Hunk) => h.start === h.end || !h.replacement;
    if (last && (oneSided(last) || start === at || !replacement) && /^\s*$/.test(original.slice(last.end, start)))
      Object.assign(last, { end: at, replacement: last.replacement + original.slice(last.end, start) + replacement });
    else hunks.push({ start, end: at, replacement });
  }
  return hunks;
}

/** The one span between the texts' common start and common end. */
function middleHunk(original: string, corrected: string): Hunk {
  let start = 0;
  while (start < original.length && start < corrected.length && original[start] === corrected[start]) start++;
  let tail = 0;
  while (
    tail < original.length - start &&
    tail < corrected.length - start &&
    original.at(-1 - tail) === corrected.at(-1 - tail)
  )
    tail++;
  return { start, end: original.length - tail, replacement: corrected.slice(start, corrected.length - tail) };
}
