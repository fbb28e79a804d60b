/**
 * The few protobuf messages `wx.openApi` uses, encoded by hand (wire types 0 and 2 only). Field
 * numbers from the definitions the SDK ships (wx-server-sdk index.js, src/protobuf/openapi.js):
 *  - KeyValuePair (3375-3387): 1 key string, 2 value bytes, 3 contenttype string, 4 filename string
 *  - OpenApiData (3612-3619): 1 pairs repeated KeyValuePair
 *  - CommApiData (4074-4090): 1 apiType int32 (OPEN_API = 0), 2 openapiData, 6 appid string
 *  - CommOpenApiResp (4434-4450): 1 respData bytes, 2 contentType string, 3 errorCode int32, 4 httpCode uint32
 */
interface Field {
  no: number;
  varint?: number;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    if (b === undefined) throw new Error('protobuf: truncated varint');
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, at];
    shift += 7;
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  while (at < buf.length) {
    const [tag, afterTag] = readVarint(buf, at);
    const no = Math.floor(tag / 8);
    const type = tag & 7;
    if (type === 0) {
      const [v, next] = readVarint(buf, afterTag);
      out.push({ no, varint: v });
      at = next;
    } else if (type === 2) {
      const [len, start] = readVarint(buf, afterTag);
      out.push({ no, bytes: buf.subarray(start, start + len) });
      at = start + len;
    } else {
      throw new Error(`protobuf: unsupported wire type ${type}`);
    }
  }
  return out;
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n < 0 ? 2 ** 64 + n : n; // int32 negatives are 10-byte two's complement varints
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    bytes.push(b);
  } while (v > 0);
  return Buffer.from(bytes);
}

function lengthDelimited(no: number, bytes: Buffer): Buffer {
  return Buffer.concat([varint(no * 8 + 2), varint(bytes.length), bytes]);
}

export interface CommApiData {
  apiType: number;
  appid?: string;
  pairs: Array<{ key: string; value: Buffer; contenttype?: string; filename?: string }>;
}

export function decodeCommApiData(buf: Buffer): CommApiData {
  const msg: CommApiData = { apiType: 0, pairs: [] };
  for (const f of fields(buf)) {
    if (f.no === 1 && f.varint !== undefined) msg.apiType = f.varint;
    else if (f.no === 6 && f.bytes) msg.appid = f.bytes.toString('utf8');
    else if (f.no === 2 && f.bytes) {
      for (const pf of fields(f.bytes)) {
        if (pf.no !== 1 || !pf.bytes) continue;
        const pair: CommApiData['pairs'][number] = { key: '', value: Buffer.alloc(0) };
        for (const kv of fields(pf.bytes)) {
          if (!kv.bytes) continue;
          if (kv.no === 1) pair.key = kv.bytes.toString('utf8');
          else if (kv.no === 2) pair.value = Buffer.from(kv.bytes);
          else if (kv.no === 3) pair.contenttype = kv.bytes.toString('utf8');
          else if (kv.no === 4) pair.filename = kv.bytes.toString('utf8');
        }
        msg.pairs.push(pair);
      }
    }
  }
  return msg;
}

export function encodeCommOpenApiResp(resp: { respData: Buffer; contentType: string; errorCode?: number; httpCode?: number }): Buffer {
  const parts = [lengthDelimited(1, resp.respData), lengthDelimited(2, Buffer.from(resp.contentType, 'utf8'))];
  if (resp.errorCode) parts.push(varint(3 * 8), varint(resp.errorCode));
  parts.push(varint(4 * 8), varint(resp.httpCode ?? 200));
  return Buffer.concat(parts);
}
