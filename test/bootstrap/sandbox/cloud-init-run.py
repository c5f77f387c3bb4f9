"""
Runs a #cloud-config the way cloud-init does for what the join depends on, inside a
throw-away root: write_files (init stage, cloud-init's own module), the users it would
create, the deferred write_files (final stage), then runcmd. Test harness only.

usage: cloud-init-run.py USER_DATA [--runcmd-only]
"""
import subprocess
import sys

from cloudinit import util
from cloudinit.config.cc_write_files import write_files


def add_users(cfg):
    """What users-groups does for the entries we render: a user and its own group."""
    users = [u for u in cfg.get("users", []) if isinstance(u, dict)]
    for index, user in enumerate(users):
        uid = 1000 + index
        with open("/etc/passwd", "a") as passwd:
            passwd.write(f"{user['name']}:x:{uid}:{uid}::/home/{user['name']}:/bin/bash\n")
        with open("/etc/group", "a") as group:
            group.write(f"{user['name']}:x:{uid}:\n")


def main():
    with open(sys.argv[1]) as f:
        cfg = util.load_yaml(f.read())
    files = cfg.get("write_files", [])
    if "--runcmd-only" not in sys.argv:
        write_files("write_files", [f for f in files if not f.get("defer")], "root:root")
        add_users(cfg)
        write_files("write_files_deferred", [f for f in files if f.get("defer")], "root:root")
    for command in cfg.get("runcmd", []):
        argv = command if isinstance(command, list) else ["sh", "-c", command]
        result = subprocess.run(argv)
        if result.returncode != 0:
            sys.exit(result.returncode)


main()
