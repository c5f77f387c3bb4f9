import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import {
  CgroupDriver,
  KonnectivityAgentMode,
  KubernetesVersion,
  NodeAddressType,
  ServiceType,
  TaintEffect,
  TenantControlPlane,
  TenantControlPlaneProps,
  TolerationOperator,
} from '../../src';
import { newStack, onlyManifestResource, synthesize } from '../support/synth';
import { expectProblem, problemLike, refusalMessage, refusedProblems } from '../support/refusal';

function synthTcp(props: Partial<TenantControlPlaneProps> = {}) {
  const stack = newStack();
  const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-alpha', ...props });
  const synth = synthesize(stack);
  const resource = onlyManifestResource(synth);
  return { stack, tcp, synth, resource, manifest: resource.manifest, spec: resource.manifest.spec };
}

function failure(props: Partial<TenantControlPlaneProps>): string {
  const stack = newStack();
  return refusalMessage(() => {
    new TenantControlPlane(stack, 'tcp', { name: 'tcp-alpha', ...props });
    synthesize(stack);
  });
}

describe('TenantControlPlane defaults', () => {
  // GIVEN only a name; WHEN synthesized (once for the whole block)
  const { resource, manifest, spec, synth } = synthTcp();

  test('renders a kamaji.clastix.io/v1alpha1 TenantControlPlane in namespace "default"', () => {
    expect(manifest.apiVersion).toBe('kamaji.clastix.io/v1alpha1');
    expect(manifest.kind).toBe('TenantControlPlane');
    expect(manifest.metadata).toEqual({ name: 'tcp-alpha', namespace: 'default' });
  });

  test('runs 2 control plane replicas behind a LoadBalancer Service', () => {
    expect(spec.controlPlane).toEqual({
      deployment: { replicas: 2 },
      service: { serviceType: 'LoadBalancer' },
    });
  });

  test('uses the default Kubernetes version and the systemd cgroup driver', () => {
    expect(spec.kubernetes.version).toBe(KubernetesVersion.DEFAULT.version);
    // `add`, not `replace`: Kamaji renders no cgroupDriver key (Kamaji issue 1310).
    expect(spec.kubernetes.kubelet.configurationJSONPatches).toContainEqual({
      op: 'add',
      path: '/cgroupDriver',
      value: 'systemd',
    });
    expect(spec.kubernetes.kubelet.configurationJSONPatches).not.toContainEqual(
      expect.objectContaining({ op: 'replace' }),
    );
  });

  test('always writes the network profile, with the DNS address derived from the service CIDR', () => {
    expect(spec.networkProfile).toEqual({
      port: 6443,
      serviceCidr: '10.96.0.0/16',
      serviceCidrs: ['10.96.0.0/16'],
      podCidr: '10.244.0.0/16',
      podCidrs: ['10.244.0.0/16'],
      dnsServiceIPs: ['10.96.0.10'],
      clusterDomain: 'cluster.local',
    });
  });

  test('turns on CoreDNS, kube-proxy and konnectivity', () => {
    expect(spec.addons).toEqual({
      coreDNS: {},
      kubeProxy: {},
      konnectivity: { server: { port: 8132 }, agent: { mode: 'DaemonSet' } },
    });
  });

  test('leaves the data store to Kamaji', () => {
    expect(spec).not.toHaveProperty('dataStore');
    expect(spec).not.toHaveProperty('dataStoreSchema');
  });

  test('waits for Ready, an endpoint and its version, with timeouts, a field manager and webhook-defaulted computed fields', () => {
    expect(resource.wait).toEqual({
      fields: {
        'status.kubernetesResources.version.status': '^(Ready|WriteLimited)$',
        'status.controlPlaneEndpoint': '^.+:[0-9]+$',
        // Kamaji reports the spec's version only once the deployment is rolled out: an
        // upgrade's apply ends when the new API server serves.
        'status.kubernetesResources.version.version': `^${spec.kubernetes.version.replace(/\./g, '\\.')}$`,
      },
    });
    expect(resource.wait.fields['status.kubernetesResources.version.version']).toBe(
      '^v1\\.35\\.7$',
    );
    expect(resource.timeouts).toEqual({ create: '20m', update: '20m', delete: '10m' });
    expect(resource.field_manager).toEqual({ name: 'cdktf-kamaji' });
    expect(resource.computed_fields).toEqual(
      expect.arrayContaining([
        'metadata.annotations',
        'metadata.labels',
        'spec.dataStore',
        'spec.networkProfile.dnsServiceIPs',
        'spec.controlPlane.deployment.replicas',
      ]),
    );
  });

  test('is protected from destroy', () => {
    expect(resource.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('qualifies the kubernetes provider source', () => {
    expect(synth.json.terraform).toMatchObject({
      required_providers: { kubernetes: { source: 'hashicorp/kubernetes', version: '2.38.0' } },
    });
  });

  test('adds no admin kubeconfig data source until someone reads it', () => {
    // Only the stack ledger's read of its own state (issue #20)
    expect(Object.keys(synth.json.data!)).toEqual(['terraform_remote_state']);
  });

  test('matches the snapshot', () => {
    expect(synth.text).toMatchSnapshot();
  });
});

describe('TenantControlPlane props', () => {
  test('name, namespace, labels and annotations go to metadata', () => {
    const { manifest } = synthTcp({
      namespace: 'kamaji-tenant',
      labels: { 'tenant.clastix.io': 'tcp-alpha' },
      annotations: { team: 'platform' },
    });
    expect(manifest.metadata).toEqual({
      name: 'tcp-alpha',
      namespace: 'kamaji-tenant',
      labels: { 'tenant.clastix.io': 'tcp-alpha' },
      annotations: { team: 'platform' },
    });
  });

  test('kubernetesVersion sets spec.kubernetes.version', () => {
    const { spec, tcp } = synthTcp({ kubernetesVersion: KubernetesVersion.of('v1.33.4') });
    expect(spec.kubernetes.version).toBe('v1.33.4');
    expect(tcp.kubernetesVersion.version).toBe('v1.33.4');
  });

  test('replicas 0 puts the control plane to sleep and waits for Sleeping, not Ready', () => {
    const { spec, resource } = synthTcp({ replicas: 0 });
    expect(spec.controlPlane.deployment.replicas).toBe(0);
    expect(resource.wait).toEqual({
      fields: { 'status.kubernetesResources.version.status': '^Sleeping$' },
    });
  });

  test('replicas from a variable waits for any settled state', () => {
    const stack = newStack();
    const replicas = new TerraformVariable(stack, 'replicas', { type: 'number' });
    new TenantControlPlane(stack, 'tcp', { name: 'tcp-alpha', replicas: replicas.numberValue });
    const resource = onlyManifestResource(synthesize(stack));
    expect(resource.manifest.spec.controlPlane.deployment.replicas).toBe('${var.replicas}');
    expect(resource.wait.fields['status.kubernetesResources.version.status']).toBe(
      '^(Ready|WriteLimited|Sleeping)$',
    );
  });

  test('service type, labels, annotations and allocateLoadBalancerNodePorts go to the Service', () => {
    const { spec } = synthTcp({
      serviceType: ServiceType.LOAD_BALANCER,
      serviceLabels: { tier: 'api' },
      serviceAnnotations: { 'metallb.universe.tf/address-pool': 'tenants' },
      allocateLoadBalancerNodePorts: false,
    });
    expect(spec.controlPlane.service).toEqual({
      serviceType: 'LoadBalancer',
      allocateLoadBalancerNodePorts: false,
      additionalMetadata: {
        labels: { tier: 'api' },
        annotations: { 'metallb.universe.tf/address-pool': 'tenants' },
      },
    });
  });

  test('NodePort with an address', () => {
    const { spec } = synthTcp({
      serviceType: ServiceType.NODE_PORT,
      networkProfile: { address: '192.0.2.10', allowAddressAsExternalIp: true },
    });
    expect(spec.controlPlane.service.serviceType).toBe('NodePort');
    expect(spec.networkProfile).toMatchObject({
      address: '192.0.2.10',
      allowAddressAsExternalIP: true,
    });
  });

  test('network profile fields map to Kamaji names', () => {
    const { spec } = synthTcp({
      networkProfile: {
        address: '203.0.113.7',
        advertiseAddress: '203.0.113.7',
        port: 8443,
        certSans: ['tcp-alpha.example.com'],
        serviceCidrs: ['10.100.0.0/16'],
        podCidrs: ['10.200.0.0/16'],
        clusterDomain: 'tenant.local',
        loadBalancerClass: 'kube-vip.io/kube-vip-class',
        loadBalancerSourceRanges: ['198.51.100.0/24'],
      },
    });
    expect(spec.networkProfile).toEqual({
      address: '203.0.113.7',
      advertiseAddress: '203.0.113.7',
      port: 8443,
      certSANs: ['tcp-alpha.example.com'],
      serviceCidr: '10.100.0.0/16',
      serviceCidrs: ['10.100.0.0/16'],
      podCidr: '10.200.0.0/16',
      podCidrs: ['10.200.0.0/16'],
      dnsServiceIPs: ['10.100.0.10'],
      clusterDomain: 'tenant.local',
      loadBalancerClass: 'kube-vip.io/kube-vip-class',
      loadBalancerSourceRanges: ['198.51.100.0/24'],
    });
  });

  test('dual-stack CIDRs keep their order and the DNS address follows the first family', () => {
    const { spec } = synthTcp({
      networkProfile: {
        serviceCidrs: ['fd00:96::/108', '10.96.0.0/16'],
        podCidrs: ['fd00:244::/56', '10.244.0.0/16'],
      },
    });
    expect(spec.networkProfile.serviceCidrs).toEqual(['fd00:96::/108', '10.96.0.0/16']);
    expect(spec.networkProfile.serviceCidr).toBe('fd00:96::/108');
    // Kamaji reads the "10" of an IPv6 DNS address as hexadecimal: fd00:96::10.
    expect(spec.networkProfile.dnsServiceIPs).toEqual(['fd00:96::10']);
  });

  test('explicit dnsServiceIps win over the derived address', () => {
    const { spec } = synthTcp({
      networkProfile: {
        serviceCidrs: ['10.96.0.0/16', 'fd00::/108'],
        podCidrs: ['10.244.0.0/16', 'fd00:244::/56'],
        dnsServiceIps: ['10.96.0.10', 'fd00::10'],
      },
    });
    expect(spec.networkProfile.dnsServiceIPs).toEqual(['10.96.0.10', 'fd00::10']);
  });

  test('kubelet cgroup driver and preferred address types', () => {
    const { spec } = synthTcp({
      kubelet: {
        cgroupDriver: CgroupDriver.CGROUPFS,
        preferredAddressTypes: [NodeAddressType.INTERNAL_IP, NodeAddressType.HOSTNAME],
      },
    });
    expect(spec.kubernetes.kubelet).toEqual({
      configurationJSONPatches: expect.arrayContaining([
        { op: 'add', path: '/cgroupDriver', value: 'cgroupfs' },
      ]),
      preferredAddressTypes: ['InternalIP', 'Hostname'],
    });
  });

  test('addons can be turned off one by one and tuned', () => {
    const { spec } = synthTcp({
      addons: {
        coreDns: { imageRepository: 'mirror.example.com/coredns', imageTag: 'v1.12.1' },
        kubeProxy: { enabled: false },
        konnectivity: {
          serverPort: 8133,
          agentMode: KonnectivityAgentMode.DEPLOYMENT,
          agentReplicas: 2,
          agentHostNetwork: true,
        },
      },
    });
    expect(spec.addons).toEqual({
      coreDNS: { imageRepository: 'mirror.example.com/coredns', imageTag: 'v1.12.1' },
      konnectivity: {
        server: { port: 8133 },
        agent: { mode: 'Deployment', replicas: 2, hostNetwork: true },
      },
    });
  });

  test('no addons at all', () => {
    const { spec } = synthTcp({
      addons: {
        coreDns: { enabled: false },
        kubeProxy: { enabled: false },
        konnectivity: { enabled: false },
      },
    });
    expect(spec.addons).toEqual({});
  });

  test('data store, schema and user name', () => {
    const { spec } = synthTcp({
      dataStore: 'postgresql-bronze',
      dataStoreSchema: 'tcp_alpha',
      dataStoreUsername: 'tcp_alpha',
    });
    expect(spec).toMatchObject({
      dataStore: 'postgresql-bronze',
      dataStoreSchema: 'tcp_alpha',
      dataStoreUsername: 'tcp_alpha',
    });
  });

  test('deployment resources, extra args, node selector, tolerations and pod metadata', () => {
    const { spec } = synthTcp({
      deployment: {
        resources: {
          apiServer: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
          scheduler: { requests: { cpu: '100m' } },
        },
        extraArgs: { apiServer: ['--audit-log-maxage=7'], controllerManager: ['--v=2'] },
        nodeSelector: { 'node-role.kubernetes.io/control-plane-host': '' },
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
            tolerationSeconds: 60,
          },
        ],
        podLabels: { tenant: 'alpha' },
        podAnnotations: { 'prometheus.io/scrape': 'true' },
      },
    });
    expect(spec.controlPlane.deployment).toEqual({
      replicas: 2,
      resources: {
        apiServer: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
        scheduler: { requests: { cpu: '100m' } },
      },
      extraArgs: { apiServer: ['--audit-log-maxage=7'], controllerManager: ['--v=2'] },
      nodeSelector: { 'node-role.kubernetes.io/control-plane-host': '' },
      tolerations: [
        { key: 'dedicated', operator: 'Equal', value: 'kamaji', effect: 'NoSchedule' },
        { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      ],
      podAdditionalMetadata: {
        labels: { tenant: 'alpha' },
        annotations: { 'prometheus.io/scrape': 'true' },
      },
    });
  });

  test('ingress', () => {
    const { spec } = synthTcp({
      serviceType: ServiceType.CLUSTER_IP,
      ingress: {
        hostname: 'tcp-alpha.k8s.example.com',
        ingressClassName: 'haproxy',
        annotations: { 'haproxy.org/ssl-passthrough': 'true' },
      },
    });
    expect(spec.controlPlane.ingress).toEqual({
      hostname: 'tcp-alpha.k8s.example.com',
      ingressClassName: 'haproxy',
      additionalMetadata: { annotations: { 'haproxy.org/ssl-passthrough': 'true' } },
    });
  });

  test('gateway', () => {
    const { spec } = synthTcp({
      serviceType: ServiceType.CLUSTER_IP,
      gateway: {
        hostname: 'tcp-alpha.k8s.example.com',
        parentRefs: [
          { name: 'kamaji', namespace: 'gateways', sectionName: 'kube-apiserver', port: 443 },
        ],
      },
    });
    expect(spec.controlPlane.gateway).toEqual({
      hostname: 'tcp-alpha.k8s.example.com',
      parentRefs: [
        { name: 'kamaji', namespace: 'gateways', sectionName: 'kube-apiserver', port: 443 },
      ],
    });
  });

  test('specOverrides deep-merge raw fields the typed props do not cover', () => {
    const { spec } = synthTcp({
      specOverrides: {
        controlPlane: { deployment: { registrySettings: { registry: 'mirror.example.com' } } },
        writePermissions: { blockCreation: true },
      },
    });
    expect(spec.controlPlane.deployment).toEqual({
      replicas: 2,
      registrySettings: { registry: 'mirror.example.com' },
    });
    expect(spec.writePermissions).toEqual({ blockCreation: true });
    expect(spec.controlPlane.service).toEqual({ serviceType: 'LoadBalancer' });
  });

  test('deletion protection can be turned off', () => {
    const { resource } = synthTcp({ deletionProtection: false });
    expect(resource.lifecycle).toEqual({ prevent_destroy: false });
  });

  test('timeouts and field manager', () => {
    const { resource } = synthTcp({
      timeouts: { create: '45m', update: '1h', delete: '5m' },
      fieldManager: 'platform-team',
    });
    expect(resource.timeouts).toEqual({ create: '45m', update: '1h', delete: '5m' });
    expect(resource.field_manager).toEqual({ name: 'platform-team' });
  });

  test('an explicit management provider is used by the manifest and the kubeconfig data source', () => {
    const stack = newStack();
    const management = new KubernetesProvider(stack, 'management', {
      configPath: '~/.kube/config',
      alias: 'management',
    });
    const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-alpha', provider: management });
    new TerraformOutput(stack, 'kubeconfig', { value: tcp.adminKubeconfig, sensitive: true });
    const synth = synthesize(stack);
    expect(onlyManifestResource(synth).provider).toBe('kubernetes.management');
    const data = Object.values(synth.json.data!.kubernetes_secret_v1);
    expect(data[0].provider).toBe('kubernetes.management');
  });
});

describe('TenantControlPlane attributes', () => {
  test('endpoint and admin kubeconfig come from admin.conf, read once the control plane is ready', () => {
    // GIVEN
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-alpha',
      namespace: 'kamaji-tenant',
    });
    // WHEN
    new TerraformOutput(stack, 'endpoint', { value: tcp.endpoint });
    new TerraformOutput(stack, 'kubeconfig', { value: tcp.adminKubeconfig, sensitive: true });
    const synth = synthesize(stack);
    // THEN
    const [manifestName] = Object.keys(synth.json.resource!.kubernetes_manifest);
    const [secretName] = Object.keys(synth.json.data!.kubernetes_secret_v1);
    // Not object.status: kubernetes_manifest drops status from its object attribute.
    expect(synth.json.output!.endpoint.value).toBe(
      `\${nonsensitive(trimprefix(yamldecode(data.kubernetes_secret_v1.${secretName}.data["admin.conf"]).clusters.0.cluster.server, "https://"))}`,
    );
    expect(synth.json.output!.kubeconfig).toEqual({
      sensitive: true,
      // Marked where it is read, so that a stack reading it from this one marks it too.
      value: `\${sensitive(data.kubernetes_secret_v1.${secretName}.data["admin.conf"])}`,
    });
    expect(synth.text).toHaveDataSourceWithProperties(
      { tfResourceType: 'kubernetes_secret_v1' },
      {
        metadata: { name: 'tcp-alpha-admin-kubeconfig', namespace: 'kamaji-tenant' },
        depends_on: [`kubernetes_manifest.${manifestName}`],
      },
    );
    expect(tcp.adminKubeconfigSecretName).toBe('tcp-alpha-admin-kubeconfig');
    expect(tcp.name).toBe('tcp-alpha');
    expect(tcp.namespace).toBe('kamaji-tenant');
  });

  test('the kubernetes_manifest is node.defaultChild and addOverride reaches it', () => {
    // GIVEN
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', { name: 'tcp-alpha' });
    // WHEN
    const child = tcp.node.defaultChild as Manifest;
    child.addOverride('manifest.spec.controlPlane.deployment.runtimeClassName', 'gvisor');
    // THEN
    expect(child).toBe(tcp.resource);
    const resource = onlyManifestResource(synthesize(stack));
    expect(resource.manifest.spec.controlPlane.deployment).toEqual({
      replicas: 2,
      runtimeClassName: 'gvisor',
    });
  });
});

