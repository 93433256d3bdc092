#!/bin/bash
# PID 1 of the test guest after switch_root: set the system up, run each requested scenario in its own process
# with a time limit, write one result line per scenario, reset the disks between scenarios, power off.
# Everything it brings back goes to /vmout (the read-write share): results.txt, logs/, exit-code.
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C TZ=UTC
GUEST=$VM_REPO/test/vm/guest
VMOUT=/vmout
# shellcheck source=lib.sh
source "$GUEST/lib.sh"
mkdir -p "$VMOUT/logs"

# PID 1 must never exit (the kernel would panic): whatever happens, write the exit code and power off.
power_off() {
  echo "${1:-1}" >"$VMOUT/exit-code"
  sync
  echo s >/proc/sysrq-trigger
  echo o >/proc/sysrq-trigger
  sleep 60
}
trap 'power_off 1' EXIT

say() { echo "vm: $*" >/dev/console; }

started=$EPOCHREALTIME
if ! bash "$GUEST/setup.sh" >"$VMOUT/logs/setup.log" 2>&1; then
  say "setup failed"; tail -n 40 "$VMOUT/logs/setup.log" >/dev/console
  echo "FAIL setup: see logs/setup.log" >>"$VMOUT/results.txt"
  power_off 1
fi
say "setup done in $(seconds_since "$started") s"

# A custom guest script (run.sh --script) replaces the scenarios.
if [[ -n ${VM_SCRIPT:-} ]]; then
  bash "$VM_SCRIPT" >"$VMOUT/logs/script.log" 2>&1
  power_off $?
fi

status=0
for name in $VM_SCENARIOS; do
  t0=$EPOCHREALTIME
  timeout -k 10 "$VM_SCENARIO_TIMEOUT" bash "$GUEST/run-scenario.sh" "$name" >"$VMOUT/logs/$name.log" 2>&1
  rc=$?
  secs=$(seconds_since "$t0")
  if ((rc == 0)); then
    line="PASS $name"
  elif ((rc == 124 || rc == 137)); then
    line="FAIL $name: timed out after ${VM_SCENARIO_TIMEOUT}s"
  else
    line="FAIL $name: $(cat "$VMOUT/logs/$name.reason" 2>/dev/null || echo "exited with $rc")"
  fi
  ((rc == 0)) || status=1
  echo "$line" >>"$VMOUT/results.txt"
  echo "$name $secs" >>"$VMOUT/durations.txt"
  say "$line (${secs} s)"
  if ! bash "$GUEST/reset.sh" >>"$VMOUT/logs/reset.log" 2>&1; then
    say "reset after $name failed: stopping here (see logs/reset.log)"
    echo "FAIL reset-after-$name: see logs/reset.log" >>"$VMOUT/results.txt"
    power_off 1
  fi
done
power_off "$status"
