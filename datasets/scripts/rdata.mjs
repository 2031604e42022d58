// A small, dependency-free reader for R's serialization format, enough to get data frames out of the
// data files that R packages ship:
//
//   data/*.rda, *.RData   save() files: "RDX2\n" or "RDX3\n" + a serialized pairlist of the saved objects
//   *.rds                 saveRDS() files: one serialized object
//   data/Rdata.rdb/.rdx   lazy-load databases: .rdx is a serialized index, .rdb holds one compressed,
//                         serialized blob per object
//
// Supported: the XDR (big-endian binary) format, versions 2 and 3; whole-file gzip (node:zlib), bzip2 and xz
// (by running `bzip2 -dc` / `xz -dc`); lazy-load blobs compressed with zlib (type 1), bzip2 (type 2) or raw
// LZMA2 (type 3, `xz --format=raw`). Every SEXP type that can appear in saved data is parsed (vectors,
// pairlists, symbols, environments, closures and language objects, S4 objects, references, the ALTREP
// compact sequences, deferred strings and wrappers). Not supported, with a clear error: the ASCII and native
// binary formats, byte code, and unknown ALTREP classes.
//
// The JavaScript representation (see `RValue` in the comments below):
//   NULL                          -> null
//   logical / integer vector      -> { type: 'logical' | 'integer', data: (number|null)[], attributes }  (NA -> null)
//   double vector                 -> { type: 'double', data: (number|null)[], attributes }  (NA -> null, NaN stays NaN)
//   complex vector                -> { type: 'complex', data: ([re, im]|null)[], attributes }
//   character vector              -> { type: 'character', data: (string|null)[], attributes }  (NA -> null)
//   list (VECSXP) / expression    -> { type: 'list' | 'expression', data: RValue[], attributes }
//   raw vector                    -> { type: 'raw', data: Uint8Array, attributes }
//   symbol                        -> { type: 'symbol', name }
//   pairlist / language / closure -> { type, items: [{ tag: string|null, value }], attributes }
//   environment                   -> { type: 'environment', locked, enclos, frame, hashtab, attributes }
//   anything else                 -> { type: <name>, ... }
// `attributes` is a plain object { name: RValue } (empty object when there are none).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Error thrown for anything this reader cannot or will not read; `where` names the file or object. */
export class RDataError extends Error {
  constructor(message, where) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'RDataError';
    this.where = where;
  }
}

// ---------------------------------------------------------------- decompression

const MAX_BUFFER = 1 << 30;