describe('TenantControlPlane.fromTenantControlPlaneAttributes', () => {
  test('creates nothing until its kubeconfig is read, then only the Secret data source', () => {
    // GIVEN
    const stack = newStack();
    const tcp = TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'existing', {
      name: 'tcp-beta',
      namespace: 'kamaji-tenant',
      kubernetesVersion: KubernetesVersion.of('v1.34.1'),
    });
    expect(synthesize(stack).json.data).toBeUndefined();
    // WHEN
    new TerraformOutput(stack, 'kubeconfig', { value: tcp.adminKubeconfig, sensitive: true });
    const synth = synthesize(stack);
    // THEN
    expect(synth.json.resource).toBeUndefined();
    expect(synth.text).toHaveDataSourceWithProperties(
      { tfResourceType: 'kubernetes_secret_v1' },
      { metadata: { name: 'tcp-beta-admin-kubeconfig', namespace: 'kamaji-tenant' } },
    );
    expect(tcp.kubernetesVersion.version).toBe('v1.34.1');
    expect(tcp.namespace).toBe('kamaji-tenant');
  });

  test('the endpoint comes from the admin kubeconfig when not given', () => {
    const stack = newStack();
    const tcp = TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'existing', {
      name: 'tcp-beta',
    });
    new TerraformOutput(stack, 'endpoint', { value: tcp.endpoint });
    const synth = synthesize(stack);
    const [secretName] = Object.keys(synth.json.data!.kubernetes_secret_v1);
    // `.clusters.0.` is HCL's legacy index form, which terraform evaluates like [0].
    expect(synth.json.output!.endpoint.value).toBe(
      `\${nonsensitive(trimprefix(yamldecode(data.kubernetes_secret_v1.${secretName}.data["admin.conf"]).clusters.0.cluster.server, "https://"))}`,
    );
  });

  test('the endpoint given is used as is', () => {
    const stack = newStack();
    const tcp = TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'existing', {
      name: 'tcp-beta',
      endpoint: '203.0.113.20:6443',
    });
    expect(tcp.endpoint).toBe('203.0.113.20:6443');
  });

  test.each([
    ['https://203.0.113.20:6443', 'must be "host:port" without a scheme'],
    ['203.0.113.20', 'must be the tenant API server as "host:port"'],
    ['2001:db8::10:6443', 'an IPv6 address takes brackets'],
    ['tcp.example.com:99999', 'must be the tenant API server as "host:port"'],
  ])('refuses the endpoint %s, which nodes could not join', (endpoint, allowed) => {
    const stack = newStack();
    TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'existing', {
      name: 'tcp-beta',
      endpoint,
    });
    const message = refusalMessage(() => synthesize(stack));
    expect(message).toContain(`test/existing: endpoint: received "${endpoint}"; ${allowed}`);
  });

  test('accepts a bracketed IPv6 endpoint and a DNS name', () => {
    for (const endpoint of ['[2001:db8::10]:6443', 'tcp-beta.tenants.example.com:443']) {
      const stack = newStack();
      TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'existing', {
        name: 'tcp-beta',
        endpoint,
      });
      expect(() => synthesize(stack)).not.toThrow();
    }
  });

  test('fails when kubernetesVersion is used but was not given', () => {
    const stack = newStack();
    const tcp = TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'existing', {
      name: 'tcp-beta',
    });
    expect(() => tcp.kubernetesVersion).toThrow(
      'test/existing: kubernetesVersion: received nothing; was not given to TenantControlPlane.fromTenantControlPlaneAttributes(); pass "kubernetesVersion" there to use it',
    );
  });

  test('fails when the imported name is not an RFC 1035 label', () => {
    const stack = newStack();
    TenantControlPlane.fromTenantControlPlaneAttributes(stack, 'existing', { name: 'Beta' });
    expect(refusalMessage(() => synthesize(stack))).toContain(
      'test/existing: name: received "Beta"; must be an RFC 1035 label',
    );
  });
});

