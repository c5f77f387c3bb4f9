/**
 * Renders a node's cloud-init user-data: packages, users, files, and a join script
 * that runs yaki (or kubeadm on pre-baked images) with a JoinConfiguration that pins
 * the tenant CA (design D2). Pure module: no CDKTF import.
 */
import { Document, Scalar } from 'yaml';
import { ValidationError } from '../errors';
import { LITERAL_ENCODING, toJson, ValueEncoding } from './encoding';
import {
  discoveryKubeconfig,
  DISCOVERY_KUBECONFIG_PATH,
  joinConfiguration,
  JOIN_CONFIGURATION_PATH,
} from './join-configuration';
import { joinScript, JOIN_SCRIPT_PATH, JOIN_TOKEN_PATH, JOIN_URL_PATH } from './join-script';
import { NodeBootstrapConfig, NodeFile, OsFamily } from './node-bootstrap';
import { validateNodeBootstrap } from './node-bootstrap-validation';
import {
  containerdProxyDropIn,
  CONTAINERD_PROXY_DROP_IN_PATH,
  proxyEnvironmentFile,
  PROXY_ENVIRONMENT_PATH,
} from './proxy-environment';

interface WriteFile {
  readonly path: string;
  readonly text: string;
  readonly permissions: string;
  readonly owner?: string;
  readonly defer?: boolean;
}

/**
 * `#cloud-config` user-data for one node. Values may be Terraform tokens when an
 * `encoding` that defers to Terraform is given (the node pools do that): each one then
 * reaches the node encoded for where it lands (see encoding.ts), never as raw text. With
 * the default encoding they must be the real values.
 */
export function renderUserData(
  config: NodeBootstrapConfig,
  encoding: ValueEncoding = LITERAL_ENCODING,
): string {
  const problems = validateNodeBootstrap(config, '', () => false);
  if (problems.length > 0) throw new ValidationError('renderUserData', problems);
  return renderCheckedUserData(config, encoding);
}

/** `renderUserData` for a configuration its caller has validated (token-aware). */
export function renderCheckedUserData(
  config: NodeBootstrapConfig,
  encoding: ValueEncoding,
): string {
  const files: WriteFile[] = [
    {
      path: DISCOVERY_KUBECONFIG_PATH,
      text: toJson(discoveryKubeconfig(config, encoding.base64), encoding),
      permissions: '0600',
    },
    {
      path: JOIN_CONFIGURATION_PATH,
      text: toJson(joinConfiguration(config), encoding),
      permissions: '0600',
    },
    { path: JOIN_URL_PATH, text: config.endpoint, permissions: '0600' },
    { path: JOIN_TOKEN_PATH, text: config.token, permissions: '0600' },
    { path: JOIN_SCRIPT_PATH, text: joinScript(config, encoding), permissions: '0700' },
    ...proxyFiles(config, encoding),
    ...(config.files ?? []).map(userFile),
  ];

  // Every scalar a user gives may be a Terraform value: `yamlText` keeps it in its quotes.
  const text = (value: string) => yamlText(value, encoding);
  const cloudConfig = {
    hostname: text(config.nodeName),
    manage_etc_hosts: true,
    package_update: true,
    packages: [
      ...(config.osFamily ?? OsFamily.DEBIAN).prerequisitePackages,
      ...(config.extraPackages ?? []),
    ].map(text),
    ...(config.adminUser && {
      users: [
        'default',
        {
          name: text(config.adminUser.name),
          groups: ['sudo'],
          sudo: 'ALL=(ALL) NOPASSWD:ALL',
          shell: '/bin/bash',
          lock_passwd: true,
          ssh_authorized_keys: config.adminUser.sshAuthorizedKeys.map(text),
        },
      ],
    }),
    ...(config.sshAuthorizedKeys?.length && {
      ssh_authorized_keys: config.sshAuthorizedKeys.map(text),
    }),
    ...(config.ntpServers?.length && {
      ntp: { enabled: true, servers: config.ntpServers.map(text) },
    }),
    write_files: files.map((file) => ({
      path: text(file.path),
      owner: text(file.owner ?? 'root:root'),
      permissions: text(file.permissions),
      encoding: 'b64',
      // Single quotes: base64 holds no quote, and a Terraform placeholder stays intact.
      content: quoted(encoding.base64(file.text)),
      ...(file.defer && { defer: true }),
    })),
    runcmd: [[JOIN_SCRIPT_PATH]],
  };
  const document = new Document(cloudConfig);
  return `#cloud-config\n${document.toString({ lineWidth: 0 })}`;
}

/** The proxy settings for containerd, root-only (see proxy-environment.ts). */
function proxyFiles(config: NodeBootstrapConfig, encoding: ValueEncoding): WriteFile[] {
  const environment = proxyEnvironmentFile(config.proxy, encoding);
  if (environment === undefined) return [];
  return [
    { path: PROXY_ENVIRONMENT_PATH, text: environment, permissions: '0600' },
    { path: CONTAINERD_PROXY_DROP_IN_PATH, text: containerdProxyDropIn(), permissions: '0644' },
  ];
}

/**
 * cloud-init writes files before it creates users, so a file owned by anyone but root
 * (the admin user, the image's default user) is written later, in the final stage,
 * still before the join runs.
 */
function userFile(file: NodeFile): WriteFile {
  const owner = file.owner ?? 'root:root';
  return {
    path: file.path,
    text: file.content,
    permissions: file.permissions ?? '0600',
    owner,
    ...(owner !== 'root:root' && { defer: true }),
  };
}

/**
 * A cloud-config scalar. A known value is left to the YAML library, which quotes it as
 * needed. A value known only at apply time becomes Terraform's `jsonencode` of it, a
 * double-quoted scalar (JSON is YAML) whose escapes keep newlines, quotes and "#" in
 * it: whatever it holds, it stays one scalar and adds no key.
 */
function yamlText(value: string, encoding: ValueEncoding): string | Scalar {
  if (!encoding.isUnresolved(value)) return value;
  const scalar = new Scalar(encoding.jsonString(value));
  // The placeholder of the JSON text must reach Terraform as it is, unquoted.
  scalar.type = Scalar.PLAIN;
  return scalar;
}

function quoted(value: string): Scalar {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_SINGLE;
  return scalar;
}
