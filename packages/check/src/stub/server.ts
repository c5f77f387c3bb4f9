/**
 * A stub Terraform provider server: every provider of `schemas/` served from this one
 * Node process over Terraform's plugin protocol 6 (gRPC, no TLS, Unix sockets), for
 * Terraform to attach to through TF_REATTACH_PROVIDERS. Terraform validates
 * configuration against the schemas itself; the stub plans, applies, reads and
 * destroys as the schema and `behaviours/` say, with data from `fixtures.ts`.
 *
 * Nothing here touches a network: the sockets live in a private temporary folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  isObjectValue,
  ObjectValue,
  Path,
  PROVIDER_CHECKS,
  replacementPaths,
  RESOURCE_BEHAVIOURS,
  StubEnvironment,
} from './behaviours';
import { emptyObject, fillComputed, fillUnknowns, seedOf, unknownComputed } from './engine';
import { DATA_SOURCE_FIXTURES, publicAdminConf } from './fixtures';
import { ClusterPki, createClusterPki } from './pki';
import {
  blockType,
  loadProviderSchemas,
  ProviderSchema,
  providerSchemaIn,
  ResourceSchema,
  toProtoSchema,
} from './schema';
import { PLUGIN_PROTOCOL } from './protocol';
import { StubTenant } from './tenant';
import { decodeMsgpack, encodeMsgpack, fromJson, isWhollyKnown, Value } from './values';

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: Number,
  defaults: true,
  oneofs: true,
};

/** The time the stub's world starts at; tests advance it to let tokens expire. */
export const EPOCH = new Date('2025-01-01T00:00:00Z');

export class StubClock {
  private time = EPOCH.getTime();
  now(): Date {
    return new Date(this.time);
  }
  advanceMinutes(minutes: number): void {
    this.time += minutes * 60_000;
  }
  reset(): void {
    this.time = EPOCH.getTime();
  }
}

export interface StubServerOptions {
  /** Folder of provider schema files. */
  readonly schemasDir: string;
  /** A file every RPC is logged to. @default - no log */
  readonly logFile?: string;
  /**
   * The environment whose variables may supply provider arguments (only whether each is
   * set is read, never passed on): see providerSchemaIn.
   * @default - none: every required provider argument is required
   */
  readonly providerEnvironment?: Readonly<Record<string, string | undefined>>;
  /**
   * The cluster CA and admin credentials to serve, e.g. those of an earlier run whose
   * states hold them (`cdktf-kamaji check --state`). @default - made afresh
   */
  readonly pki?: ClusterPki;
}

interface Diagnostic {
  severity: number;
  summary: string;
  detail: string;
}

const error = (summary: string, detail = ''): Diagnostic => ({ severity: 1, summary, detail });

/**
 * The warning a provider returns when validating a type it deprecates, as
 * terraform-plugin-sdk v2 does (helper/schema Resource.Validate: "Deprecated Resource",
 * for resources and data sources alike). The schema file says only `deprecated: true`,
 * not the provider's message.
 */
const deprecated = (provider: string, type: string, schema: ResourceSchema | undefined) =>
  schema?.block.deprecated
    ? [
        {
          severity: 2,
          summary: 'Deprecated Resource',
          detail: `${type} is deprecated by the ${provider} provider (schemas/${provider}.json)`,
        },
      ]
    : [];

type Handler = (request: any) => object;

export class StubProviderServer {
  /** Starts one gRPC server per provider, each on its own socket in a private folder. */
  public static async start(options: StubServerOptions): Promise<StubProviderServer> {
    const stub = new StubProviderServer(options);
    await stub.listen();
    return stub;
  }

  public readonly clock = new StubClock();
  public readonly providers: ProviderSchema[];
  /** The tenant's nodes, for `kubernetes_nodes` and the stub kubectl. */
  public readonly tenant: StubTenant;
  private readonly env: StubEnvironment;
  private readonly socketDir: string;
  private readonly servers: grpc.Server[] = [];
  private readonly reattach: Record<string, object> = {};
  private readonly log?: (line: string) => void;
  private readonly providerEnvironment: Readonly<Record<string, string | undefined>>;

  private constructor(options: StubServerOptions) {
    this.providerEnvironment = options.providerEnvironment ?? {};
    this.providers = loadProviderSchemas(options.schemasDir);
    this.socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfstub-'));
    this.tenant = new StubTenant(path.join(this.socketDir, 'tenant'));
    this.env = { clock: this.clock, pki: options.pki ?? createClusterPki(), tenant: this.tenant };
    this.tenant.serveAdminConf(publicAdminConf('__TENANT__', this.env.pki));
    if (options.logFile) {
      const file = options.logFile;
      this.log = (line) => fs.appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
    }
  }

  /**
   * The `admin.conf` the stub's `<controlPlane>-admin-kubeconfig` Secret holds: for a
   * stub kubectl that plays the management cluster, and for tests that look for it.
   */
  public adminConf(controlPlane: string): string {
    return publicAdminConf(controlPlane, this.env.pki);
  }