describe('TenantControlPlane validation', () => {
  test('fails when the name is not an RFC 1035 label', () => {
    expect(failure({ name: '1-alpha' })).toBe(
      'test/tcp: name: received "1-alpha"; must be an RFC 1035 label: at most 63 characters, lower-case letters, digits and "-", starting with a letter and ending with a letter or digit',
    );
    expect(failure({ name: 'a'.repeat(64) })).toContain('name: received "aaaa');
    expect(failure({ name: 'tcp_alpha' })).toContain('name: received "tcp_alpha"');
  });

  test('accepts a 63-character name', () => {
    expect(() => synthTcp({ name: 'a'.repeat(63) })).not.toThrow();
  });

  test('fails when the namespace is not an RFC 1123 label', () => {
    expect(failure({ namespace: 'Kamaji.Tenant' })).toBe(
      'test/tcp: namespace: received "Kamaji.Tenant"; must be an RFC 1123 label: at most 63 characters, lower-case letters, digits and "-", starting and ending with a letter or digit',
    );
  });

  test('fails when the version is not vX.Y.Z', () => {
    expect(failure({ kubernetesVersion: KubernetesVersion.of('1.33') })).toBe(
      'test/tcp: kubernetesVersion: received "1.33"; must be a Kubernetes release "vMAJOR.MINOR.PATCH", e.g. "v1.33.4"',
    );
  });

  test('fails when the version is outside the supported range', () => {
    expect(failure({ kubernetesVersion: KubernetesVersion.of('v1.29.9') })).toBe(
      'test/tcp: kubernetesVersion: received "v1.29.9"; this Kamaji release supports Kubernetes v1.30 to v1.36; choose a version in that range',
    );
    expect(failure({ kubernetesVersion: KubernetesVersion.of('v1.37.0') })).toContain(
      'received "v1.37.0"; this Kamaji release supports Kubernetes v1.30 to v1.36',
    );
  });

  test('accepts both ends of the supported range', () => {
    expect(() => synthTcp({ kubernetesVersion: KubernetesVersion.of('v1.30.0') })).not.toThrow();
    expect(() => synthTcp({ kubernetesVersion: KubernetesVersion.of('v1.36.3') })).not.toThrow();
  });

  test('fails when replicas is negative or fractional', () => {
    expect(failure({ replicas: -1 })).toBe(
      'test/tcp: replicas: received -1; must be a whole number, 0 or more',
    );
    expect(failure({ replicas: 1.5 })).toContain('replicas: received 1.5');
  });

  test('fails when a CIDR is malformed', () => {
    expect(failure({ networkProfile: { serviceCidrs: ['10.96.0.0'] } })).toBe(
      'test/tcp: networkProfile.serviceCidrs[0]: received "10.96.0.0"; must be a CIDR block such as "10.96.0.0/16" or "fd00::/108"',
    );
    expect(failure({ networkProfile: { podCidrs: ['10.244.0.0/33'] } })).toContain(
      'networkProfile.podCidrs[0]: received "10.244.0.0/33"; must be a CIDR block',
    );
  });

  test('fails when a CIDR has host bits set', () => {
    expect(failure({ networkProfile: { serviceCidrs: ['10.96.0.1/16'] } })).toBe(
      'test/tcp: networkProfile.serviceCidrs[0]: received "10.96.0.1/16"; must be given by its network address: did you mean "10.96.0.0/16"?',
    );
  });

  test('fails when a CIDR list is empty, too long or twice the same family', () => {
    expect(failure({ networkProfile: { serviceCidrs: [] } })).toContain(
      'networkProfile.serviceCidrs: received []; must hold one or two CIDR blocks',
    );
    expect(
      failure({ networkProfile: { podCidrs: ['10.1.0.0/16', '10.2.0.0/16', 'fd00::/56'] } }),
    ).toContain('networkProfile.podCidrs: received ["10.1.0.0/16","10.2.0.0/16","fd00::/56"]');
    expect(failure({ networkProfile: { podCidrs: ['10.1.0.0/16', '10.2.0.0/16'] } })).toBe(
      'test/tcp: networkProfile.podCidrs: received ["10.1.0.0/16","10.2.0.0/16"]; a dual-stack pair must be one IPv4 and one IPv6 block',
    );
  });

  test('fails when pod and service CIDRs overlap', () => {
    expect(
      failure({ networkProfile: { serviceCidrs: ['10.96.0.0/12'], podCidrs: ['10.100.0.0/16'] } }),
    ).toBe(
      'test/tcp: networkProfile.podCidrs[0]: received "10.100.0.0/16"; must not overlap service CIDR networkProfile.serviceCidrs[0] "10.96.0.0/12"',
    );
  });

  test('fails when the default pod CIDR overlaps a given service CIDR', () => {
    expect(failure({ networkProfile: { serviceCidrs: ['10.244.0.0/20'] } })).toContain(
      'networkProfile.podCidrs[0]: received "10.244.0.0/16"; must not overlap service CIDR',
    );
  });

  test('fails when a DNS service address is outside the service CIDRs', () => {
    expect(failure({ networkProfile: { dnsServiceIps: ['10.97.0.10'] } })).toBe(
      'test/tcp: networkProfile.dnsServiceIps[0]: received "10.97.0.10"; must lie inside the service CIDRs ["10.96.0.0/16"]',
    );
    expect(failure({ networkProfile: { dnsServiceIps: ['ten'] } })).toBe(
      'test/tcp: networkProfile.dnsServiceIps[0]: received "ten"; must be an IPv4 or IPv6 address',
    );
  });

  test('fails when the advertise address or a source range is malformed', () => {
    expect(failure({ networkProfile: { advertiseAddress: 'api.example.com' } })).toContain(
      'networkProfile.advertiseAddress: received "api.example.com"; must be an IPv4 or IPv6 address',
    );
    expect(failure({ networkProfile: { loadBalancerSourceRanges: ['office'] } })).toContain(
      'networkProfile.loadBalancerSourceRanges[0]: received "office"; must be a CIDR block',
    );
  });

  test('fails when the port is out of range', () => {
    expect(failure({ networkProfile: { port: 70000 } })).toBe(
      'test/tcp: networkProfile.port: received 70000; must be an integer port from 1 to 65535',
    );
    expect(failure({ networkProfile: { port: 0 } })).toContain('networkProfile.port: received 0');
    expect(failure({ addons: { konnectivity: { serverPort: -1 } } })).toContain(
      'addons.konnectivity.serverPort: received -1; must be an integer port from 1 to 65535',
    );
  });

  test('fails when the cluster domain has no dot', () => {
    expect(failure({ networkProfile: { clusterDomain: 'local' } })).toBe(
      'test/tcp: networkProfile.clusterDomain: received "local"; must be a DNS domain with at least one dot, such as "cluster.local"',
    );
  });

  test('fails when LoadBalancer-only fields come with another service type', () => {
    const message = failure({
      serviceType: ServiceType.NODE_PORT,
      allocateLoadBalancerNodePorts: true,
      networkProfile: { loadBalancerClass: 'metallb', loadBalancerSourceRanges: ['10.0.0.0/8'] },
    });
    expect(message.split('\n')).toEqual([
      'test/tcp: networkProfile.loadBalancerClass: received "metallb"; is supported only with serviceType LoadBalancer (serviceType is NodePort); remove it or use ServiceType.LOAD_BALANCER',
      'test/tcp: networkProfile.loadBalancerSourceRanges: received ["10.0.0.0/8"]; is supported only with serviceType LoadBalancer (serviceType is NodePort); remove it or use ServiceType.LOAD_BALANCER',
      'test/tcp: allocateLoadBalancerNodePorts: received true; is supported only with serviceType LoadBalancer (serviceType is NodePort); remove it or use ServiceType.LOAD_BALANCER',
    ]);
  });

  test('fails when ingress and gateway are both set', () => {
    expect(
      failure({
        ingress: { hostname: 'a.example.com' },
        gateway: { parentRefs: [{ name: 'kamaji' }] },
      }),
    ).toBe(
      'test/tcp: ingress, gateway: received {"ingress":{"hostname":"a.example.com"},"gateway":{"parentRefs":[{"name":"kamaji"}]}}; Kamaji exposes a control plane through an ingress or a gateway, not both; set only one',
    );
  });

  test('fails when konnectivity agent replicas do not fit the agent mode', () => {
    expect(failure({ addons: { konnectivity: { agentReplicas: 2 } } })).toBe(
      'test/tcp: addons.konnectivity.agentReplicas: received 2; must be 0 or unset when the konnectivity agent runs as a DaemonSet; use KonnectivityAgentMode.DEPLOYMENT to set replicas',
    );
    expect(
      failure({
        addons: {
          konnectivity: { agentMode: KonnectivityAgentMode.DEPLOYMENT, agentReplicas: 0 },
        },
      }),
    ).toBe(
      'test/tcp: addons.konnectivity.agentReplicas: received 0; must be 1 or more when the konnectivity agent runs as a Deployment',
    );
  });

  test('fails when a timeout is not a Go duration', () => {
    expect(failure({ timeouts: { create: '20 minutes' } })).toBe(
      'test/tcp: timeouts.create: received "20 minutes"; must be a Go duration of hours, minutes and seconds such as "20m" or "1h30m"',
    );
  });

  test('fails when specOverrides sets a field the typed props own', () => {
    expect(failure({ specOverrides: { kubernetes: { version: 'v1.31.0' } } })).toBe(
      'test/tcp: specOverrides.kubernetes.version: received "kubernetes.version"; sets a field the typed props own; use the typed prop instead, or node.defaultChild.addOverride() to force it',
    );
  });

  test('reports every problem at once', () => {
    const lines = failure({ name: 'Alpha', replicas: -2, networkProfile: { port: 0 } }).split('\n');
    expect(lines).toHaveLength(3);
  });

  test('nothing is built when the props are refused', () => {
    const stack = newStack();
    const tcp = new TenantControlPlane(stack, 'tcp', { name: 'Alpha' });
    expect(tcp.node.children).toHaveLength(0);
    expect(tcp.resource).toBeUndefined();
    expect(refusalMessage(() => synthesize(stack))).toContain('test/tcp: name: received "Alpha"');
  });

  test('unresolved tokens are not checked', () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, 'name', { type: 'string' });
    const cidr = new TerraformVariable(stack, 'cidr', { type: 'string' });
    const version = new TerraformVariable(stack, 'version', { type: 'string' });
    const port = new TerraformVariable(stack, 'port', { type: 'number' });
    expect(
      () =>
        new TenantControlPlane(stack, 'tcp', {
          name: name.stringValue,
          kubernetesVersion: KubernetesVersion.of(version.stringValue),
          networkProfile: {
            serviceCidrs: [cidr.stringValue],
            dnsServiceIps: ['10.96.0.10'],
            port: port.numberValue,
          },
        }),
    ).not.toThrow();
    const spec = onlyManifestResource(synthesize(stack)).manifest.spec;
    expect(spec.networkProfile.serviceCidrs).toEqual(['${var.cidr}']);
    expect(spec.kubernetes.version).toBe('${var.version}');
  });
});

