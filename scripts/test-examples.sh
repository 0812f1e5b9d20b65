#!/usr/bin/env bash
# `make test-examples`: runs `terraform test` in examples/demo against an emulator, the way an
# infra repo's CI tests its Apps in Toss configuration without Toss credentials. Starts the
# emulator like the demo does (fresh certificates, free loopback port, seed.json), runs the
# suite through a dev_overrides CLI configuration and stops the emulator, also on failure.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DIR="$ROOT/.demo/test-examples" # git-ignored
trap 'stop_emulator' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "terraform test examples/demo: building the provider and the emulator"
build_binaries
find_terraform

rm -rf "$DIR"
mkdir -p "$DIR/work"
start_emulator "$DIR" "$ROOT/examples/demo/seed.json"
hermetic_terraform_env "$DIR/terraformrc"
step "terraform test examples/demo: $TERRAFORM_VERSION against the emulator at $EMULATOR_URL"

# A copy, so the run leaves nothing in examples/demo.
cp "$ROOT"/examples/demo/*.tf "$DIR/work/"
cp -R "$ROOT/examples/demo/tests" "$DIR/work/"
"$TERRAFORM" -chdir="$DIR/work" test $(color_flag)