function runFilter(cmd, args, input, where) {
  try {
    return execFileSync(cmd, args, { input, maxBuffer: MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.code === 'ENOENT') throw new RDataError(`\`${cmd}\` is needed to decompress this file but was not found`, where);
    throw new RDataError(`\`${cmd} ${args.join(' ')}\` failed: ${String(e.stderr || e.message).trim()}`, where);
  }
}

function startsWith(buf, bytes) {
  if (buf.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[i] !== bytes[i]) return false;
  return true;
}

/** Undoes whole-file gzip, bzip2 or xz compression (recognised by magic bytes); other bytes are returned as they are. */
export function decompressFile(buf, where) {
  if (startsWith(buf, [0x1f, 0x8b])) return zlib.gunzipSync(buf);
  if (startsWith(buf, [0x42, 0x5a, 0x68])) return runFilter('bzip2', ['-dc'], buf, where);
  if (startsWith(buf, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return runFilter('xz', ['-dc'], buf, where);
  return buf;
}

/**
 * Decompresses one blob of a lazy-load database. `method` is the index's `compressed` value: 1 = zlib
 * (4-byte length + zlib stream), 2 = bzip2 and 3 = xz (4-byte length + a type byte: 'Z' raw LZMA2, '2' bzip2,
 * '1' zlib, '0' stored).
 */
export function decompressBlob(blob, method, where) {
  if (blob.length < 5) throw new RDataError(`compressed blob of ${blob.length} bytes is too short`, where);
  const outlen = blob.readUInt32BE(0);
  let out;
  if (method === 0) {
    return blob;
  } else if (method === 1) {
    out = zlib.inflateSync(blob.subarray(4));
  } else if (method === 2 || method === 3) {
    const type = String.fromCharCode(blob[4]);
    const body = blob.subarray(5);
    if (type === '0') out = Buffer.from(body);
    else if (type === '1') out = zlib.inflateSync(body);
    else if (type === '2') out = runFilter('bzip2', ['-dc'], body, where);
    else if (type === 'Z' && method === 3) {
      // R writes raw LZMA2 (no .xz container); a dictionary at least as large as the encoder's decodes it.
      out = runFilter('xz', ['--format=raw', '--lzma2=dict=64MiB', '-dc'], body, where);
    } else throw new RDataError(`unknown blob type ${JSON.stringify(type)} for compression ${method}`, where);
  } else throw new RDataError(`unknown lazy-load compression ${JSON.stringify(method)}`, where);
  if (out.length !== outlen) throw new RDataError(`blob decompressed to ${out.length} bytes, header says ${outlen}`, where);
  return out;
}

// ---------------------------------------------------------------- unserialize

const SXP = {
  NILSXP: 0,
  SYMSXP: 1,
  LISTSXP: 2,
  CLOSXP: 3,
  ENVSXP: 4,
  PROMSXP: 5,
  LANGSXP: 6,
  SPECIALSXP: 7,
  BUILTINSXP: 8,
  CHARSXP: 9,
  LGLSXP: 10,
  INTSXP: 13,
  REALSXP: 14,
  CPLXSXP: 15,
  STRSXP: 16,
  DOTSXP: 17,
  ANYSXP: 18,
  VECSXP: 19,
  EXPRSXP: 20,
  BCODESXP: 21,
  EXTPTRSXP: 22,
  WEAKREFSXP: 23,
  RAWSXP: 24,
  S4SXP: 25,
  ALTREP_SXP: 238,
  ATTRLISTSXP: 239,
  ATTRLANGSXP: 240,
  BASEENV_SXP: 241,
  EMPTYENV_SXP: 242,
  BCREPREF: 243,
  BCREPDEF: 244,
  GENERICREFSXP: 245,
  CLASSREFSXP: 246,
  PERSISTSXP: 247,
  PACKAGESXP: 248,
  NAMESPACESXP: 249,
  BASENAMESPACE_SXP: 250,
  MISSINGARG_SXP: 251,
  UNBOUNDVALUE_SXP: 252,
  GLOBALENV_SXP: 253,
  NILVALUE_SXP: 254,
  REFSXP: 255,
};

const PAIRLIST_TYPES = {
  [SXP.LISTSXP]: 'pairlist',
  [SXP.LANGSXP]: 'language',
  [SXP.CLOSXP]: 'closure',
  [SXP.PROMSXP]: 'promise',
  [SXP.DOTSXP]: 'dots',
  [SXP.ATTRLISTSXP]: 'pairlist',
  [SXP.ATTRLANGSXP]: 'language',
};

const NA_INTEGER = -2147483648;
const LATIN1_MASK = 1 << 2;

class Reader {
  constructor(buf, where, persistentHook) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = 0;
    this.where = where;
    this.refs = [];
    this.persistentHook = persistentHook;
  }

  need(n) {
    if (this.pos + n > this.buf.length) {
      throw new RDataError(`unexpected end of data at byte ${this.pos} (needed ${n} more)`, this.where);
    }
  }

  int() {
    this.need(4);
    const v = this.view.getInt32(this.pos, false);
    this.pos += 4;
    return v;
  }

  double() {
    this.need(8);
    const hi = this.view.getUint32(this.pos, false);
    const lo = this.view.getUint32(this.pos + 4, false);
    const v = this.view.getFloat64(this.pos, false);
    this.pos += 8;
    // R's NA_real_ is the NaN whose low word is 1954.
    if (Number.isNaN(v) && lo === 1954 && (hi & 0x7ff00000) === 0x7ff00000) return null;
    return v;
  }

  bytes(n) {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  length() {
    const n = this.int();
    if (n >= 0) return n;
    if (n !== -1) throw new RDataError(`negative vector length ${n}`, this.where);
    const upper = this.int();
    const lower = this.int() >>> 0;
    const len = upper * 2 ** 32 + lower;
    if (len > 2 ** 31) throw new RDataError(`long vector of length ${len} is too large to read`, this.where);
    return len;
  }

  header() {
    this.need(2);
    const fmt = String.fromCharCode(this.buf[0], this.buf[1]);
    if (fmt === 'A\n') throw new RDataError('ASCII serialization is not supported (only XDR binary)', this.where);
    if (fmt === 'B\n') throw new RDataError('native binary serialization is not supported (only XDR binary)', this.where);
    if (fmt !== 'X\n') throw new RDataError(`not R serialization data (starts with ${JSON.stringify(fmt)})`, this.where);
    this.pos = 2;
    const version = this.int();
    const writerVersion = this.int();
    const minReaderVersion = this.int();
    let nativeEncoding = null;
    if (version === 3) {
      const n = this.int();
      nativeEncoding = this.bytes(n).toString('latin1');
    } else if (version !== 2) {
      throw new RDataError(`serialization version ${version} is not supported (2 and 3 are)`, this.where);
    }
    const v = (x) => `${x >> 16}.${(x >> 8) & 0xff}.${x & 0xff}`;
    return { version, writerVersion: v(writerVersion), minReaderVersion: v(minReaderVersion), nativeEncoding };
  }

  charsxp(levels) {
    const n = this.int();
    if (n === -1) return null;
    const b = this.bytes(n);
    if (levels & LATIN1_MASK) return b.toString('latin1');
    return b.toString('utf8');
  }

  stringVector() {
    // InStringVec: a 0 placeholder, the length, then CHARSXP items.
    if (this.int() !== 0) throw new RDataError('names in persistent strings are not supported', this.where);
    const n = this.int();
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.item());
    return out;
  }

  attributesOf(hasAttr) {
    if (!hasAttr) return {};
    return pairlistToAttributes(this.item(), this.where);
  }

  item() {
    const flags = this.int();
    const type = flags & 0xff;
    const levels = flags >> 12;
    const isObject = (flags & (1 << 8)) !== 0;
    const hasAttr = (flags & (1 << 9)) !== 0;
    switch (type) {
      case SXP.NILVALUE_SXP:
        return null;
      case SXP.EMPTYENV_SXP:
        return { type: 'environment', special: 'empty' };
      case SXP.BASEENV_SXP:
        return { type: 'environment', special: 'base' };
      case SXP.GLOBALENV_SXP:
        return { type: 'environment', special: 'global' };
      case SXP.UNBOUNDVALUE_SXP:
        return { type: 'unbound' };
      case SXP.MISSINGARG_SXP:
        return { type: 'missingArg' };
      case SXP.BASENAMESPACE_SXP:
        return { type: 'environment', special: 'base namespace' };
      case SXP.REFSXP: {
        let index = flags >> 8;
        if (index === 0) index = this.int();
        const v = this.refs[index - 1];
        if (v === undefined) throw new RDataError(`reference ${index} to an unknown object`, this.where);
        return v;
      }
      case SXP.PERSISTSXP: {
        const strings = this.stringVector();
        const v = this.persistentHook ? this.persistentHook(strings) : { type: 'persistent', key: strings };
        this.refs.push(v);
        return v;
      }
      case SXP.SYMSXP: {
        const name = this.item();
        const v = { type: 'symbol', name: typeof name === 'string' ? name : (name?.name ?? null) };
        this.refs.push(v);
        return v;
      }
      case SXP.PACKAGESXP:
      case SXP.NAMESPACESXP: {
        const v = { type: 'environment', special: type === SXP.PACKAGESXP ? 'package' : 'namespace', info: this.stringVector() };
        this.refs.push(v);
        return v;
      }
      case SXP.ENVSXP: {
        const locked = this.int() !== 0;
        const v = { type: 'environment', locked, enclos: null, frame: null, hashtab: null, attributes: {} };
        this.refs.push(v); // before the contents: they may refer back to it
        v.enclos = this.item();
        v.frame = this.item();
        v.hashtab = this.item();
        v.attributes = pairlistToAttributes(this.item(), this.where);
        return v;
      }
      case SXP.LISTSXP:
      case SXP.LANGSXP:
      case SXP.CLOSXP:
      case SXP.PROMSXP:
      case SXP.DOTSXP:
      case SXP.ATTRLISTSXP:
      case SXP.ATTRLANGSXP:
        return this.pairlist(flags);
      case SXP.CHARSXP:
        return this.charsxp(levels);
      case SXP.SPECIALSXP:
      case SXP.BUILTINSXP: {
        const n = this.int();
        const name = this.bytes(n).toString('latin1');
        return { type: type === SXP.SPECIALSXP ? 'special' : 'builtin', name, attributes: this.attributesOf(hasAttr) };
      }
      case SXP.EXTPTRSXP: {
        const v = { type: 'externalptr', prot: null, tag: null, attributes: {} };
        this.refs.push(v);
        v.prot = this.item();
        v.tag = this.item();
        v.attributes = this.attributesOf(hasAttr);
        return v;
      }
      case SXP.WEAKREFSXP: {
        const v = { type: 'weakref', attributes: {} };
        this.refs.push(v);
        v.attributes = this.attributesOf(hasAttr);
        return v;
      }
      case SXP.S4SXP:
        return { type: 'S4', isObject, attributes: this.attributesOf(hasAttr) };
      case SXP.ALTREP_SXP:
        return this.altrep();
      case SXP.BCODESXP:
      case SXP.BCREPDEF:
      case SXP.BCREPREF:
        throw new RDataError('byte code is not supported', this.where);
      case SXP.CLASSREFSXP:
      case SXP.GENERICREFSXP:
        throw new RDataError(`serialization item type ${type} is not supported`, this.where);
      default:
        return this.vector(type, hasAttr);
    }
  }

  pairlist(flags) {
    const type = flags & 0xff;
    const out = { type: PAIRLIST_TYPES[type], items: [], attributes: {} };
    let first = true;
    let f = flags;
    for (;;) {
      const t = f & 0xff;
      const hasAttr = (f & (1 << 9)) !== 0;
      const hasTag = (f & (1 << 10)) !== 0;
      const attrs = hasAttr ? pairlistToAttributes(this.item(), this.where) : {};
      if (first) out.attributes = attrs;
      const tagItem = hasTag ? this.item() : null;
      const tag = tagItem === null ? null : tagItem.type === 'symbol' ? tagItem.name : tagItem;
      const value = this.item();
      out.items.push({ tag, value });
      first = false;
      if (t === SXP.CLOSXP || t === SXP.PROMSXP) {
        // CLOSXP: tag = environment, car = formals, cdr = body. PROMSXP: tag = env, car = value, cdr = expression.
        out.items.push({ tag: null, value: this.item() });
        return out;
      }
      // The CDR: continue in a loop while it is another cell of a pairlist-like type.
      const next = this.int();
      const nt = next & 0xff;
      if (nt === SXP.NILVALUE_SXP) return out;
      if (nt === SXP.LISTSXP || nt === SXP.LANGSXP || nt === SXP.DOTSXP || nt === SXP.ATTRLISTSXP || nt === SXP.ATTRLANGSXP) {
        f = next;
        continue;
      }
      // A dotted pair: the CDR is some other object.
      this.pos -= 4;
      out.items.push({ tag: '.cdr', value: this.item() });
      return out;
    }
  }

  altrep() {
    const info = this.item();
    const state = this.item();
    const attr = this.item();
    const cls = info?.items?.[0]?.value?.name;
    const attributes = pairlistToAttributes(attr, this.where);
    if (cls === 'compact_intseq' || cls === 'compact_realseq') {
      // state: REALSXP c(length, start, increment)
      const [n, start, incr] = state.data;
      const data = new Array(n);
      for (let i = 0; i < n; i++) data[i] = start + i * incr;
      return { type: cls === 'compact_intseq' ? 'integer' : 'double', data, attributes };
    }
    if (cls === 'deferred_string') {
      // state: pairlist(<integer or double vector>, <scipen>) or a STRSXP once expanded
      const arg = state.type === 'pairlist' ? state.items[0].value : state;
      if (arg.type === 'character') return { type: 'character', data: arg.data, attributes };
      return { type: 'character', data: arg.data.map((x) => (x === null ? null : deferredString(arg.type, x))), attributes };
    }
    if (/^wrap_(integer|logical|real|complex|string|raw|list)$/.test(cls ?? '')) {
      // state: list(<wrapped vector>, <metadata>)
      const inner = state.data[0];
      return { ...inner, attributes: { ...inner.attributes, ...attributes } };
    }
    throw new RDataError(`ALTREP class ${JSON.stringify(cls)} is not supported`, this.where);
  }

  vector(type, hasAttr) {
    let data;
    let name;
    switch (type) {
      case SXP.LGLSXP:
      case SXP.INTSXP: {
        name = type === SXP.LGLSXP ? 'logical' : 'integer';
        const n = this.length();
        this.need(4 * n);
        data = new Array(n);
        for (let i = 0; i < n; i++) {
          const v = this.view.getInt32(this.pos, false);
          this.pos += 4;
          data[i] = v === NA_INTEGER ? null : v;
        }
        break;
      }
      case SXP.REALSXP: {
        name = 'double';
        const n = this.length();
        this.need(8 * n);
        data = new Array(n);
        for (let i = 0; i < n; i++) data[i] = this.double();
        break;
      }
      case SXP.CPLXSXP: {
        name = 'complex';
        const n = this.length();
        data = new Array(n);
        for (let i = 0; i < n; i++) {
          const re = this.double();
          const im = this.double();
          data[i] = re === null || im === null ? null : [re, im];
        }
        break;
      }
      case SXP.STRSXP: {
        name = 'character';
        const n = this.length();
        data = new Array(n);
        for (let i = 0; i < n; i++) {
          const flags = this.int();
          if ((flags & 0xff) !== SXP.CHARSXP) throw new RDataError(`string element of type ${flags & 0xff}`, this.where);
          data[i] = this.charsxp(flags >> 12);
        }
        break;
      }
      case SXP.VECSXP:
      case SXP.EXPRSXP: {
        name = type === SXP.VECSXP ? 'list' : 'expression';
        const n = this.length();
        data = new Array(n);
        for (let i = 0; i < n; i++) data[i] = this.item();
        break;
      }
      case SXP.RAWSXP: {
        name = 'raw';
        const n = this.length();
        data = Uint8Array.from(this.bytes(n));
        break;
      }
      default:
        throw new RDataError(`unknown serialization item type ${type} at byte ${this.pos - 4}`, this.where);
    }
    return { type: name, data, attributes: this.attributesOf(hasAttr) };
  }
}

/** as.character() of one number, as a deferred string would print it (integers exactly; doubles to 15 significant digits). */
function deferredString(type, x) {
  if (type === 'integer' || type === 'logical') return String(x);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  return String(Number(x.toPrecision(15)));
}

function pairlistToAttributes(pl, where) {
  if (pl === null) return {};
  if (pl.type !== 'pairlist') throw new RDataError(`attributes are a ${pl.type}, expected a pairlist`, where);
  const out = {};
  for (const { tag, value } of pl.items) {
    if (typeof tag !== 'string') throw new RDataError('attribute without a name', where);
    out[tag] = value;
  }
  return out;
}

/**
 * Unserializes one object from XDR serialization bytes ("X\n" + header + item).
 * @param {Buffer} buf
 * @param {string} [where] file or object name for error messages
 * @param {(key: string[]) => unknown} [persistentHook] resolves persistent references (lazy-load databases)
 */
export function unserialize(buf, where, persistentHook) {
  const r = new Reader(buf, where, persistentHook);
  const header = r.header();
  const value = r.item();
  if (r.pos !== buf.length) throw new RDataError(`${buf.length - r.pos} trailing bytes after the object`, where);
  return { header, value };
}

// ---------------------------------------------------------------- files

/**
 * Reads a save() file (.rda / .RData). Returns the saved objects by name, in file order, plus the
 * format details.
 * @returns {{ objects: Map<string, unknown>, format: { compression: string, magic: string, version: number, writerVersion: string, minReaderVersion: string, nativeEncoding: string|null } }}
 */
export function readRda(file) {
  const raw = fs.readFileSync(file);
  const compression = startsWith(raw, [0x1f, 0x8b])
    ? 'gzip'
    : startsWith(raw, [0x42, 0x5a, 0x68])
      ? 'bzip2'
      : startsWith(raw, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])
        ? 'xz'
        : 'none';
  const buf = decompressFile(raw, file);
  const magic = buf.subarray(0, 5).toString('latin1');
  if (magic !== 'RDX2\n' && magic !== 'RDX3\n') {
    if (/^RD[AB][23]\n$/.test(magic))
      throw new RDataError(`${JSON.stringify(magic)} (ASCII or native) save files are not supported, only XDR`, file);
    throw new RDataError(`not an R save file (starts with ${JSON.stringify(magic)})`, file);
  }
  const { header, value } = unserialize(buf.subarray(5), file);
  if (value !== null && value.type !== 'pairlist') throw new RDataError(`save file holds a ${value.type}, expected a pairlist`, file);
  const objects = new Map();
  for (const { tag, value: v } of value?.items ?? []) objects.set(tag, v);
  return { objects, format: { compression, magic: magic.trim(), ...header } };
}

/** Reads a saveRDS() file: one object. */
export function readRds(file) {
  const buf = decompressFile(fs.readFileSync(file), file);
  return unserialize(buf, file).value;
}

/**
 * Opens a lazy-load database (`<base>.rdx` + `<base>.rdb`, e.g. `data/Rdata`).
 * @returns {{ names: string[], compression: number, get(name: string): unknown }}
 */
export function openLazyLoadDb(base) {
  const index = readRds(`${base}.rdx`);
  const field = (name) => {
    const names = index?.attributes?.names?.data ?? [];
    const k = names.indexOf(name);
    if (k < 0) throw new RDataError(`index has no "${name}" entry`, `${base}.rdx`);
    return index.data[k];
  };
  const variables = field('variables');
  const compressedValue = field('compressed');
  const compression = compressedValue === null ? 1 : Number(compressedValue.data[0]);
  const names = variables?.attributes?.names?.data ?? [];
  const rdb = fs.readFileSync(`${base}.rdb`);
  const referenceIndex = field('references');
  const refNames = referenceIndex?.attributes?.names?.data ?? [];
  const blob = (entry, where) => {
    const [offset, length] = entry.data;
    if (offset + length > rdb.length) throw new RDataError(`blob at ${offset}+${length} is past the end of the file`, where);
    return unserialize(decompressBlob(rdb.subarray(offset, offset + length), compression, where), where, (key) => ({
      type: 'persistent',
      key,
      // Lazy-load databases store environments separately and refer to them by key.
      resolve: () => {
        const k = refNames.indexOf(key[0]);
        return k < 0 ? null : blob(referenceIndex.data[k], `${base}.rdb[${key[0]}]`).value;
      },
    })).value;
  };
  return {
    names: [...names],
    compression,
    get(name) {
      const k = names.indexOf(name);
      if (k < 0) throw new RDataError(`no object "${name}"`, `${base}.rdb`);
      return blob(variables.data[k], `${path.basename(base)}.rdb[${name}]`);
    },
  };
}

// ---------------------------------------------------------------- data frames

/** The class attribute as an array of strings (empty when absent). */
export function classOf(value) {
  return value?.attributes?.class?.data ?? [];
}

/**
 * Interprets a data.frame (or tibble) as columns.
 * Each column: { name, kind, values, levels?, rClass }
 *   kind 'numeric'  values: (number|null)[] (integer or double; NA and NaN -> null)
 *   kind 'logical'  values: (boolean|null)[]
 *   kind 'factor'   values: (string|null)[] (the level of each row), levels: declared levels, ordered: boolean
 *   kind 'character' values: (string|null)[]
 *   kind 'other'    anything else (Date, POSIXct, difftime, list columns, matrices); values: null
 * Date, POSIXct and other classed numeric columns are reported as 'other' with their class in rClass.
 */
export function dataFrameColumns(df, where) {
  if (!df || df.type !== 'list' || !classOf(df).includes('data.frame')) {
    throw new RDataError(`not a data.frame (type ${df?.type}, class ${JSON.stringify(classOf(df))})`, where);
  }
  const names = df.attributes.names?.data ?? [];
  const rows = dataFrameRows(df, where);
  return df.data.map((col, j) => {
    const name = names[j] ?? `V${j + 1}`;
    const rClass = classOf(col);
    const len = col?.data?.length;
    if (col !== null && Array.isArray(col.data) && len !== rows && !col.attributes?.dim) {
      throw new RDataError(`column "${name}" has ${len} values, the data frame ${rows} rows`, where);
    }
    if (col?.attributes?.dim) return { name, kind: 'other', values: null, rClass: ['matrix', ...rClass] };
    if (col?.type === 'integer' && rClass.includes('factor')) {
      const levels = col.attributes.levels?.data ?? [];
      return {
        name,
        kind: 'factor',
        ordered: rClass.includes('ordered'),
        levels,
        values: col.data.map((c) => {
          if (c === null) return null;
          const l = levels[c - 1];
          if (l === undefined) throw new RDataError(`factor "${name}" code ${c} out of range`, where);
          return l;
        }),
        rClass,
      };
    }
    if (rClass.length > 0 && !(rClass.length === 1 && (rClass[0] === 'integer' || rClass[0] === 'numeric'))) {
      return { name, kind: 'other', values: null, rClass };
    }
    if (col?.type === 'integer' || col?.type === 'double') {
      return { name, kind: 'numeric', values: col.data.map((v) => (v === null || Number.isNaN(v) ? null : v)), rClass };
    }
    if (col?.type === 'logical') return { name, kind: 'logical', values: col.data.map((v) => (v === null ? null : v !== 0)), rClass };
    if (col?.type === 'character') return { name, kind: 'character', values: col.data, rClass };
    return { name, kind: 'other', values: null, rClass: rClass.length ? rClass : [col?.type ?? 'NULL'] };
  });
}

/** Number of rows of a data.frame, from its row.names attribute (compact c(NA, -n) or explicit). */
export function dataFrameRows(df, where) {
  const rn = df.attributes['row.names'];
  if (!rn) return df.data[0]?.data?.length ?? 0;
  if (rn.type === 'integer' && rn.data.length === 2 && rn.data[0] === null) return Math.abs(rn.data[1]);
  if (Array.isArray(rn.data)) return rn.data.length;
  throw new RDataError('unreadable row.names', where);
}

/** Explicit (non-automatic) row names of a data.frame, or null when they are just 1..n. */
export function dataFrameRowNames(df) {
  const rn = df.attributes['row.names'];
  if (!rn || (rn.type === 'integer' && rn.data.length === 2 && rn.data[0] === null)) return null;
  if (rn.type === 'character') return rn.data;
  if (rn.type === 'integer' && rn.data.every((v, i) => v === i + 1)) return null;
  return rn.data.map(String);
}
