/**
 * A throw-away cluster CA and an admin client certificate signed by it, made once per
 * stub server with node's crypto (RSA keys) and node-forge (X.509), so that the admin
 * kubeconfig the stub serves decodes into TLS material a Kubernetes client accepts.
 */
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'crypto';
import * as forge from 'node-forge';

export interface ClusterPki {
  readonly caCertificatePem: string;
  readonly clientCertificatePem: string;
  readonly clientKeyPem: string;
}

// Fixed validity keeps the material independent of the wall clock.
const NOT_BEFORE = new Date('2025-01-01T00:00:00Z');
const NOT_AFTER = new Date('2035-01-01T00:00:00Z');

export function createClusterPki(): ClusterPki {
  const caKeys = rsaKeyPair();
  const ca = certificate({
    serial: '01',
    subject: [{ name: 'commonName', value: 'kubernetes' }],
    publicKey: caKeys.publicKey,
    signer: caKeys.privateKey,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
  });
  const clientKeys = rsaKeyPair();
  const client = certificate({
    serial: '02',
    subject: [
      { name: 'organizationName', value: 'kubeadm:cluster-admins' },
      { name: 'commonName', value: 'kubernetes-admin' },
    ],
    issuer: ca.subject.attributes,
    publicKey: clientKeys.publicKey,
    signer: caKeys.privateKey,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  return {
    caCertificatePem: forge.pki.certificateToPem(ca),
    clientCertificatePem: forge.pki.certificateToPem(client),
    clientKeyPem: forge.pki.privateKeyToPem(clientKeys.privateKey),
  };
}

/**
 * What a Kubernetes client does with a provider's TLS settings before it connects:
 * parse the CA, the client certificate and key, and check that they belong together.
 * Returns the problems found, empty when the material is usable.
 */
export function checkClientTls(caPem: string, certPem: string, keyPem: string): string[] {
  const problems: string[] = [];
  const parse = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      problems.push(`${what} is not valid PEM: ${(error as Error).message}`);
      return undefined;
    }
  };
  const ca = parse('cluster_ca_certificate', () => new X509Certificate(caPem));
  const cert = parse('client_certificate', () => new X509Certificate(certPem));
  const key = parse('client_key', () => createPrivateKey(keyPem));
  if (ca && cert && !cert.verify(ca.publicKey)) {
    problems.push('client_certificate is not signed by cluster_ca_certificate');
  }
  if (cert && key && !cert.checkPrivateKey(key)) {
    problems.push('client_key does not match client_certificate');
  }
  return problems;
}

function rsaKeyPair(): {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
} {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
  };
}

function certificate(options: {
  serial: string;
  subject: forge.pki.CertificateField[];
  issuer?: forge.pki.CertificateField[];
  publicKey: forge.pki.rsa.PublicKey;
  signer: forge.pki.rsa.PrivateKey;
  extensions: object[];
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.serialNumber = options.serial;
  cert.validity.notBefore = NOT_BEFORE;
  cert.validity.notAfter = NOT_AFTER;
  cert.publicKey = options.publicKey;
  cert.setSubject(options.subject);
  cert.setIssuer(options.issuer ?? options.subject);
  cert.setExtensions(options.extensions);
  cert.sign(options.signer, forge.md.sha256.create());
  return cert;
}
