/**
 * The NoCloud meta-data of a Proxmox VE VM. Pure module: no CDKTF import.
 *
 * Without a meta-data file, Proxmox VE writes its own, whose `instance-id` is a hash of
 * the user-data and network config it puts on the cloud-init drive, and it rebuilds that
 * drive at every VM start. The user-data snippet follows the current join token (a
 * rotation re-uploads it), so the first reboot after a rotation would present a new
 * instance-id: cloud-init would run as on a new machine, with new SSH host keys and its
 * per-instance modules again. A meta-data file of our own pins the instance-id to the
 * node's name, which never changes for a machine (issue #12 follow-up).
 */
export function nocloudMetaData(nodeName: string): string {
  return `instance-id: ${nodeName}\nlocal-hostname: ${nodeName}\n`;
}
