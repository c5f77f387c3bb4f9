/**
 * The typed configuration of one node's bootstrap: what `renderUserData` turns into
 * cloud-init user-data. Pure module: no CDKTF import.
 */
import { TaintEffect } from '../kamaji/scheduling';
import { Brand } from '../private/brand';

/** A node taint, as kubeadm registers it. */
export interface Taint {
  readonly key: string;
  /** @default - no value */
  readonly value?: string;
  readonly effect: TaintEffect;
}

const OS_FAMILY_BRAND = new Brand('OsFamily');

/** An operating system family: which packages yaki's prerequisites are. */
export class OsFamily {
  /** Whether `x` is an OsFamily, made by this copy of the library or another. */
  public static isOsFamily(x: unknown): x is OsFamily {
    return OS_FAMILY_BRAND.has(x);
  }

  /**
   * Ubuntu and Debian images, the family yaki targets.
   */
  public static readonly DEBIAN = new OsFamily('debian', [
    'conntrack',
    'socat',
    'iptables',
    'ebtables',
    'ethtool',
    'iproute2',
    'kmod',
    'procps',
    'util-linux',
    'wget',
    'curl',
    'ca-certificates',
    // The join script computes kubeadm's CA pin with it.
    'openssl',
  ]);

  /** The family of a pool that does not say: {@link OsFamily.DEBIAN}. */
  public static readonly DEFAULT = OsFamily.DEBIAN;

  /**
   * Another family: give the package names that provide yaki's prerequisites there,
   * and openssl, which the join script needs to pin the tenant CA.
   */
  public static custom(name: string, prerequisitePackages: string[]): OsFamily {
    return new OsFamily(name, prerequisitePackages);
  }

  private constructor(
    public readonly name: string,
    public readonly prerequisitePackages: readonly string[],
  ) {
    OS_FAMILY_BRAND.mark(this);
  }
}

const YAKI_SOURCE_BRAND = new Brand('YakiSource');

/** Where yaki comes from, and the checksum it must have before it runs (design D9). */
export class YakiSource {
  /** Whether `x` is a YakiSource, made by this copy of the library or another. */
  public static isYakiSource(x: unknown): x is YakiSource {
    return YAKI_SOURCE_BRAND.has(x);
  }

  /** clastix/yaki v1.36.2 (script/yaki at that tag); sha256 computed from that file. */
  public static readonly DEFAULT = new YakiSource(
    'https://raw.githubusercontent.com/clastix/yaki/v1.36.2/script/yaki',
    '6d1e8e5f83bc98270a2e038b35ae30f4f3872d25755534ecd0c4709ff9566292',
  );

  /**
   * yaki from another address, e.g. an internal mirror, with the sha256 of that file
   * (hexadecimal in either case, as sha256sum accepts it; written in lower case, so the
   * same checksum always renders the same user-data).
   */
  public static fromUrl(url: string, sha256: string): YakiSource {
    const hex = typeof sha256 === 'string' && /^[0-9A-Fa-f]{64}$/.test(sha256);
    return new YakiSource(url, hex ? sha256.toLowerCase() : sha256);
  }

  private constructor(
    public readonly url: string,
    public readonly sha256: string,
  ) {
    YAKI_SOURCE_BRAND.mark(this);
  }
}

/**
 * Versions of the components yaki installs. Versions only: yaki downloads them from
 * their upstream hosts (github.com, dl.k8s.io, raw.githubusercontent.com) whatever
 * the version; to avoid those hosts use `preBaked` images or an HTTP proxy.
 */
export interface YakiComponentVersions {
  /** @default - yaki's own matrix */
  readonly containerd?: string;
  /** @default - yaki's own matrix */
  readonly runc?: string;
  /** @default - yaki's own matrix */
  readonly cniPlugins?: string;
  /** @default - yaki's own matrix */
  readonly crictl?: string;
}

/**
 * HTTP proxy settings: exported to the join (curl, yaki's downloads, kubeadm), and
 * given to containerd through a root-only file (/etc/kamaji/proxy.env, mode 0600)
 * and a systemd drop-in. Not written to /etc/environment, which every user can read.
 */
export interface ProxySettings {
  /** @default - none */
  readonly httpProxy?: string;
  /** @default - none */
  readonly httpsProxy?: string;
  /** Hosts, domains and CIDRs reached directly. @default - none */
  readonly noProxy?: string[];
}

/** An administrator account on the machine. */
export interface AdminUser {
  /** User name. */
  readonly name: string;
  /** SSH public keys allowed to log in as this user. */
  readonly sshAuthorizedKeys: string[];
}

/** A file written before the join. */
export interface NodeFile {
  /** Absolute path. */
  readonly path: string;
  /** Content; may hold apply-time values (it is base64-encoded at apply time). */
  readonly content: string;
  /**
   * Octal mode.
   * @default "0600"
   */
  readonly permissions?: string;
  /**
   * `user:group`. A file owned by anyone but root is written in cloud-init's final
   * stage (`defer`), after the users it creates, still before the join.
   * @default "root:root"
   */
  readonly owner?: string;
}

/**
 * Bootstrap settings a node pool shares among its machines. In a node pool, each
 * string (not a whole list) may be a Terraform value: it reaches the node encoded for
 * where it lands, never as shell or YAML text, and is checked at plan by the rules
 * that check a known value at synth. The commands (`preJoinCommands`,
 * `postJoinCommands`) are shell by definition and run as given.
 */
export interface NodeBootstrapOptions {
  /** @default OsFamily.DEFAULT - Debian */
  readonly osFamily?: OsFamily;
  /** @default YakiSource.DEFAULT */
  readonly yaki?: YakiSource;
  /** @default - yaki's matrix */
  readonly componentVersions?: YakiComponentVersions;
  /**
   * The image already carries kubeadm, kubelet and containerd: skip yaki and run
   * `kubeadm join --config` directly; nothing is downloaded.
   * @default false
   */
  readonly preBaked?: boolean;
  /** @default - the image's default user only */
  readonly adminUser?: AdminUser;
  /** SSH keys for the image's default user. @default - none */
  readonly sshAuthorizedKeys?: string[];
  /** Packages installed besides yaki's prerequisites. @default - none */
  readonly extraPackages?: string[];
  /** @default - none */
  readonly files?: NodeFile[];
  /** Shell commands run before the join. @default - none */
  readonly preJoinCommands?: string[];
  /** Shell commands run after a successful join. @default - none */
  readonly postJoinCommands?: string[];
  /** @default - no proxy */
  readonly proxy?: ProxySettings;
  /** @default - the image's time servers */
  readonly ntpServers?: string[];
}

/** Everything one node needs to boot and join its tenant cluster. */
export interface NodeBootstrapConfig extends NodeBootstrapOptions {
  /** Node name and host name. */
  readonly nodeName: string;
  /** Kubernetes version of kubeadm and kubelet, `vX.Y.Z`. */
  readonly kubernetesVersion: string;
  /** The tenant API server, `host:port` (apply-time value). */
  readonly endpoint: string;
  /** The tenant cluster CA certificate, PEM (apply-time value). */
  readonly caCertificate: string;
  /** The bootstrap token `id.secret` (apply-time value, secret). */
  readonly token: string;
  /** @default - none */
  readonly labels?: { [key: string]: string };
  /** @default - none */
  readonly taints?: Taint[];
}
