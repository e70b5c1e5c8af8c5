/**
 * Finds keys that appear more than once in the same JSON object.
 * `JSON.parse` silently keeps the last value of such a key, so a config
 * with `"mode": "read-only"` and then `"mode": "read-write"` is read-write.
 */
import { jsonPointer } from "./config-problem";

/** A key written more than once in one object. */
export interface DuplicateKey {
  /** JSON pointer to the key, such as `/connections/0/mode`. */
  readonly pointer: string;
  /** The key, with its escapes decoded. */
  readonly key: string;
  /** Line of the first occurrence, counted from 1. */
  readonly firstLine: number;
  /** Line of the repeated occurrence, counted from 1. */
  readonly line: number;
}

/**
 * Returns every repeated key in `text`, in file order. The text must be
 * valid JSON: call it after `JSON.parse` accepted the same text.
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const scanner = new JsonScanner(text);
  scanner.value([]);

  return scanner.duplicates;
}

class JsonScanner {
  readonly duplicates: DuplicateKey[] = [];
  private position = 0;
  private line = 1;
  private countedTo = 0;

  constructor(private readonly text: string) {}

  value(path: readonly (string | number)[]): void {
    this.skipWhitespace();
    const char = this.text[this.position];
    if (char === "{") {
      this.object(path);
    } else if (char === "[") {
      this.array(path);
    } else if (char === '"') {
      this.string();
    } else {
      this.literal();
    }
  }

  private object(path: readonly (string | number)[]): void {
    const firstLines = new Map<string, number>();
    this.position++;
    this.skipWhitespace();
    while (this.text[this.position] !== "}") {
      const line = this.lineAt(this.position);
      const key = this.string();
      this.recordKey(path, key, line, firstLines);

      this.skipWhitespace();
      this.position++; // the colon
      this.value([...path, key]);
      this.skipPastComma();
    }

    this.position++;
  }

  private recordKey(
    path: readonly (string | number)[],
    key: string,
    line: number,
    firstLines: Map<string, number>,
  ): void {
    const firstLine = firstLines.get(key);
    if (firstLine === undefined) {
      firstLines.set(key, line);
      return;
    }

    this.duplicates.push({
      pointer: jsonPointer([...path, key]),
      key,
      firstLine,
      line,
    });
  }

  private array(path: readonly (string | number)[]): void {
    this.position++;
    this.skipWhitespace();
    for (let index = 0; this.text[this.position] !== "]"; index++) {
      this.value([...path, index]);
      this.skipPastComma();
    }

    this.position++;
  }

  /** Reads a string literal and returns its decoded content. */
  private string(): string {
    const start = this.position;
    this.position++;
    while (this.text[this.position] !== '"') {
      this.position += this.text[this.position] === "\\" ? 2 : 1;
    }

    this.position++;

    return JSON.parse(this.text.slice(start, this.position)) as string;
  }

  /** Skips a number, `true`, `false` or `null`. */
  private literal(): void {
    while (
      this.position < this.text.length &&
      !/[\s,\]}]/.test(this.text[this.position])
    ) {
      this.position++;
    }
  }

  private skipPastComma(): void {
    this.skipWhitespace();
    if (this.text[this.position] === ",") {
      this.position++;
      this.skipWhitespace();
    }
  }

  private skipWhitespace(): void {
    while (/[ \t\n\r]/.test(this.text[this.position] ?? "")) {
      this.position++;
    }
  }

  /** Returns the line of `position`, counting on from the last call because positions only grow. */
  private lineAt(position: number): number {
    for (; this.countedTo < position; this.countedTo++) {
      if (this.text[this.countedTo] === "\n") {
        this.line++;
      }
    }

    return this.line;
  }
}
