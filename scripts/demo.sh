#!/usr/bin/env bash
# `make demo`: the whole provider on this machine, with no Toss account and no network.
# Builds the provider, the emulator and the `appsintoss` command, starts the emulator (with its
# console gateway) with fresh certificates on free loopback ports, and applies examples/demo twice
# through a dev_overrides CLI configuration: first with the catalog on the catalog contract over
# mTLS, then on the console road after a non-interactive `appsintoss login`. Each time a second
# plan must be empty, then everything is destroyed; the emulator is stopped, also when a step fails.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_DIR="$ROOT/.demo" # git-ignored
WORK="$DEMO_DIR/work"

cleanup() {
  local rc=$?
  if [[ -n "${EMULATOR_PID:-}" ]]; then
    stop_emulator
    step "Emulator stopped"
  fi
  if ((rc != 0)); then
    printf '\nThe demo failed (exit %d). Emulator log: %s\n' "$rc" "$DEMO_DIR/emulator.log" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "[1/12] Building the provider, the emulator and the appsintoss command into ./bin"
build_binaries

find_terraform
step "[2/12] Terraform CLI: $TERRAFORM ($TERRAFORM_VERSION)"

mkdir -p "$DEMO_DIR"
step "[3/12] Certificates and emulator: fresh CA and client certificate in .demo/certs, emulator and its console gateway on free loopback ports"
start_emulator "$DEMO_DIR" "$ROOT/examples/demo/seed.json" --console
step "       Emulator at $EMULATOR_URL, console gateway at $CONSOLE_URL (seed: examples/demo/seed.json, log: .demo/emulator.log)"

hermetic_terraform_env "$DEMO_DIR/terraformrc"
step "[4/12] Terraform CLI config .demo/terraformrc: dev_overrides $PROVIDER_SOURCE -> ./bin (so no terraform init)"

tf() {
  local cmd="$1"
  shift
  "$TERRAFORM" -chdir="$WORK" "$cmd" $(color_flag) -compact-warnings "$@"
}

# apply_plan_destroy ROAD N: a fresh copy of examples/demo (so no state from an earlier run can get
# in the way and the example directory stays clean), applied, planned again (which must be empty),
# and destroyed. N numbers the first of its three steps.
apply_plan_destroy() {
  local road="$1" n="$2"
  rm -rf "$WORK"
  mkdir -p "$WORK"
  cp "$ROOT"/examples/demo/*.tf "$WORK/"

  step "[$n/12] terraform apply examples/demo — the catalog through $road"
  tf apply -auto-approve

  step "[$((n + 1))/12] terraform plan again: the applied configuration must show no changes"
  set +e
  tf plan -detailed-exitcode
  local plan_rc=$?
  set -e
  case $plan_rc in
    0) ;;
    2) fail "the second plan is not empty: the provider does not converge on examples/demo ($road)" ;;
    *) fail "the second plan failed ($road)" ;;
  esac

  step "[$((n + 2))/12] terraform destroy"
  tf destroy -auto-approve
}

apply_plan_destroy "the catalog contract over mTLS" 5

step "[8/12] appsintoss login --no-browser against the emulator's console gateway (the demo plays the browser)"
console_login "$DEMO_DIR"
"$BIN/appsintoss" status --credentials-file "$CONSOLE_CREDENTIALS_FILE" --ca-certificate-file "$APPSINTOSS_CA_CERTIFICATE_FILE"
use_console_road

# The console has no tool that deletes a push template: the destroy below warns that the two
# templates stay in the console, as it would on a real account.
apply_plan_destroy "the console gateway (MCP, signed in with appsintoss login)" 9

step "[12/12] Stopping the emulator"
stop_emulator
step "Demo done: on both roads to the catalog, apply, an empty second plan and destroy against the emulator. Nothing is left running."
