/**
 * The typed Kamaji DataStore spec, its rendering and checks. Pure module: no CDKTF import.
 */
import { Problem } from '../errors';
import { CommonMessages } from '../private/common-messages';
import { KamajiMessages } from './kamaji-messages';
import { JsonObject } from '../private/deep-merge';
import { InputChecks } from '../private/field-checks';
import { isRfc1123Subdomain } from '../private/names';
import { IsUnresolved } from '../private/unresolved';
import { KAMAJI_API_VERSION } from './tenant-control-plane-spec';

/** The backing store of a DataStore (`spec.driver`, immutable). */
export enum DataStoreDriver {
  ETCD = 'etcd',
  MYSQL = 'MySQL',
  POSTGRESQL = 'PostgreSQL',
  NATS = 'NATS',
}

/**
 * A key of a Secret in the management cluster. DataStore credentials are always
 * references: inline content would put them in the Terraform configuration and plan.
 */
export interface SecretKeyReference {
  /** Name of the Secret. */
  readonly name: string;
  /** Namespace of the Secret (DataStores are cluster-scoped, so it is required). */
  readonly namespace: string;
  /** Key in the Secret's data. */
  readonly key: string;
}

/** A certificate and, where needed, its private key. */
export interface CertificateKeyPair {
  readonly certificate: SecretKeyReference;
  /** @default - none */
  readonly privateKey?: SecretKeyReference;
}

/** TLS to the data store. */
export interface DataStoreTlsConfig {
  /** The CA; with etcd its private key too, since Kamaji issues client certificates from it. */
  readonly certificateAuthority: CertificateKeyPair;
  /** Client certificate and key; required with etcd. @default - none */
  readonly clientCertificate?: CertificateKeyPair;
}

/** User name and password of a SQL or NATS data store. */
export interface DataStoreBasicAuth {
  readonly username: SecretKeyReference;
  readonly password: SecretKeyReference;
}

export interface DataStoreSpecOptions {
  /** Name of the DataStore (cluster-scoped): an RFC 1123 subdomain. */
  readonly name: string;
  readonly driver: DataStoreDriver;
  /** `host:port` of each server, no scheme. */
  readonly endpoints: string[];
  /** @default - no TLS (not allowed with etcd) */
  readonly tlsConfig?: DataStoreTlsConfig;
  /** @default - no basic authentication */
  readonly basicAuth?: DataStoreBasicAuth;
  /** @default - none */
  readonly labels?: { [key: string]: string };
  /** @default - none */
  readonly annotations?: { [key: string]: string };
}

/** The whole DataStore object. */
// The return type is spelled out: JsonObject is a private alias, not public API.
export function renderDataStore(options: DataStoreSpecOptions): { [key: string]: unknown } {
  const tls = options.tlsConfig;
  return {
    apiVersion: KAMAJI_API_VERSION,
    kind: 'DataStore',
    metadata: {
      name: options.name,
      ...(options.labels && Object.keys(options.labels).length > 0 && { labels: options.labels }),
      ...(options.annotations &&
        Object.keys(options.annotations).length > 0 && { annotations: options.annotations }),
    },
    spec: {
      driver: options.driver,
      endpoints: options.endpoints,
      ...(tls && {
        tlsConfig: {
          certificateAuthority: renderPair(tls.certificateAuthority),
          ...(tls.clientCertificate && { clientCertificate: renderPair(tls.clientCertificate) }),
        },
      }),
      ...(options.basicAuth && {
        basicAuth: {
          username: renderContent(options.basicAuth.username),
          password: renderContent(options.basicAuth.password),
        },
      }),
    },
  };
}

function renderPair(pair: CertificateKeyPair): JsonObject {
  return {
    certificate: renderContent(pair.certificate),
    ...(pair.privateKey && { privateKey: renderContent(pair.privateKey) }),
  };
}

function renderContent(ref: SecretKeyReference): JsonObject {
  return { secretReference: { name: ref.name, namespace: ref.namespace, keyPath: ref.key } };
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?):([0-9]{1,5})$/;

