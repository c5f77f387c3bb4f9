/**
 * A tiny in-memory S3 for terraform's s3 backend and `terraform_remote_state` reads,
 * on 127.0.0.1, path-style: enough of GetObject, HeadObject, PutObject (with
 * If-None-Match for lock files), DeleteObject and ListObjectsV2 for init, plan and
 * apply. It records which bucket and key each request named, as S3 would see them.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export interface S3Request {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
}

export class FakeS3 {
  public static async start(): Promise<FakeS3> {
    const s3 = new FakeS3();
    await new Promise<void>((resolve) => s3.server.listen(0, '127.0.0.1', resolve));
    return s3;
  }

  /** Objects by `<bucket>/<key>`. */
  public readonly objects = new Map<string, Buffer>();
  public readonly requests: S3Request[] = [];
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => this.handle(request, Buffer.concat(chunks), response));
  });

  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Environment for terraform: credentials the fake accepts, no metadata service. */
  public get env(): { [name: string]: string } {
    return {
      AWS_ACCESS_KEY_ID: 'fake',
      AWS_SECRET_ACCESS_KEY: 'fake',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, body: Buffer, response: http.ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://s3');
    const [bucket, ...rest] = url.pathname.slice(1).split('/').map(decodeURIComponent);
    const key = rest.join('/');
    const method = request.method ?? 'GET';
    this.requests.push({ method, bucket, key });
    const id = `${bucket}/${key}`;
    const send = (status: number, text = '', headers: http.OutgoingHttpHeaders = {}) => {
      response.writeHead(status, { 'content-type': 'application/xml', ...headers });
      response.end(method === 'HEAD' ? undefined : text);
    };
    const notFound = () =>
      send(404, '<Error><Code>NoSuchKey</Code><Message>not found</Message></Error>');
    if (key === '') {
      if (method === 'HEAD') return send(200);
      const prefix = url.searchParams.get('prefix') ?? '';
      const keys = [...this.objects.keys()]
        .filter((k) => k.startsWith(`${bucket}/${prefix}`))
        .map((k) => k.slice(bucket.length + 1));
      return send(
        200,
        `<ListBucketResult><Name>${escape(bucket)}</Name><Prefix>${escape(prefix)}</Prefix>` +
          `<KeyCount>${keys.length}</KeyCount><IsTruncated>false</IsTruncated>` +
          keys.map((k) => `<Contents><Key>${escape(k)}</Key></Contents>`).join('') +
          '</ListBucketResult>',
      );
    }
    switch (method) {
      case 'GET':
      case 'HEAD': {
        const object = this.objects.get(id);
        if (!object) return notFound();
        response.writeHead(200, { 'content-length': object.length, etag: '"fake"' });
        return response.end(method === 'HEAD' ? undefined : object);
      }
      case 'PUT':
        if (request.headers['if-none-match'] === '*' && this.objects.has(id)) {
          return send(412, '<Error><Code>PreconditionFailed</Code></Error>');
        }
        this.objects.set(id, decodeChunked(request, body));
        return send(200, '', { etag: '"fake"' });
      case 'DELETE':
        this.objects.delete(id);
        return send(204);
      default:
        return send(405);
    }
  }
}

/** The payload of an `aws-chunked` upload (chunks of `<hex size>;...\r\n<data>\r\n`). */
function decodeChunked(request: http.IncomingMessage, body: Buffer): Buffer {
  if (!String(request.headers['content-encoding'] ?? '').includes('aws-chunked')) return body;
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = parseInt(body.subarray(at, lineEnd).toString().split(';')[0], 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