  /** The value of TF_REATTACH_PROVIDERS that points Terraform at these servers. */
  public get reattachProviders(): string {
    return JSON.stringify(this.reattach);
  }

  /** Stops every server at once and removes the sockets. */
  public stop(): void {
    for (const server of this.servers) server.forceShutdown();
    this.servers.length = 0;
    fs.rmSync(this.socketDir, { recursive: true, force: true });
  }

  private async listen(): Promise<void> {
    const definition = protoLoader.fromJSON(PLUGIN_PROTOCOL, LOADER_OPTIONS);
    const loaded = grpc.loadPackageDefinition(definition) as any;
    for (const provider of this.providers) {
      const server = new grpc.Server();
      server.addService(loaded.tfplugin6.Provider.service, this.providerService(provider));
      server.addService(loaded.plugin.GRPCController.service, {
        // The harness owns this server's life: a client's Shutdown ends nothing.
        Shutdown: this.unary(provider, 'Shutdown', () => ({})),
      });
      const socket = path.join(this.socketDir, `${provider.address.split('/').pop()}.sock`);
      await new Promise<void>((resolve, reject) =>
        server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (err) =>
          err ? reject(err) : resolve(),
        ),
      );
      this.servers.push(server);
      // Test mode: go-plugin neither waits on nor kills this process when Terraform exits.
      for (const address of registryAliases(provider.address)) {
        this.reattach[address] = {
          Protocol: 'grpc',
          ProtocolVersion: 6,
          Pid: process.pid,
          Test: true,
          Addr: { Network: 'unix', String: socket },
        };
      }
    }
  }

  private unary(provider: ProviderSchema, name: string, handler: Handler) {
    return (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      this.log?.(`${provider.address} ${name} ${call.request.type_name ?? ''}`);
      try {
        callback(null, handler(call.request));
      } catch (err) {
        const e = err as Error;
        this.log?.(`${provider.address} ${name} failed: ${e.stack}`);
        callback(null, {
          diagnostics: [error(`stub provider: ${name} failed`, e.stack ?? e.message)],
        });
      }
    };
  }

  private providerService(provider: ProviderSchema): grpc.UntypedServiceImplementation {
    const name = provider.address.split('/').pop()!;
    const resource = (type: string) => provider.resources[type];
    const dataSource = (type: string) => provider.dataSources[type];
    const capabilities = { plan_destroy: false, get_provider_schema_optional: false };
    const handlers: Record<string, Handler> = {
      GetMetadata: () => ({
        server_capabilities: capabilities,
        resources: Object.keys(provider.resources).map((type_name) => ({ type_name })),
        data_sources: Object.keys(provider.dataSources).map((type_name) => ({ type_name })),
      }),
      GetProviderSchema: () => ({
        provider: toProtoSchema(providerSchemaIn(provider, this.providerEnvironment)),
        resource_schemas: mapValues(provider.resources, toProtoSchema),
        data_source_schemas: mapValues(provider.dataSources, toProtoSchema),
        server_capabilities: capabilities,
      }),
      GetResourceIdentitySchemas: () => ({}),
      GetFunctions: () => ({}),
      StopProvider: () => ({ Error: '' }),
      ValidateProviderConfig: () => ({}),
      ConfigureProvider: (request) => {
        const config = decode(provider.provider, request.config);
        const problems = isObjectValue(config) ? (PROVIDER_CHECKS[name]?.(config) ?? []) : [];
        return {
          diagnostics: problems.map((problem) =>
            error(`Invalid ${name} provider configuration`, problem),
          ),
        };
      },
      ValidateResourceConfig: (request) => {
        const schema = resource(request.type_name);
        if (!schema) return { diagnostics: [unsupported(name, 'resource', request.type_name)] };
        const config = decode(schema, request.config) as ObjectValue;
        const problems = RESOURCE_BEHAVIOURS[request.type_name]?.validate?.(config) ?? [];
        return {
          diagnostics: [
            ...deprecated(name, request.type_name, schema),
            ...problems.map((p) => error(`Invalid ${request.type_name}`, p)),
          ],
        };
      },
      ValidateDataResourceConfig: (request) => {
        const schema = dataSource(request.type_name);
        if (schema) return { diagnostics: deprecated(name, request.type_name, schema) };
        return { diagnostics: [unsupported(name, 'data source', request.type_name)] };
      },
      UpgradeResourceState: (request) => {
        const schema = resource(request.type_name);
        const json = request.raw_state?.json;
        if (!json || json.length === 0) {
          return { diagnostics: [error('stub provider reads only JSON state')] };
        }
        const state = fromJson(blockType(schema.block), JSON.parse(json.toString('utf8')));
        return { upgraded_state: { msgpack: encodeMsgpack(state) } };
      },
      ReadResource: (request) => {
        const schema = resource(request.type_name);
        const state = decode(schema, request.current_state);
        const behaviour = RESOURCE_BEHAVIOURS[request.type_name];
        const current =
          isObjectValue(state) && behaviour?.read ? behaviour.read(state, this.env) : state;
        return { new_state: { msgpack: encodeMsgpack(current) }, private: request.private };
      },
      PlanResourceChange: (request) => {
        const type = request.type_name;
        const schema = resource(type);
        const prior = decode(schema, request.prior_state) as ObjectValue | null;
        const proposed = decode(schema, request.proposed_new_state) as ObjectValue | null;
        if (proposed === null) {
          return {
            planned_state: { msgpack: encodeMsgpack(null) },
            planned_private: request.prior_private,
          };
        }
        const behaviour = RESOURCE_BEHAVIOURS[type] ?? {};
        let planned = (
          prior === null ? unknownComputed(schema.block, proposed) : proposed
        ) as ObjectValue;
        planned = behaviour.plan?.(planned, prior) ?? planned;
        const replace: Path[] = prior === null ? [] : replacementPaths(type, prior, planned);
        return {
          planned_state: { msgpack: encodeMsgpack(planned) },
          requires_replace: replace.map(toAttributePath),
          planned_private: request.prior_private,
        };
      },
      ApplyResourceChange: (request) => {
        const type = request.type_name;
        const schema = resource(type);
        const prior = decode(schema, request.prior_state);
        const planned = decode(schema, request.planned_state) as ObjectValue | null;
        if (planned === null) return { new_state: { msgpack: encodeMsgpack(null) } };
        const behaviour = RESOURCE_BEHAVIOURS[type] ?? {};
        const problems =
          behaviour.applyErrors?.(planned, this.env, isObjectValue(prior) ? prior : null) ?? [];
        if (problems.length > 0) {
          return {
            new_state: { msgpack: encodeMsgpack(prior) },
            diagnostics: problems.map((p) => error(`${type}: apply failed`, p)),
          };
        }
        const applied = behaviour.apply?.(planned, this.env) ?? planned;
        const state = fillUnknowns(schema.block, applied, seedOf(type, planned), this.clock);
        if (!isWhollyKnown(state)) {
          return { diagnostics: [error(`stub provider left an unknown value in ${type}`)] };
        }
        return { new_state: { msgpack: encodeMsgpack(state) }, private: request.planned_private };
      },
      ImportResourceState: (request) => {
        const schema = resource(request.type_name);
        const state = { ...emptyObject(schema.block), id: request.id };
        return {
          imported_resources: [
            { type_name: request.type_name, state: { msgpack: encodeMsgpack(state) } },
          ],
        };
      },
      ReadDataSource: (request) => {
        const type = request.type_name;
        const schema = dataSource(type);
        const config = decode(schema, request.config) as ObjectValue;
        const found = DATA_SOURCE_FIXTURES[type]?.(config, this.env) ?? config;
        const state = fillComputed(schema.block, found, seedOf(type, config), this.clock);
        return { state: { msgpack: encodeMsgpack(state) } };
      },
    };
    return mapValues(handlers, (handler, rpc) => this.unary(provider, rpc, handler));
  }
}