/** Every problem in the props, after Kamaji's CEL rules per driver; empty when valid. */
export function validateDataStore(
  options: DataStoreSpecOptions,
  isUnresolved: IsUnresolved,
): Problem[] {
  const problems: Problem[] = [
    ...InputChecks.required('name', options.name),
    ...InputChecks.required('driver', options.driver),
    ...InputChecks.enumValue(
      'driver',
      options.driver,
      DataStoreDriver,
      'DataStoreDriver',
      isUnresolved,
    ),
    ...InputChecks.required('endpoints', options.endpoints),
    ...InputChecks.list('endpoints', options.endpoints, isUnresolved),
  ];
  if (
    options.name !== undefined &&
    options.name !== null &&
    !isUnresolved(options.name) &&
    !(typeof options.name === 'string' && isRfc1123Subdomain(options.name))
  ) {
    problems.push(CommonMessages.notRfc1123Subdomain('name', options.name));
  }
  if (Array.isArray(options.endpoints) && !isUnresolved(options.endpoints)) {
    if (options.endpoints.length === 0) problems.push(KamajiMessages.noEndpoints('endpoints'));
    options.endpoints.forEach((endpoint, i) => {
      if (isUnresolved(endpoint)) return;
      const match = typeof endpoint === 'string' ? HOST_PORT.exec(endpoint) : null;
      if (!match || Number(match[3]) < 1 || Number(match[3]) > 65535) {
        problems.push(KamajiMessages.notHostPort(`endpoints[${i}]`, endpoint));
      }
    });
  }
  const given = options.tlsConfig;
  if (given) {
    problems.push(
      ...InputChecks.required('tlsConfig.certificateAuthority', given.certificateAuthority),
    );
    if (given.certificateAuthority) {
      problems.push(
        ...InputChecks.required(
          'tlsConfig.certificateAuthority.certificate',
          given.certificateAuthority.certificate,
        ),
      );
    }
    if (given.clientCertificate) {
      problems.push(
        ...InputChecks.required(
          'tlsConfig.clientCertificate.certificate',
          given.clientCertificate.certificate,
        ),
      );
    }
  }
  if (options.basicAuth) {
    problems.push(
      ...InputChecks.required('basicAuth.username', options.basicAuth.username),
      ...InputChecks.required('basicAuth.password', options.basicAuth.password),
    );
  }
  for (const [field, ref] of secretReferences(options)) {
    if (!ref || !ref.name || !ref.namespace || !ref.key)
      problems.push(KamajiMessages.secretKeyIncomplete(field, ref));
  }

  const tls = options.tlsConfig;
  if (options.driver === DataStoreDriver.ETCD) {
    if (!tls?.certificateAuthority?.privateKey || !tls.clientCertificate?.privateKey) {
      problems.push(KamajiMessages.etcdNeedsClientCertificate('tlsConfig'));
    }
    if (options.basicAuth) problems.push(KamajiMessages.basicAuthWithEtcd('basicAuth'));
  } else if (!tls && !options.basicAuth) {
    problems.push(KamajiMessages.sqlNeedsCredentials('tlsConfig, basicAuth', options.driver));
  }
  return problems;
}

function secretReferences(options: DataStoreSpecOptions): Array<[string, SecretKeyReference]> {
  const refs: Array<[string, SecretKeyReference | undefined]> = [
    [
      'tlsConfig.certificateAuthority.certificate',
      options.tlsConfig?.certificateAuthority?.certificate,
    ],
    [
      'tlsConfig.certificateAuthority.privateKey',
      options.tlsConfig?.certificateAuthority?.privateKey,
    ],
    ['tlsConfig.clientCertificate.certificate', options.tlsConfig?.clientCertificate?.certificate],
    ['tlsConfig.clientCertificate.privateKey', options.tlsConfig?.clientCertificate?.privateKey],
    ['basicAuth.username', options.basicAuth?.username],
    ['basicAuth.password', options.basicAuth?.password],
  ];
  return refs.filter((entry): entry is [string, SecretKeyReference] => entry[1] !== undefined);
}
