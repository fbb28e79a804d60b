import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

export type HttpTransport = (req: HttpRequest) => Promise<HttpResponse>;

/** WeChat Pay answers in well under a second; past this the call is "unknown", never "failed". */
export const WECHATPAY_TIMEOUT_MS = 5000;

/**
 * Plain node:http(s) (the Nodejs16 runtime has no global fetch). A timeout or a dropped connection
 * rejects: the caller treats that as "WeChat may or may not have acted" and asks before retrying.
 */
export const nodeTransport: HttpTransport = (req) =>
  new Promise((resolve, reject) => {
    const u = new URL(req.url);
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const r = send(
      u,
      { method: req.method, headers: { ...req.headers, 'Content-Length': Buffer.byteLength(req.body) }, timeout: WECHATPAY_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error('WeChat Pay did not answer in time')));
    r.on('error', reject);
    r.end(req.body);
  });
