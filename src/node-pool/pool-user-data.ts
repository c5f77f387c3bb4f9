/**
 * A pool's user-data, rendered once per kubelet version instead of once per node
 * (issue #15). The nodes of a pool differ in their user-data by their name alone
 * (`hostname`, the JoinConfiguration's `nodeRegistration.name`); everything else (join
 * script, kubeconfig, token, labels, taints, files) is the pool's. So the pool renders
 * one template with a placeholder for the name, CDKTF resolves it once per stack, and
 * each node's user-data is a lazy token whose value is that resolved text with the
 * placeholder replaced: the Terraform JSON is byte for byte what per-node rendering
 * writes (bench/raw-app.ts renders per node, and the benchmark compares the two).
 *
 * Per node that saves rendering the cloud-config (YAML, JSON, and tens of CDKTF tokens
 * for the Terraform encoding of apply-time values) and resolving those tokens at synth.
 *
 * The replacement is exact because a name (`<control plane>-<pool>-node-NN`, lower-case
 * letters, digits and hyphens) and the placeholder are written alike everywhere: a
 * plain YAML scalar, a JSON string, an HCL string literal, none needing an escape. Where
 * that does not hold, the pool renders per node as before: a file holding the name that
 * is base64-encoded at synth (no apply-time value in it, so Node encodes it and the name
 * is no longer visible), or bootstrap input that contains the placeholder itself.
 */
import { Fn, IResolveContext, Lazy, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { ValueEncoding } from '../bootstrap/encoding';
import { NodeBootstrapConfig } from '../bootstrap/node-bootstrap';
import { TERRAFORM_ENCODING } from '../bootstrap/terraform-encoding';
import { renderCheckedUserData } from '../bootstrap/user-data';
import { terraformLiteral, terraformString } from '../private/terraform-literals';
import { withoutTokenStackTraces } from '../private/token-stack-traces';

/** Stands for the node name in a pool's template; as plain as a node name. */
export const NODE_NAME_PLACEHOLDER = 'cdktf-kamaji-node-name-placeholder-9c1e7a';

/** A pool's bootstrap configuration: a node's without its name and version. */
export type PoolBootstrapConfig = Omit<NodeBootstrapConfig, 'nodeName' | 'kubernetesVersion'>;

/** The user-data of one node in the three encodings infrastructures read, each built on demand. */
export interface UserDataEncodings {
  /** The cloud-config as an argument value. */
  text(): string;
  /** Its base64. */
  base64(): string;
  /** Its gzip, then base64. */
  gzipBase64(): string;
}

export class PoolUserData {
  private readonly templates = new Map<string, Template | undefined>();
  private readonly sharable: boolean;

  constructor(private readonly bootstrap: PoolBootstrapConfig) {
    this.sharable = !JSON.stringify(bootstrap).includes(NODE_NAME_PLACEHOLDER);
  }

  /**
   * The user-data of node `nodeName` at `kubernetesVersion`. Throws what
   * `renderCheckedUserData` throws (a ValidationError), on the first node of a version.
   */
  public forNode(nodeName: string, kubernetesVersion: string): UserDataEncodings {
    const template = this.template(kubernetesVersion);
    if (template) return template.forNode(nodeName);
    return renderedEncodings(
      renderCheckedUserData({ ...this.bootstrap, nodeName, kubernetesVersion }, TERRAFORM_ENCODING),
    );
  }

  private template(kubernetesVersion: string): Template | undefined {
    if (!this.sharable) return undefined;
    if (!this.templates.has(kubernetesVersion)) {
      this.templates.set(kubernetesVersion, renderTemplate(this.bootstrap, kubernetesVersion));
    }
    return this.templates.get(kubernetesVersion);
  }
}

/** The encodings of a node's own rendered user-data. */
export function renderedEncodings(rendered: string): UserDataEncodings {
  return {
    text: () => userDataValue(rendered),
    base64: () => Fn.base64encode(terraformString(rendered)),
    gzipBase64: () => Fn.base64gzip(terraformString(rendered)),
  };
}

/**
 * The user-data as an argument value that stays right wherever an infrastructure puts
 * it, inside the pool or not: unchanged or a token, so escaping it again changes nothing.
 */
function userDataValue(rendered: string): string {
  return Token.isUnresolved(rendered) ? terraformLiteral(rendered) : terraformString(rendered);
}

/** The template of a version, or undefined when the name would not stay visible in it. */
function renderTemplate(
  config: PoolBootstrapConfig,
  kubernetesVersion: string,
): Template | undefined {
  let hidden = false;
  const visible = (text: string) =>
    Token.isUnresolved(text) || !text.includes(NODE_NAME_PLACEHOLDER);
  const encoding: ValueEncoding = {
    ...TERRAFORM_ENCODING,
    base64: (text) => {
      hidden ||= !visible(text);
      return TERRAFORM_ENCODING.base64(text);
    },
  };
  const rendered = renderCheckedUserData(
    { ...config, nodeName: NODE_NAME_PLACEHOLDER, kubernetesVersion },
    encoding,
  );
  return hidden ? undefined : new Template(rendered);
}

type Kind = keyof UserDataEncodings;

class Template {
  private readonly encodings: UserDataEncodings;
  private readonly values = new Map<Kind, string>();
  /**
   * Resolved text per resolution scope and context flags, per encoding, with the nodes
   * that read it. A node reading it again means a new synthesis (the app synthesized
   * twice, maybe changed in between): the text is resolved afresh.
   */
  private readonly resolved = new WeakMap<
    IConstruct,
    Map<string, { text: string; readers: Set<string> }>
  >();

  constructor(rendered: string) {
    this.encodings = renderedEncodings(rendered);
  }

  public forNode(nodeName: string): UserDataEncodings {
    return {
      text: () => this.nodeValue('text', nodeName),
      base64: () => this.nodeValue('base64', nodeName),
      gzipBase64: () => this.nodeValue('gzipBase64', nodeName),
    };
  }

  private nodeValue(kind: Kind, nodeName: string): string {
    return Lazy.stringValue({
      produce: (context: IResolveContext) =>
        this.resolve(kind, context, nodeName).split(NODE_NAME_PLACEHOLDER).join(nodeName),
    });
  }

  /** The template resolved as CDKTF resolves a node's own value in the same place. */
  private resolve(kind: Kind, context: IResolveContext, reader: string): string {
    const key = [
      kind,
      context.preparing,
      context.suppressBraces,
      context.ignoreEscapes,
      context.warnEscapes,
      context.iteratorContext,
    ].join('|');
    const byScope =
      this.resolved.get(context.scope) ?? new Map<string, { text: string; readers: Set<string> }>();
    this.resolved.set(context.scope, byScope);
    let entry = byScope.get(key);
    if (entry === undefined || entry.readers.has(reader)) {
      const value =
        this.values.get(kind) ??
        withoutTokenStackTraces(context.scope, () => this.encodings[kind]());
      this.values.set(kind, value);
      entry = { text: String(context.resolve(value)), readers: new Set() };
      byScope.set(key, entry);
    }
    entry.readers.add(reader);
    return entry.text;
  }
}
