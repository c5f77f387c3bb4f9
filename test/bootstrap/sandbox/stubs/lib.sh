# Shared by the sandbox stubs: each call is recorded, one line per call, its argv
# shell-quoted, in /opt/stubs/state/calls; faults are flag files the test sets.
STUBS=/opt/stubs
record() {
  local line
  line="$(printf '%q ' "$@")"
  echo "${line% }" >>"$STUBS/state/calls"
}
fault() { [ -e "$STUBS/faults/$1" ]; }
