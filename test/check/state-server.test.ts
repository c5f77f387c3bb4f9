/**
 * The check's state server (#21 item 8): terraform's http backend keeps each stack's
 * state through it in the check's temporary copy; it answers the run's own terraform
 * only, for the app's stacks only.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { StateServer } from '../../packages/check/src/state-server';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-kamaji-state-server-'));
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** A request as terraform's http backend sends it, with the backend block's settings. */
function request(
  backend: any,
  method: string,
  options: { body?: string; url?: string; password?: string } = {},
): Promise<Answer> {
  const { address, username, password } = backend.http;
  const url = new URL(options.url ?? address);
  const auth = `${username}:${options.password ?? password}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe("the check's state server", () => {
  let dir: string;
  let server: StateServer;
  beforeEach(async () => {
    dir = tempDir();
    server = await StateServer.start(path.join(dir, 'state'), ['control-planes', 'nodes']);
    fs.mkdirSync(path.join(dir, 'state'));
  });
  afterEach(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("keeps a stack's state in its file, readable by the caller only", async () => {
    // GIVEN a stack without state yet
    const backend = server.backend('nodes') as any;
    expect(await request(backend, 'GET')).toEqual({ status: 404, body: '' });
    // WHEN terraform sends its state
    expect((await request(backend, 'POST', { body: '{"serial":1}' })).status).toBe(200);
    // THEN it is in the stack's file, and terraform reads it back
    const file = path.join(dir, 'state', 'nodes.tfstate');
    expect(server.stateFile('nodes')).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"serial":1}');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await request(backend, 'GET')).toEqual({ status: 200, body: '{"serial":1}' });
    expect(fs.readdirSync(path.join(dir, 'state'))).toEqual(['nodes.tfstate']);
  });

  test('listens on 127.0.0.1 only', () => {
    expect((server.backend('nodes') as any).http.address).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/nodes$/,
    );
  });

  test("answers nothing without the run's password", async () => {
    // GIVEN
    const backend = server.backend('nodes') as any;
    // WHEN a request comes with another password
    const wrong = await request(backend, 'POST', { body: '{}', password: 'guess' });
    const read = await request(backend, 'GET', { password: '' });
    // THEN
    expect([wrong.status, read.status]).toEqual([401, 401]);
    expect(fs.readdirSync(path.join(dir, 'state'))).toEqual([]);
  });

  test('serves the stacks of the app only, never a path outside its folder', async () => {
    // GIVEN
    const backend = server.backend('nodes') as any;
    const base = backend.http.address.replace(/\/nodes$/, '');
    // WHEN
    const answers = await Promise.all(
      ['/other', '/..%2Fescape', '/nodes/more', '/'].map((suffix) =>
        request(backend, 'POST', { body: '{}', url: `${base}${suffix}` }),
      ),
    );
    // THEN
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect(fs.readdirSync(dir)).toEqual(['state']);
    expect(fs.readdirSync(path.join(dir, 'state'))).toEqual([]);
  });

  test('takes nothing but GET and POST', async () => {
    const backend = server.backend('nodes') as any;
    expect((await request(backend, 'DELETE')).status).toBe(405);
  });
});
