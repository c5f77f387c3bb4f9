/**
 * Messages of a node pool's props: its infrastructure, replicas, node names, static
 * addresses, and its rollout as the pool reads it (what the nodes were made with; the
 * warning for a rollout without join health). Pure module.
 */
import { problem } from '../private/common-messages';

export const NodePoolMessages = {
  noInfrastructure: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must be an infrastructure such as new VSphereInfrastructure({...}), MaasInfrastructure.bareMetal() or new BringYourOwnMachines()',
    ),
  tooManyReplicas: (field: string, value: number, maximum: number) =>
    problem(field, value, `must be a whole number from 0 to ${maximum}`),
  nodeNameTooLong: (field: string, value: string, longest: string) =>
    problem(
      field,
      value,
      `makes node names such as "${longest}" longer than 63 characters; shorten the pool or control plane name`,
    ),
  duplicatePoolName: (field: string, value: string, other: string) =>
    problem(
      field,
      value,
      `is also the name of node pool ${other} of the same control plane, whose machines, outputs and user-data would collide; give each pool of a control plane its own name`,
    ),
  addressOutsideNetwork: (field: string, value: string, cidr: string) =>
    problem(field, value, `must be an address inside ${cidr}`),
  rangeDoesNotFit: (
    field: string,
    value: string,
    replicas: number,
    cidr: string,
    lastUsable: string,
  ) =>
    problem(
      field,
      value,
      `${replicas} nodes from this address do not fit ${cidr} (host addresses end at ${lastUsable}); start lower or use a larger network`,
    ),
  gatewayInRange: (field: string, value: string, first: string, last: string) =>
    problem(
      field,
      value,
      `lies inside the node addresses ${first} to ${last}; move the range or the gateway`,
    ),
  gatewayNotHost: (field: string, value: string, cidr: string, what: string) =>
    problem(field, value, `is the ${what} of ${cidr}, not a host; give the router's address`),
  rangeTooSmall: (field: string, value: number, needed: number, why: string) =>
    problem(field, value, `must be at least ${needed}: ${why}`),
  countDoesNotFit: (
    field: string,
    value: number,
    first: string,
    cidr: string,
    lastUsable: string,
  ) =>
    problem(
      field,
      value,
      `addresses from ${first} do not fit ${cidr} (host addresses end at ${lastUsable}); give fewer or start lower`,
    ),
  rangesCollide: (
    field: string,
    value: string,
    otherPool: string,
    otherControlPlane: string,
    otherRange: string,
  ) =>
    problem(
      field,
      value,
      `overlaps the static addresses ${otherRange} of node pool "${otherPool}" of control plane ${otherControlPlane} in this stack; two live nodes would share an address: give each pool its own range`,
    ),
  rolloutWithoutOrigin: (field: string, value: unknown) =>
    problem(
      field,
      value,
      'must say what the nodes were made with before the rollout: fromKubernetesVersion (KubernetesVersion.of("v1.35.7")), fromInfrastructure (the infrastructure as it was), or both',
    ),
  rolloutWithoutJoinHealth: (poolPath: string) =>
    `${poolPath}: rollout without joinHealth: an apply then ends before its new nodes are Ready, and the next step drains old nodes whatever became of them; set joinHealth: JoinHealth.waitForReady() (600 s, then the apply fails) so each step ends with its new nodes serving (README, "Version rollouts")`,
};
