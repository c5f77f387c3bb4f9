/**
 * The baseline: the same Terraform as `library-app.ts`, written by hand with the L1
 * constructs of the provider bindings and no construct of the library, as a user
 * without it would. It creates the same resources, data sources, providers and
 * outputs with the same construct paths and attribute values, so its output is
 * byte-identical (the benchmark checks that).
 *
 * What it shares with the library: the cloud-init text comes from the library's pure
 * renderer (`renderCheckedUserData`, what `renderUserData` runs after validating) and
 * its Terraform encoding (apply-time values become `jsonencode`/`base64encode` calls);
 * the drain and Node deletion scripts and the version and machine spec check blocks come
 * from their pure renderers too (`retirement-scripts.ts`, `version-checks.ts`,
 * `machine-spec-checks.ts`), and so do each stack's ledger, its guards and its read of the
 * stack's own state (`ledger-terraform.ts`); literals are escaped with `terraform-literals.ts`'s
 * functions where the library's aspect would. Like the library, it looks up the
 * template (and on vSphere the inventory) once per stack, not once per pool.
 * Its `terraform_data` resources are the same L1 the library uses (`TerraformData`:
 * CDKTF's `DataResource` without the `terraform version` it runs per resource at synth),
 * so neither side pays for that process.
 * What it leaves out: every validation, node naming, addressing arithmetic, placement,
 * provider qualification by an aspect, token sharing and provider lookups by tree
 * search, and the two user-data encodings a machine does not use.
 * This file builds the app, its control planes and join tokens; what every pool writes is
 * raw-pool.ts, and each infrastructure's machines are raw-proxmox.ts and raw-vsphere.ts.
 */
import { DataKubernetesSecretV1 } from '@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { StringResource } from '@cdktf/provider-random/lib/string-resource';
import { Offset } from '@cdktf/provider-time/lib/offset';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { Rotating } from '@cdktf/provider-time/lib/rotating';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { App, Fn, TerraformLocal, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ProxmoxProvider } from '../src/.gen/providers/proxmox/provider';
import { localState, variable } from './library-app';
import {
  CONTROL_PLANE_STACK,
  controlPlaneName,
  Infrastructure,
  KUBERNETES_VERSION,
  NAMESPACE,
  NODE_STACK,
  POOLS,
  poolOf,
  Size,
} from './scenario';
import { Ledger, Tenant } from './raw-pool';
import { proxmoxLookups, proxmoxPool } from './raw-proxmox';
import { vsphereLookups, vspherePool } from './raw-vsphere';

/** Builds the same app as `buildLibraryApp`, from L1 constructs. */
export function buildRawApp(app: App, infrastructure: Infrastructure, size: Size): App {
  const controlPlanes = new TerraformStack(app, CONTROL_PLANE_STACK);
  localState(controlPlanes);
  controlPlanes.addOverride(
    'terraform.required_providers.kubernetes.source',
    'hashicorp/kubernetes',
  );
  const kubeconfig = new TerraformVariable(controlPlanes, 'management_kubeconfig', {
    type: 'string',
    default: '~/.kube/config',
    description: 'Path of the kubeconfig of the Kamaji management cluster',
  });
  new KubernetesProvider(controlPlanes, 'management', { configPath: kubeconfig.stringValue });

  const nodes = new TerraformStack(app, NODE_STACK);
  localState(nodes);
  if (infrastructure === Infrastructure.PROXMOX) {
    new ProxmoxProvider(nodes, 'proxmox', { ssh: [{ agent: true }] });
  } else {
    new VsphereProvider(nodes, 'vsphere', {
      vsphereServer: variable(nodes, 'vsphere_server'),
      user: variable(nodes, 'vsphere_user'),
      password: variable(nodes, 'vsphere_password', true),
    });
  }
  const nodeLedger = new Ledger(nodes);
  const random = new RandomProvider(nodes, 'random');
  const time = new TimeProvider(nodes, 'time');
  // Every pool clones the same template in the same inventory: looked up once.
  const proxmox = infrastructure === Infrastructure.PROXMOX ? proxmoxLookups(nodes) : undefined;
  const vsphere = proxmox ? undefined : vsphereLookups(nodes);

  const pools = POOLS.slice(0, size.poolsPerControlPlane);
  // The control plane stack's ledger: the pools of the app with nodes, per control plane.
  new Ledger(
    controlPlanes,
    Array.from({ length: size.controlPlanes }, (_, c) => ({
      identity: `${NAMESPACE}/${controlPlaneName(c)}`,
      name: controlPlaneName(c),
      pools: pools.map((pool) => [`${NODE_STACK}/${pool.name}`, size.nodesPerPool > 0] as const),
    })),
  );
  for (let c = 0; c < size.controlPlanes; c++) {
    const name = controlPlaneName(c);
    const { adminConf, appliedVersion } = controlPlane(controlPlanes, name);
    // The library reads admin.conf, sensitive at its source, for the drains' tenant identity.
    const cluster = Fn.lookupNested(Fn.yamldecode(Fn.sensitive(adminConf)), [
      'clusters',
      0,
      'cluster',
    ]);
    const tenant = {
      ...joinToken(nodes, name, adminConf, random, time),
      managementKubeconfig: kubeconfig.stringValue,
      appliedVersion,
      server: Fn.trimprefix(Token.asString(Fn.lookupNested(cluster, ['server'])), 'https://'),
      caSha256: Fn.sha256(
        Fn.base64decode(Token.asString(Fn.lookupNested(cluster, ['certificate-authority-data']))),
      ),
      ledger: nodeLedger,
    };
    for (const pool of pools.map((p) => poolOf(p, c))) {
      if (proxmox) proxmoxPool(tenant, pool, size.nodesPerPool, proxmox);
      else vspherePool(nodes, tenant, pool, size.nodesPerPool, vsphere!);
      if (c === 0 && pool.name === POOLS[0].name) {
        kubeconfigCheck(
          nodes,
          `${tenant.scope.node.path}/${pool.name}`,
          tenant.managementKubeconfig,
        );
      }
    }
  }
  // After the pools' check blocks, as the library's provider-source aspect adds it.
  nodes.addOverride('terraform.required_providers.kubernetes.source', 'hashicorp/kubernetes');
  return app;
}

