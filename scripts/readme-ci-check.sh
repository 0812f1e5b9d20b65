#!/usr/bin/env bash
# `make readme-ci-check`: proves the README's "Testing your own configuration in CI" commands run
# as written. It clones this repository's committed HEAD into a temporary directory and pastes the
# block between the readme-ci-check markers into a fresh shell there, line by line, with an empty
# HOME and a TF_CLI_CONFIG_FILE naming a file that does not exist (as on the build machines), so
# the block must bring its own CLI configuration. Only Go's module and build caches are shared,
# to save minutes of downloads; they hold no configuration. Uncommitted changes are not tested.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

find_terraform
TMP=$(mktemp -d)
BLOCK_PID=""
cleanup() {
  # The block stops its emulator itself; if it failed half-way, end what it left running.
  if [[ -n "$BLOCK_PID" ]]; then
    kill -TERM -- "-$BLOCK_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "readme-ci-check: cloning $(git -C "$ROOT" rev-parse --short HEAD) into $TMP/clone"
git clone --quiet "$ROOT" "$TMP/clone"
sed -n '/<!-- readme-ci-check: begin -->/,/<!-- readme-ci-check: end -->/p' "$TMP/clone/README.md" |
  sed '/^<!--/d; /^```/d' >"$TMP/block.sh"
[[ -s "$TMP/block.sh" ]] || fail "README.md has no block between the readme-ci-check markers"
mkdir -p "$TMP/home"

step "readme-ci-check: pasting the README's commands into bash (HOME=$TMP/home, $TERRAFORM_VERSION):"
sed 's/^/    /' "$TMP/block.sh"
cd "$TMP/clone"
# A session of its own, so that cleanup can end everything the block started. Not -v or -x: the
# sourced env file holds the (throwaway) login decryption key, which no log should show.
env -i HOME="$TMP/home" PATH="$(dirname "$TERRAFORM"):$PATH" TERM=dumb LANG=C.UTF-8 \
  TF_CLI_CONFIG_FILE="$TMP/home/no-such-terraformrc" CHECKPOINT_DISABLE=1 \
  GOMODCACHE="$(go env GOMODCACHE)" GOCACHE="$(go env GOCACHE)" GOPROXY="$(go env GOPROXY)" \
  GOFLAGS="$(go env GOFLAGS)" GOTOOLCHAIN=local \
  setsid bash --noprofile --norc -e -o pipefail -s <"$TMP/block.sh" &
BLOCK_PID=$!
wait "$BLOCK_PID"
BLOCK_PID=""
step "readme-ci-check: every command of the README's CI block passed"
