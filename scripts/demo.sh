#!/usr/bin/env bash
# `make demo`: the whole provider on this machine, with no Toss account and no network.
# Builds the provider and the emulator, starts the emulator with fresh certificates on a free
# loopback port, applies examples/demo through a dev_overrides CLI configuration, shows that a
# second plan is empty, destroys, and stops the emulator, also when a step fails.
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

step "[1/8] Building the provider and the emulator into ./bin"
build_binaries

find_terraform
step "[2/8] Terraform CLI: $TERRAFORM ($TERRAFORM_VERSION)"

mkdir -p "$DEMO_DIR"
step "[3/8] Certificates and emulator: fresh CA and client certificate in .demo/certs, emulator on a free loopback port"
start_emulator "$DEMO_DIR" "$ROOT/examples/demo/seed.json"
step "      Emulator at $EMULATOR_URL (seed: examples/demo/seed.json, log: .demo/emulator.log)"

hermetic_terraform_env "$DEMO_DIR/terraformrc"
step "[4/8] Terraform CLI config .demo/terraformrc: dev_overrides $PROVIDER_SOURCE -> ./bin (so no terraform init)"

# A fresh copy of the configuration, so no state from an earlier run can get in the way and the
# example directory stays clean.
rm -rf "$WORK"
mkdir -p "$WORK"
cp "$ROOT"/examples/demo/*.tf "$WORK/"
tf() {
  local cmd="$1"
  shift
  "$TERRAFORM" -chdir="$WORK" "$cmd" $(color_flag) -compact-warnings "$@"
}

step "[5/8] terraform apply examples/demo"
tf apply -auto-approve

step "[6/8] terraform plan again: the applied configuration must show no changes"
set +e
tf plan -detailed-exitcode
plan_rc=$?
set -e
case $plan_rc in
  0) ;;
  2) fail "the second plan is not empty: the provider does not converge on examples/demo" ;;
  *) fail "the second plan failed" ;;
esac

step "[7/8] terraform destroy"
tf destroy -auto-approve

step "[8/8] Stopping the emulator"
stop_emulator
step "Demo done: apply, an empty second plan and destroy against the emulator. Nothing is left running."