/**
 * The TenantControlPlane manifest and the Secret its admin kubeconfig is read from; the
 * kubeconfig, and the version the manifest in state has (the pools' precondition).
 */
function controlPlane(
  stack: TerraformStack,
  name: string,
): { adminConf: string; appliedVersion: string } {
  const scope = new Construct(stack, name);
  const manifest = new Manifest(scope, 'Resource', {
    manifest: {
      apiVersion: 'kamaji.clastix.io/v1alpha1',
      kind: 'TenantControlPlane',
      metadata: { name, namespace: NAMESPACE },
      spec: {
        controlPlane: { deployment: { replicas: 2 }, service: { serviceType: 'LoadBalancer' } },
        kubernetes: {
          version: KUBERNETES_VERSION,
          kubelet: {
            // Kamaji renders fields a v1.35 kubelet does not know: each is added, so that
            // removing it cannot fail, then removed; cgroupDriver is absent, so `add`.
            configurationJSONPatches: [
              { op: 'add', path: '/memoryReservationPolicy', value: false },
              { op: 'remove', path: '/memoryReservationPolicy' },
              { op: 'add', path: '/tlsCurvePreferences', value: false },
              { op: 'remove', path: '/tlsCurvePreferences' },
              { op: 'add', path: '/cgroupDriver', value: 'systemd' },
            ],
          },
        },
        networkProfile: {
          port: 6443,
          serviceCidr: '10.96.0.0/16',
          serviceCidrs: ['10.96.0.0/16'],
          podCidr: '10.244.0.0/16',
          podCidrs: ['10.244.0.0/16'],
          dnsServiceIPs: ['10.96.0.10'],
          clusterDomain: 'cluster.local',
        },
        addons: {
          coreDNS: {},
          kubeProxy: {},
          konnectivity: { server: { port: 8132 }, agent: { mode: 'DaemonSet' } },
        },
      },
    },
    computedFields: [
      'metadata.annotations',
      'metadata.labels',
      'spec.dataStore',
      'spec.dataStoreSchema',
      'spec.dataStoreUsername',
      'spec.controlPlane.deployment.replicas',
      'spec.networkProfile.serviceCidrs',
      'spec.networkProfile.podCidrs',
      'spec.networkProfile.dnsServiceIPs',
    ],
    fieldManager: { name: 'cdktf-kamaji' },
    wait: {
      fields: {
        'status.kubernetesResources.version.status': '^(Ready|WriteLimited)$',
        'status.controlPlaneEndpoint': '^.+:[0-9]+$',
        // Kamaji reports the version once the new API server is rolled out.
        'status.kubernetesResources.version.version': `^${KUBERNETES_VERSION.replace(/\./g, '\\.')}$`,
      },
    },
    timeouts: { create: '20m', update: '20m', delete: '10m' },
    lifecycle: { preventDestroy: false },
  });
  const secret = new DataKubernetesSecretV1(scope, 'AdminKubeconfigSecret', {
    metadata: { name: `${name}-admin-kubeconfig`, namespace: NAMESPACE },
    dependsOn: [manifest],
  });
  return {
    adminConf: secret.data.lookup('admin.conf'),
    appliedVersion: manifest.getStringAttribute('object.spec.kubernetes.version'),
  };
}

