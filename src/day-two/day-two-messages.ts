/**
 * Messages of day 2 (#14): retirement, drains, rollout steps and join health, and the
 * warning for a runner without the management kubeconfig. Pure module.
 */
import { problem } from '../private/common-messages';

export const DayTwoMessages = {
  badRetiredNode: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a node index, a whole number from 0 to ${highest} (2 retires node-02)`,
    ),
  retiredTwice: (field: string, value: number) =>
    problem(field, value, 'is retired twice; list each retired node once'),
  badDrainTimeout: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a whole number of seconds from 1 to ${highest}; use NodeDrain.none() for no drain`,
    ),
  badMaxSurge: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a whole number of nodes from 0 to ${highest} (0 retires old nodes before new ones are made)`,
    ),
  badMaxUnavailable: (field: string, value: unknown, highest: number) =>
    problem(
      field,
      value,
      `must be a whole number of nodes from 1 to ${highest}: a rollout that may drain no node never ends`,
    ),
  oldGenerationOutsideSkew: (field: string, value: string, controlPlane: string, steps: number) =>
    problem(
      field,
      value,
      `the nodes still on this version during the rollout would be outside the skew policy of the control plane's ${controlPlane} (kubelets at most three minors older, never newer); finish the rollout (step ${steps}) before the control plane changes; when it already runs that version, retire the old nodes with replicas and retiredNodes instead (README, "Version changes: never silent")`,
    ),
  badRolloutStep: (field: string, value: unknown, steps: number) =>
    problem(
      field,
      value,
      `must be a step of this rollout, a whole number from 0 to ${steps}; raise it by one per apply`,
    ),
  badJoinHealthTimeout: (field: string, value: unknown, max: number) =>
    problem(
      field,
      value,
      `must be a whole number of seconds from 1 to ${max}; nodes usually join within 5 minutes, so 600 is a sensible timeout`,
    ),
  missingManagementKubeconfig: (poolPath: string, file: string) =>
    `${poolPath}: the management kubeconfig ${file} (config_path of the control plane's kubernetes provider) does not exist on this machine: drains and join health read the tenant's kubeconfig with it when Terraform runs them; fix the path, run Terraform where it exists, or set CDKTF_KAMAJI_TENANT_KUBECONFIG there`,
};