describe('TenantControlPlane refusals of input once accepted silently (issue #12 items 13 and 14, #22 item 4)', () => {
  const js = (value: unknown) => value as any;

  /** The lines synth reports for a control plane with these props. */
  function controlPlaneProblems(props: { [key: string]: unknown }): string[] {
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp-charlie', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.34.1'),
      ...props,
    } as any);
    return refusalMessage(() => synthesize(stack)).split('\n');
  }

  /** Synthesizes without problems (throws the report otherwise). */
  function accepted(build: (stack: TerraformStack) => void): void {
    const stack = newStack();
    build(stack);
    synthesize(stack);
  }

  test('fails when enum props are outside their enum, from JavaScript or YAML', () => {
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp', {
      name: 'tcp-alpha',
      serviceType: 'LoadBalancr',
      kubelet: { cgroupDriver: 'systemD', preferredAddressTypes: ['InternalIp'] },
      addons: { konnectivity: { agentMode: 'Daemonset' } },
      deployment: { tolerations: [{ key: 'a', operator: 'equal', effect: 'NoSchedul' }] },
    } as any);
    expect(refusalMessage(() => synthesize(stack))).toContain(
      'test/tcp: serviceType: received "LoadBalancr"; must be one of ServiceType.CLUSTER_IP ("ClusterIP"), ServiceType.NODE_PORT ("NodePort") or ServiceType.LOAD_BALANCER ("LoadBalancer")',
    );
    // Every other enum prop is checked the same way, naming its own enum.
    const problems = refusedProblems(() => synthesize(stack));
    for (const [field, received, allowed] of [
      ['kubelet.cgroupDriver', 'systemD', /^must be one of CgroupDriver\./],
      ['kubelet.preferredAddressTypes[0]', 'InternalIp', /^must be one of NodeAddressType\./],
      ['addons.konnectivity.agentMode', 'Daemonset', /^must be one of KonnectivityAgentMode\./],
      ['deployment.tolerations[0].operator', 'equal', /^must be one of TolerationOperator\./],
      ['deployment.tolerations[0].effect', 'NoSchedul', /^must be one of TaintEffect\./],
    ] as const) {
      expectProblem(problems, { path: 'test/tcp', field, received, allowed });
    }
  });

  test('a control plane given no props object at all, from JavaScript', () => {
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp', js(undefined));
    const lines = refusalMessage(() => synthesize(stack)).split('\n');
    expect(lines).toContain('test/tcp: props: received nothing; needs its props object: { ... }');
    expect(lines).toContain('test/tcp: name: received nothing; is required');
    expect(lines.join('\n')).not.toMatch(/TypeError|Cannot read/);
  });

  test('a control plane without a name, from JavaScript', () => {
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp', js({}));
    expect(refusalMessage(() => synthesize(stack)).split('\n')).toEqual([
      'test/tcp: name: received nothing; is required',
    ]);
  });

  test('a shape no check foresaw still names the construct, never a raw TypeError', () => {
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp', js({ name: 'tcp-a', networkProfile: { podCidrs: 'x' } }));
    expect(refusalMessage(() => synthesize(stack))).toMatch(
      /^test\/tcp: props: received \{.*\}; hold a value of the wrong type that the checks could not read \(.*\); compare them with the documented prop types$/,
    );
  });

  test('control plane replicas far beyond any highly available layout', () => {
    expect(controlPlaneProblems({ replicas: 100000 })).toEqual([
      'test/tcp-charlie: replicas: received 100000; must be a whole number of control plane pods from 0 to 100: each is a whole kube-apiserver with its own connections to the DataStore, and 2 or 3 make a control plane highly available',
    ]);
    accepted((stack) => new TenantControlPlane(stack, 'tcp', { name: 'tcp', replicas: 100 }));
  });

  test('a service CIDR with no room for the DNS Service address Kamaji derives', () => {
    expect(
      controlPlaneProblems({
        networkProfile: { serviceCidrs: ['fd00::/128'], podCidrs: ['fd01::/48'] },
      }),
    ).toEqual([
      'test/tcp-charlie: networkProfile.serviceCidrs[0]: received "fd00::/128"; has no room for the cluster DNS Service address Kamaji derives from it (fd00::10: the network address plus 10, read as hexadecimal for IPv6); use a larger block such as "10.96.0.0/16" or "fd00::/108", or give networkProfile.dnsServiceIps',
    ]);
    expect(controlPlaneProblems({ networkProfile: { serviceCidrs: ['10.96.0.0/29'] } })).toEqual([
      expect.stringContaining(
        'networkProfile.serviceCidrs[0]: received "10.96.0.0/29"; has no room',
      ),
    ]);
    // The smallest blocks that hold it, and any block with the DNS address given.
    for (const networkProfile of [
      { serviceCidrs: ['10.96.0.0/28'] },
      { serviceCidrs: ['fd00::/123'], podCidrs: ['fd01::/48'] },
      { serviceCidrs: ['fd00::/128'], podCidrs: ['fd01::/48'], dnsServiceIps: ['fd00::'] },
    ]) {
      accepted((stack) => new TenantControlPlane(stack, 'tcp', { name: 'tcp', networkProfile }));
    }
  });

  test('fails when specOverrides holds a __proto__ key, which the merge would drop', () => {
    const specOverrides = JSON.parse('{"dataStoreOptions":{"__proto__":{"x":1}},"__proto__":[]}');
    const [nested, top, ...others] = controlPlaneProblems({ specOverrides });
    expect(nested).toBe(
      'test/tcp-charlie: specOverrides.dataStoreOptions.__proto__: received {"x":1}; is a key a JavaScript object cannot hold as data (it would set the prototype and be dropped) and no Kubernetes field; remove it',
    );
    expect(top).toContain('specOverrides.__proto__: received []; is a key a JavaScript object');
    expect(others).toEqual([]);
  });

  test('fails when a label is not a Kubernetes label value or key', () => {
    expect(
      controlPlaneProblems({ labels: { team: 'a b' }, serviceLabels: { 'bad key!': 'x' } }),
    ).toEqual([
      'test/tcp-charlie: labels["team"]: received "a b"; must be a Kubernetes label value: empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
      'test/tcp-charlie: serviceLabels["bad key!"]: received "bad key!"; must be a Kubernetes label key: an optional DNS subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    ]);
  });

  test('labels of every control plane object are checked as Kubernetes labels', () => {
    const stack = newStack();
    new TenantControlPlane(stack, 'tcp-charlie', {
      name: 'tcp-charlie',
      kubernetesVersion: KubernetesVersion.of('v1.34.1'),
      labels: { team: 'a b' },
      serviceLabels: { 'bad key!': 'x' },
      deployment: { podLabels: { tier: '-x' } },
      ingress: { hostname: 'api.example.com', labels: { tier: 'x'.repeat(64) } },
    });
    const value = /^must be a Kubernetes label value:/;
    expect(refusedProblems(() => synthesize(stack))).toEqual([
      problemLike({
        field: 'labels["team"]',
        received: 'a b',
        allowed: value,
      }),
      problemLike({ field: 'deployment.podLabels["tier"]', received: '-x', allowed: value }),
      problemLike({
        field: 'serviceLabels["bad key!"]',
        received: 'bad key!',
        allowed: /^must be a Kubernetes label key:/,
      }),
      problemLike({ field: 'ingress.labels["tier"]', received: 'x'.repeat(64), allowed: value }),
    ]);
    // Unlike node labels, kubernetes.io keys are no kubelet's business here.
    accepted(
      (stack) =>
        new TenantControlPlane(stack, 'tcp', {
          name: 'tcp',
          labels: { 'app.kubernetes.io/name': 'tcp', empty: '' },
        }),
    );
  });
});
