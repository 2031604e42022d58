import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { AnyLossError } from '@anyloss/core';

/** Called once per CSV record with its fields (a fresh array; keep it only as long as needed) and its first line. */
export type RecordHandler = (fields: string[], line: number) => void;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * An incremental CSV reader: feed it text in pieces of any size (`push`), then `end`; it calls the handler once per
 * record. The dialect is that of `parseCsv` of `@anyloss/datasets`: comma-separated, `"` starts a quoted section
 * anywhere in a field (`""` inside is a literal quote), records end at LF, CRLF or CR, blank lines are skipped. A
 * byte-order mark before the first record is dropped. Only the fields of the current record are held, so memory
 * does not grow with the input.
 */
export class CsvRecordReader {
  private fields: string[] = [];
  /** The part of the current field already taken out of earlier pieces (or before a quote). */
  private field = '';
  private inQuotes = false;
  private fieldStarted = false;
  /** A `"` inside quotes ended the previous piece: the next character decides whether it was `""`. */
  private pendingQuote = false;
  /** A CR ended the previous piece: an LF at the start of the next belongs to it. */
  private pendingCr = false;
  private started = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;

  constructor(private readonly onRecord: RecordHandler) {}

  /** Reads the next piece of text. */
  push(piece: string): void {
    let i = 0;
    const n = piece.length;
    if (n === 0) return;
    if (!this.started) {
      this.started = true;
      if (piece.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.pendingCr) {
      this.pendingCr = false;
      if (piece.charCodeAt(i) === LF) i++;
    }
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (piece.charCodeAt(i) === QUOTE) {
        this.field += '"';
        i++;
      } else this.inQuotes = false;
    }
    let start = i;
    while (i < n) {
      const c = piece.charCodeAt(i);
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.field += piece.slice(start, i);
          if (i + 1 >= n) {
            this.pendingQuote = true;
            i++;
            start = i;
            break;
          }
          if (piece.charCodeAt(i + 1) === QUOTE) {
            this.field += '"';
            i += 2;
          } else {
            this.inQuotes = false;
            i++;
          }
          start = i;
          continue;
        }
        if (c === LF) this.line++;
        i++;
        continue;
      }
      if (c === QUOTE) {
        this.field += piece.slice(start, i);
        this.inQuotes = true;
        this.fieldStarted = true;
        this.quoteLine = this.line;
        i++;
        start = i;
      } else if (c === COMMA) {
        this.fields.push(this.field + piece.slice(start, i));
        this.field = '';
        this.fieldStarted = true;
        i++;
        start = i;
      } else if (c === LF || c === CR) {
        this.field += piece.slice(start, i);
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        i++;
        if (c === CR) {
          if (i >= n) this.pendingCr = true;
          else if (piece.charCodeAt(i) === LF) i++;
        }
        start = i;
      } else {
        this.fieldStarted = true;
        i++;
      }
    }
    if (start < n) this.field += piece.slice(start, n);
  }

  /**
   * Ends the input: the last record need not end with a line break.
   *
   * @throws {@link AnyLossError} `INVALID_ARGUMENT` for a quoted field that is never closed.
   */
  end(): void {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      throw new AnyLossError('INVALID_ARGUMENT', `the CSV has a quoted field opened on line ${this.quoteLine} that is never closed.`, {
        argument: 'data',
        index: this.quoteLine,
      });
    }
    if (this.field !== '' || this.fields.length > 0 || this.fieldStarted) this.endRecord();
  }

  private endRecord(): void {
    const fields = this.fields;
    fields.push(this.field);
    this.fields = [];
    this.field = '';
    const blank = fields.length === 1 && fields[0] === '' && !this.fieldStarted;
    this.fieldStarted = false;
    if (!blank) this.onRecord(fields, this.recordLine);
  }
}

/** Upper bound on the records of a text: its line breaks (LF, CRLF or a lone CR) plus one. */
export function countRecordsBound(text: string): number {
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) breaks++;
  }
  return breaks + 1;
}

/** Bytes read per piece from a file. */
const PIECE_BYTES = 1 << 20;

function readError(path: string, error: unknown): AnyLossError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AnyLossError('INVALID_ARGUMENT', `cannot read the CSV file ${JSON.stringify(path)}: ${reason}.`, {
    argument: 'data',
    value: path,
  });
}

/** Calls `each` with every piece of the file's bytes, in order (the buffer is reused between calls). */
function forEachPiece(fd: number, path: string, each: (bytes: Buffer) => void): void {
  const buffer = Buffer.allocUnsafe(PIECE_BYTES);
  let position = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, buffer, 0, PIECE_BYTES, position);
    } catch (error) {
      throw readError(path, error);
    }
    if (read === 0) return;
    position += read;
    each(buffer.subarray(0, read));
  }
}

/**
 * Reads a UTF-8 CSV file in pieces of 1 MiB — never the whole file at once: first counts its line breaks (so
 * that the caller can size its arrays once), then calls `begin` with that bound and feeds every record to the
 * handler `begin` returns. The file is read twice; both passes hold one piece at a time.
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` when the file cannot be read, is UTF-16, or has an unclosed quote.
 */
export function readCsvFile(path: string, begin: (recordsBound: number) => RecordHandler): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw readError(path, error);
  }
  try {
    let breaks = 0;
    let previous = 0;
    let first = true;
    forEachPiece(fd, path, (bytes) => {
      if (first) {
        first = false;
        if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
          throw new AnyLossError(
            'INVALID_ARGUMENT',
            `the CSV file ${JSON.stringify(path)} is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8.`,
            {
              argument: 'data',
              value: path,
            },
          );
        }
      }
      for (let i = 0; i < bytes.length; i++) {
        const c = bytes[i] as number;
        if (c === LF) {
          if (previous !== CR) breaks++;
        } else if (c === CR) breaks++;
        previous = c;
      }
    });
    const reader = new CsvRecordReader(begin(breaks + 1));
    const decoder = new StringDecoder('utf8');
    forEachPiece(fd, path, (bytes) => reader.push(decoder.write(bytes)));
    reader.push(decoder.end());
    reader.end();
  } finally {
    closeSync(fd);
  }
}