/** A DynamicValue as sent: MessagePack normally, JSON as the protocol's fallback. */
function decode(
  schema: ResourceSchema,
  dynamic: { msgpack?: Buffer; json?: Buffer } | null,
): Value {
  if (dynamic?.msgpack && dynamic.msgpack.length > 0) return decodeMsgpack(dynamic.msgpack);
  if (dynamic?.json && dynamic.json.length > 0) {
    return fromJson(blockType(schema.block), JSON.parse(dynamic.json.toString('utf8')));
  }
  return null;
}

function toAttributePath(path: Path): object {
  return {
    steps: path.map((step) =>
      typeof step === 'number' ? { element_key_int: step } : { attribute_name: step },
    ),
  };
}

function unsupported(provider: string, kind: string, type: string): Diagnostic {
  return error(
    `The stub ${provider} provider has no ${kind} ${type}`,
    `Add its schema to schemas/ (design D5) to use it offline.`,
  );
}

function mapValues<T, U>(
  object: Record<string, T>,
  fn: (value: T, key: string) => U,
): Record<string, U> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fn(value, key)]));
}

/**
 * A provider's address under both public registries' hosts. A source without a host
 * (`bpg/proxmox`) means registry.terraform.io to Terraform and registry.opentofu.org to
 * OpenTofu (opentofu/opentofu internal/addrs/provider.go, DefaultProviderRegistryHost),
 * and either attaches only to the reattach entry of its own address; an entry the
 * configuration does not require is not used.
 */
export function registryAliases(address: string): string[] {
  const match = /^registry\.(terraform\.io|opentofu\.org)\/(.+)$/.exec(address);
  if (!match) return [address];
  return [`registry.terraform.io/${match[2]}`, `registry.opentofu.org/${match[2]}`];
}
