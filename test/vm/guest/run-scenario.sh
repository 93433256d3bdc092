#!/bin/bash
# Runs one scenario (scenarios/NAME.sh defines scenario_NAME, dashes as underscores) in this process:
# any failing command or assertion fails it, with the reason in logs/NAME.reason for boot.sh to report.
set -eEuo pipefail
SCENARIO=$1
GUEST=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=lib.sh
source "$GUEST/lib.sh"
# shellcheck disable=SC1090 # the scenario named on the command line
source "$GUEST/scenarios/$SCENARIO.sh"
trap 'on_error $? "${BASH_SOURCE[0]}" $LINENO "$BASH_COMMAND"' ERR
cd /
log "scenario $SCENARIO"
"scenario_${SCENARIO//-/_}"
log "scenario $SCENARIO passed"
