/**
 * Where the check's terraform keeps each stack's state: an HTTP state server in the
 * check's own process, which terraform reaches through its `http` backend, and which
 * keeps each state in a file of the check's temporary copy (`state/<stack>.tfstate`,
 * where the remote state reads, `--state` and `--keep` find it).
 *
 * Why not the `local` backend: its state manager (statemgr.Filesystem) serializes and
 * writes the whole state file, with an fsync, after every resource applied and every
 * data source read during an apply, so applying a stack of n resources wrote its
 * growing state 2n times: the control-planes stack of a fleet holds every tenant, and
 * its apply grew with the square of the fleet (100 tenants: 7 s of terraform's CPU).
 * The state manager of a remote backend keeps the state in memory during a run and
 * sends it at the end (and every TF_STATE_PERSIST_INTERVAL, 20 s by default): 1.3 s.
 *
 * Nothing reaches beyond this machine: the server listens on 127.0.0.1 only, on a port
 * the system picks, and answers only requests carrying the password made for this run
 * (in the backend block of the stack's override file, in the private temporary copy;
 * it is worth nothing once the run ends), for the stacks of the app.
 */
import { randomBytes, timingSafeEqual } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';

const USERNAME = 'cdktf-kamaji-check';

export class StateServer {
  /** Starts serving the states of `stacks`, kept as `<stack>.tfstate` in `stateDir`. */
  public static async start(stateDir: string, stacks: readonly string[]): Promise<StateServer> {
    const server = new StateServer(stateDir, new Set(stacks));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.server.listen(0, '127.0.0.1', resolve);
    });
    return server;
  }

  private readonly password = randomBytes(32).toString('hex');
  private readonly server: http.Server;

  private constructor(
    private readonly stateDir: string,
    private readonly stacks: ReadonlySet<string>,
  ) {
    this.server = http.createServer((request, response) => this.serve(request, response));
  }

  /** The backend block that keeps a stack's state here. */
  public backend(stack: string): object {
    const { port } = this.server.address() as AddressInfo;
    return {
      http: {
        address: `http://127.0.0.1:${port}/${encodeURIComponent(stack)}`,
        username: USERNAME,
        password: this.password,
      },
    };
  }

  /** The file a stack's state is kept in. */
  public stateFile(stack: string): string {
    return path.join(this.stateDir, `${stack}.tfstate`);
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    const answer = (status: number, body?: Buffer) => {
      response.statusCode = status;
      response.end(body);
    };
    if (!this.authorized(request.headers.authorization)) return answer(401);
    const stack = stackOf(request.url);
    if (stack === undefined || !this.stacks.has(stack)) return answer(404);
    const file = this.stateFile(stack);
    if (request.method === 'GET') {
      // No state yet: the http backend reads a 404 as an empty state.
      return fs.existsSync(file) ? answer(200, fs.readFileSync(file)) : answer(404);
    }
    if (request.method !== 'POST') return answer(405);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      // Written whole, then renamed: a reader of the file never sees half a state.
      const partial = `${file}.partial`;
      fs.writeFileSync(partial, Buffer.concat(chunks), { mode: 0o600 });
      fs.renameSync(partial, file);
      answer(200);
    });
  }

  private authorized(header: string | undefined): boolean {
    const expected = Buffer.from(
      `Basic ${Buffer.from(`${USERNAME}:${this.password}`).toString('base64')}`,
    );
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** The stack a request's path names: `/<stack>`, percent-encoded (a query aside). */
function stackOf(url: string | undefined): string | undefined {
  const match = /^\/([^/?#]+)(?:\?[^#]*)?$/.exec(url ?? '');
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}
