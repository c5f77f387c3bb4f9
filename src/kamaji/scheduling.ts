/** Pod scheduling terms shared by control plane deployments and node pools. Pure module. */

/** How a taint repels pods (Kubernetes `TaintEffect`). */
export enum TaintEffect {
  NO_SCHEDULE = 'NoSchedule',
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  NO_EXECUTE = 'NoExecute',
}

/** How a toleration matches a taint's value. */
export enum TolerationOperator {
  /** The taint's value must equal the toleration's value. */
  EQUAL = 'Equal',
  /** Any value of the key matches; give no value. */
  EXISTS = 'Exists',
}

/** A Kubernetes toleration, as a pod spec takes it. */
export interface Toleration {
  /** Taint key to tolerate. @default - with EXISTS and no key, every taint is tolerated */
  readonly key?: string;
  /** @default TolerationOperator.EQUAL */
  readonly operator?: TolerationOperator;
  /** Taint value to match with EQUAL. @default - none */
  readonly value?: string;
  /** Taint effect to match. @default - every effect */
  readonly effect?: TaintEffect;
  /** With NO_EXECUTE, how long the pod stays bound after the taint appears. @default - forever */
  readonly tolerationSeconds?: number;
}

/** The toleration as Kubernetes JSON, leaving out what was not given. */
export function renderToleration(toleration: Toleration): Record<string, unknown> {
  return {
    ...(toleration.key !== undefined && { key: toleration.key }),
    ...(toleration.operator !== undefined && { operator: toleration.operator }),
    ...(toleration.value !== undefined && { value: toleration.value }),
    ...(toleration.effect !== undefined && { effect: toleration.effect }),
    ...(toleration.tolerationSeconds !== undefined && {
      tolerationSeconds: toleration.tolerationSeconds,
    }),
  };
}
