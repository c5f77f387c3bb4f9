/**
 * Every TenantControlPlane and DataStore the library renders must be accepted by the
 * real Kamaji CRD schemas (types, enums, required fields, no unknown fields). The
 * CEL rules are not evaluated here (see test/support/kamaji-crds.ts).
 */
import { TerraformStack, Testing } from 'cdktf';
import {
  CgroupDriver,
  DataStore,
  DataStoreDriver,
  JsonPatchOp,
  KonnectivityAgentMode,
  KubernetesVersion,
  NodeAddressType,
  ServiceType,
  TaintEffect,
  TenantControlPlane,
  TolerationOperator,
} from '../../src';
import {
  CRD_SKIP_REASON,
  CRDS_PRESENT,
  describeErrors,
  loadKamajiValidators,
  loadSampleTenantControlPlanes,
} from '../support/kamaji-crds';
import { EXAMPLES } from '../support/examples';
import { FakeInfrastructure } from '../support/fake-infrastructure';
import { manifestsOf, newStack, synthesize } from '../support/synth';

if (!CRDS_PRESENT) {
  console.warn(`Kamaji CRD conformance ${CRD_SKIP_REASON}`);
}
const describeWithCrds = CRDS_PRESENT ? describe : describe.skip;

function fullySpecified(): TerraformStack {
  const stack = newStack();
  new TenantControlPlane(stack, 'lb', {
    name: 'tcp-charlie',
    namespace: 'kamaji-tenant',
    kubernetesVersion: KubernetesVersion.of('v1.33.4'),
    replicas: 3,
    serviceType: ServiceType.LOAD_BALANCER,
    serviceLabels: { tier: 'api' },
    serviceAnnotations: { 'lb.example.com/pool': 'tenants' },
    allocateLoadBalancerNodePorts: false,
    networkProfile: {
      address: '203.0.113.30',
      advertiseAddress: '203.0.113.30',
      port: 6443,
      certSans: ['tcp-charlie.example.com'],
      serviceCidrs: ['10.96.0.0/16', 'fd00:96::/108'],
      podCidrs: ['10.244.0.0/16', 'fd00:244::/56'],
      dnsServiceIps: ['10.96.0.10', 'fd00:96::10'],
      clusterDomain: 'cluster.local',
      loadBalancerClass: 'kube-vip.io/kube-vip-class',
      loadBalancerSourceRanges: ['198.51.100.0/24'],
    },
    kubelet: {
      cgroupDriver: CgroupDriver.SYSTEMD,
      preferredAddressTypes: [NodeAddressType.INTERNAL_IP, NodeAddressType.HOSTNAME],
    },
    addons: {
      coreDns: { imageRepository: 'registry.k8s.io/coredns', imageTag: 'v1.12.1' },
      kubeProxy: { imageRepository: 'registry.k8s.io', imageTag: 'v1.33.4' },
      konnectivity: {
        serverPort: 8132,
        agentMode: KonnectivityAgentMode.DEPLOYMENT,
        agentReplicas: 2,
        agentHostNetwork: false,
      },
    },
    dataStore: 'postgresql-bronze',
    dataStoreSchema: 'tcp_charlie',
    dataStoreUsername: 'tcp_charlie',
    deployment: {
      resources: {
        apiServer: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
        controllerManager: { requests: { cpu: '100m' } },
        scheduler: { requests: { cpu: '100m' } },
      },
      extraArgs: { apiServer: ['--v=2'], controllerManager: ['--v=2'], scheduler: ['--v=2'] },
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [
        {
          key: 'dedicated',
          operator: TolerationOperator.EQUAL,
          value: 'kamaji',
          effect: TaintEffect.NO_SCHEDULE,
        },
        {
          operator: TolerationOperator.EXISTS,
          effect: TaintEffect.NO_EXECUTE,
          tolerationSeconds: 30,
        },
      ],
      podLabels: { tenant: 'charlie' },
      podAnnotations: { team: 'platform' },
    },
    labels: { 'tenant.clastix.io': 'tcp-charlie' },
    annotations: { owner: 'platform' },
    specOverrides: { writePermissions: { blockCreation: false } },
  });
  new TenantControlPlane(stack, 'ingress', {
    name: 'tcp-ingress',
    serviceType: ServiceType.CLUSTER_IP,
    ingress: {
      hostname: 'tcp-ingress.example.com',
      ingressClassName: 'haproxy',
      labels: { a: 'b' },
    },
  });
  new TenantControlPlane(stack, 'gateway', {
    name: 'tcp-gateway',
    serviceType: ServiceType.NODE_PORT,
    networkProfile: { address: '192.0.2.40', allowAddressAsExternalIp: true },
    gateway: {
      hostname: 'tcp-gateway.example.com',
      parentRefs: [{ name: 'kamaji', namespace: 'gateways', sectionName: 'tls', port: 443 }],
      annotations: { a: 'b' },
    },
    addons: {
      coreDns: { enabled: false },
      kubeProxy: { enabled: false },
      konnectivity: { enabled: false },
    },
  });
  new TenantControlPlane(stack, 'asleep', { name: 'tcp-asleep', replicas: 0 });
  const secret = (key: string) => ({ name: 'datastore-certs', namespace: 'kamaji-system', key });
  new DataStore(stack, 'etcd', {
    name: 'etcd-gold',
    driver: DataStoreDriver.ETCD,
    endpoints: ['etcd-0.etcd.kamaji-system.svc:2379', 'etcd-1.etcd.kamaji-system.svc:2379'],
    tlsConfig: {
      certificateAuthority: { certificate: secret('ca.crt'), privateKey: secret('ca.key') },
      clientCertificate: { certificate: secret('tls.crt'), privateKey: secret('tls.key') },
    },
    labels: { tier: 'gold' },
  });
  new DataStore(stack, 'postgres', {
    name: 'postgresql-bronze',
    driver: DataStoreDriver.POSTGRESQL,
    endpoints: ['postgres.kamaji-system.svc:5432'],
    basicAuth: { username: secret('username'), password: secret('password') },
    tlsConfig: { certificateAuthority: { certificate: secret('ca.crt') } },
  });
  return stack;
}

