/**
 * Messages of the node side of the join (#12): what a node would refuse at boot, files
 * the join owns, bootstrap settings and join token lifetimes. Pure module.
 */
import { problem } from '../private/common-messages';

export const BootstrapMessages = {
  badBootstrapToken: (field: string, length: number) =>
    problem(
      field,
      `<secret of ${length} characters>`,
      'must be a kubeadm bootstrap token "<id>.<secret>", id [a-z0-9]{6} and secret [a-z0-9]{16}, e.g. "abcdef.0123456789abcdef"',
    ),
  endpointWithScheme: (field: string, value: string) =>
    problem(field, value, 'must be "host:port" without a scheme: drop the "https://"'),
  unbracketedIpv6Endpoint: (field: string, value: string) =>
    problem(field, value, 'an IPv6 address takes brackets before its port: "[2001:db8::10]:6443"'),
  notPemCertificate: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a PEM X.509 certificate: "-----BEGIN CERTIFICATE-----", base64 lines, "-----END CERTIFICATE-----" (the ca.crt of the tenant CA Secret)',
    ),
  reservedNodeFile: (field: string, value: string, owner: string) =>
    problem(field, value, `is written by the join itself (${owner}); choose another path`),
  reservedOrUnnormalizedNodeFile: (field: string, value: string, reserved: readonly string[]) =>
    problem(
      field,
      value,
      `must be a normalized path (no "//", "." or ".." segments) outside what the join writes itself (${reserved.join(', ')})`,
    ),
  unsupportedApplyTimeVersion: (field: string, value: string, lowest: string, highest: string) =>
    problem(
      field,
      value,
      `must be a release "vX.Y.Z" from ${lowest} to ${highest}: given as a Terraform value, the version gets the JoinConfiguration API kubeadm reads from ${lowest} (v1beta4), chosen at synth`,
    ),
  labelRefusedByKubelet: (field: string, key: string) =>
    problem(
      field,
      key,
      'the kubelet refuses to set labels under kubernetes.io and k8s.io except its own (kubernetes.io/hostname, kubernetes.io/os, topology.kubernetes.io/zone, ... and the node.kubernetes.io/ and kubelet.kubernetes.io/ prefixes); set node-role.kubernetes.io/* labels from the tenant cluster after the join, or use your own prefix',
    ),
  badTaintKey: (field: string, key: string) =>
    problem(field, key, 'must be a Kubernetes taint key (the same syntax as a label key)'),
  badTaintValue: (field: string, value: string) =>
    problem(field, value, 'must be a Kubernetes taint value (the same syntax as a label value)'),
  notAbsolutePath: (field: string, value: string) =>
    problem(field, value, 'must be an absolute path such as "/etc/example.conf"'),
  badPermissions: (field: string, value: string) =>
    problem(field, value, 'must be an octal file mode such as "0600" or "0644"'),
  badOwner: (field: string, value: string) =>
    problem(field, value, 'must be "user:group", e.g. "root:root"'),
  badPackageName: (field: string, value: string) =>
    problem(field, value, 'must be a package name: lower-case letters, digits and "+-.:=~_"'),
  badSshKey: (field: string, value: string) =>
    problem(
      field,
      value,
      // No example key here: a shortened one ("AAAA...") is itself refused, and users copied it.
      'must be one line of an OpenSSH public key: its type (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...), one space, the key in base64 (letters, digits, "+", "/", "=") and an optional comment; copy the whole line of the .pub file',
    ),
  badUserName: (field: string, value: string) =>
    problem(
      field,
      value,
      'must be a Linux user name: lower-case letters, digits, "-" and "_", starting with a letter, at most 32 characters',
    ),
  systemAccount: (field: string, value: string) =>
    problem(
      field,
      value,
      'must not be root or another system account of the image (root, daemon, bin, sys, nobody, ...): cloud-init would give that account the admin\'s SSH keys and sudo; choose a name of your own such as "ops"',
    ),
  badSha256: (field: string, value: string) =>
    problem(field, value, 'must be a sha256 checksum: 64 hexadecimal digits'),
  badComponentVersion: (field: string, value: string) =>
    problem(field, value, 'must be a release version such as "v2.1.4"'),
  unsafeText: (field: string, value: string) =>
    problem(field, value, 'must be one line without quotes or backslashes'),
  badNtpServer: (field: string, value: string) =>
    problem(field, value, 'must be a host name or an IP address'),
  rotationNotBeforeExpiry: (field: string, value: number, ttlHours: number) =>
    problem(
      field,
      value,
      `must be above 0 and below ttlHours (${ttlHours}), so a new token exists before the current one expires`,
    ),
  lifetimeRoundsToZero: (field: string, value: number) =>
    problem(field, value, 'rounds to 0 minutes; give at least 1/60 hour (one minute)'),
  lifetimeTooLong: (field: string, value: number, highest: number) =>
    problem(
      field,
      value,
      `must be at most ${highest} hours (one year): a join token that lives longer is a standing credential`,
    ),
};
