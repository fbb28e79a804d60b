/**
 * multipart/form-data bodies, as node-sdk sends `wx.openApi` and `wx.wxPayApi` (utils/request-core.js
 * buildHttpRequestInfo → form-data; fields `action`, `apiName`, `apiOptions`, `requestData` (bytes),
 * `envName`, tokens).
 */
export function parseMultipart(body: Buffer, contentType: string): Map<string, Buffer> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  const fields = new Map<string, Buffer>();
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // Part: CRLF, headers, CRLF CRLF, content, CRLF, next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name) fields.set(name, part.subarray(split + 4));
    at = next;
  }
  return fields;
}