describeWithCrds('Kamaji CRD conformance', () => {
  const validators = CRDS_PRESENT ? loadKamajiValidators() : new Map();

  function errorsOf(object: Record<string, any>): string[] {
    const validate = validators.get(object.kind);
    if (!validate) throw new Error(`no CRD for kind ${object.kind}`);
    return validate(object) ? [] : describeErrors(validate);
  }

  test('the validator accepts the upstream samples that are valid at this Kamaji commit', () => {
    const samples = loadSampleTenantControlPlanes();
    const valid = [...samples.entries()].filter(
      ([file]) =>
        !file.includes('dualstack') &&
        file !== 'kamaji_v1alpha1_tenantcontrolplane_konnectivity.yaml',
    );
    expect(valid.length).toBeGreaterThan(3);
    for (const [file, sample] of valid) {
      expect({ file, errors: errorsOf(sample as Record<string, any>) }).toEqual({
        file,
        errors: [],
      });
    }
  });

  test('the validator refuses the two upstream samples known to be invalid (so it can fail)', () => {
    const samples = loadSampleTenantControlPlanes();
    expect(
      errorsOf(samples.get('kamaji_v1alpa_tenantcontrolplane_dualstack.yaml') as any).join(),
    ).toContain('must NOT have additional properties {"additionalProperty":"spec"}');
    expect(
      errorsOf(samples.get('kamaji_v1alpha1_tenantcontrolplane_konnectivity.yaml') as any).join(),
    ).toContain("must have required property 'controlPlane'");
  });

  test.each(EXAMPLES)('the %s example renders valid objects', (_name, build, stackNames) => {
    const app = build(Testing.app());
    const stacks = app.node.children.filter(
      (c): c is TerraformStack => c instanceof TerraformStack,
    );
    const objects = stacks.flatMap((stack) => manifestsOf(synthesize(stack)));
    // Every example with a control plane stack renders one; none renders nothing else.
    if (stackNames.includes('control-plane')) {
      expect(objects.map((o) => o.kind)).toContain('TenantControlPlane');
    }
    for (const object of objects) expect(errorsOf(object)).toEqual([]);
  });

  test('every control plane minor renders valid kubelet patches, with pools and user patches (#16)', () => {
    const stack = newStack();
    for (let minor = 30; minor <= 36; minor++) {
      const tcp = new TenantControlPlane(stack, `tcp-${minor}`, {
        name: `tcp-${minor}`,
        kubernetesVersion: KubernetesVersion.of(`v1.${minor}.1`),
        kubelet: {
          configurationJsonPatches: [
            { op: JsonPatchOp.REPLACE, path: '/maxPods', value: 200 },
            { op: JsonPatchOp.ADD, path: '/evictionHard', value: { 'memory.available': '5%' } },
          ],
        },
      });
      if (minor >= 34) {
        tcp.addNodePool('old', {
          name: 'old',
          infrastructure: new FakeInfrastructure(),
          kubernetesVersion: KubernetesVersion.of(`v1.${minor - 3}.0`),
        });
      }
    }
    const objects = manifestsOf(synthesize(stack), 'TenantControlPlane');
    expect(objects).toHaveLength(7);
    for (const object of objects) {
      expect(object.spec.kubernetes.kubelet.configurationJSONPatches.length).toBeGreaterThan(3);
      expect(errorsOf(object)).toEqual([]);
    }
  });

  test('a fully specified TenantControlPlane, its variants and both DataStore kinds render valid objects', () => {
    const objects = manifestsOf(synthesize(fullySpecified()));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'DataStore/etcd-gold',
      'DataStore/postgresql-bronze',
      'TenantControlPlane/tcp-asleep',
      'TenantControlPlane/tcp-charlie',
      'TenantControlPlane/tcp-gateway',
      'TenantControlPlane/tcp-ingress',
    ]);
    for (const object of objects) {
      expect({ name: object.metadata.name, errors: errorsOf(object) }).toEqual({
        name: object.metadata.name,
        errors: [],
      });
    }
  });
});