/** The bootstrap token Secret in the tenant cluster, rotated by the time provider. */
function joinToken(
  stack: TerraformStack,
  name: string,
  adminConf: string,
  random: RandomProvider,
  time: TimeProvider,
): Omit<Tenant, 'managementKubeconfig' | 'appliedVersion' | 'server' | 'caSha256' | 'ledger'> {
  const scope = new Construct(stack, `${name}-join-token`);
  // The library marks admin.conf sensitive where it is read (it crosses stacks here).
  const kubeconfig = Fn.yamldecode(Fn.sensitive(adminConf));
  const lookup = (path: Array<string | number>) =>
    Token.asString(Fn.lookupNested(kubeconfig, path));
  const caCertificate = Fn.base64decode(
    lookup(['clusters', 0, 'cluster', 'certificate-authority-data']),
  );
  const server = Fn.lookupNested(Fn.yamldecode(adminConf), ['clusters', 0, 'cluster', 'server']);
  const endpoint = Fn.nonsensitive(Fn.trimprefix(Token.asString(server), 'https://'));
  const tenantProvider = new KubernetesProvider(scope, 'TenantProvider', {
    alias: `tenant-${name}-${scope.node.addr.slice(0, 8)}`,
    host: lookup(['clusters', 0, 'cluster', 'server']),
    clusterCaCertificate: Fn.base64decode(
      lookup(['clusters', 0, 'cluster', 'certificate-authority-data']),
    ),
    clientCertificate: Fn.base64decode(lookup(['users', 0, 'user', 'client-certificate-data'])),
    clientKey: Fn.base64decode(lookup(['users', 0, 'user', 'client-key-data'])),
  });
  const rotation = new Rotating(scope, 'Rotation', { provider: time, rotationMinutes: 720 });
  const keepers = { rotation: rotation.id };
  const tokenId = new StringResource(scope, 'TokenId', {
    provider: random,
    length: 6,
    upper: false,
    special: false,
    keepers,
  });
  const tokenSecret = new Password(scope, 'TokenSecret', {
    provider: random,
    length: 16,
    upper: false,
    special: false,
    keepers,
  });
  const expiry = new Offset(scope, 'Expiry', {
    provider: time,
    baseRfc3339: rotation.rfc3339,
    offsetMinutes: 1440,
    triggers: keepers,
  });
  new SecretV1(scope, 'Resource', {
    provider: tenantProvider,
    metadata: { name: `bootstrap-token-${tokenId.result}`, namespace: 'kube-system' },
    type: 'bootstrap.kubernetes.io/token',
    data: {
      'token-id': tokenId.result,
      'token-secret': tokenSecret.result,
      expiration: expiry.rfc3339,
      'usage-bootstrap-authentication': 'true',
      'usage-bootstrap-signing': 'true',
      'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
      description: 'Node join token managed by cdktf-kamaji',
    },
  });
  // The same locals, in the same order, as the library writes: byte-identical output.
  const caLocal = new TerraformLocal(scope, 'CaCertificate', caCertificate).asString;
  const endpointLocal = new TerraformLocal(scope, 'Endpoint', endpoint).asString;
  return {
    name,
    scope: new Construct(stack, name),
    endpoint: endpointLocal,
    caCertificate: caLocal,
    // Marked where it is used, as the library does (a pool may be in another stack).
    token: Fn.sensitive(Fn.join('', [tokenId.result, '.', tokenSecret.result])),
  };
}

/**
 * One check per stack that the management kubeconfig exists on the runner at plan time,
 * naming the first pool whose drains read it.
 */
function kubeconfigCheck(stack: TerraformStack, poolPath: string, kubeconfig: string): void {
  const value = `nonsensitive(${kubeconfig})`;
  stack.addOverride('check.cdktf_kamaji_management_kubeconfig', {
    assert: [
      {
        condition: `\${${value} == "" || fileexists(pathexpand(${value}))}`,
        error_message:
          `${poolPath}: the management kubeconfig \${${value}} (config_path of the control plane's kubernetes provider) ` +
          "does not exist on this runner: drains and join health read the tenant's kubeconfig with it; fix the path, or set CDKTF_KAMAJI_TENANT_KUBECONFIG",
      },
    ],
  });
}
