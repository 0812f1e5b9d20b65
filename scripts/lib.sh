# shellcheck shell=bash
# Shared by scripts/demo.sh and scripts/test-examples.sh: step messages, the Terraform CLI, an
# emulator on a free loopback port, and a hermetic Terraform CLI configuration with dev_overrides.
# Source it after `set -euo pipefail`; it defines functions and variables only.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/bin"
PROVIDER_SOURCE="appsintoss-terraform/appsintoss"

step() { printf '==> %s\n' "$*"; }
# color_flag prints -no-color unless stdout is a terminal, so logs of CI and `make` stay readable.
color_flag() { [[ -t 1 ]] || printf -- '-no-color'; }
fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# find_terraform sets TERRAFORM: $TERRAFORM, then $TF_ACC_TERRAFORM_PATH, then terraform on PATH,
# then ./bin/terraform (what `make terraform` installs).
find_terraform() {
  TERRAFORM=${TERRAFORM:-${TF_ACC_TERRAFORM_PATH:-}}
  if [[ -z "$TERRAFORM" ]]; then
    TERRAFORM=$(command -v terraform 2>/dev/null || true)
  fi
  if [[ -z "$TERRAFORM" && -x "$BIN/terraform" ]]; then
    TERRAFORM="$BIN/terraform"
  fi
  [[ -n "$TERRAFORM" && -x "$TERRAFORM" ]] ||
    fail "no Terraform CLI found: run \`make terraform\` (installs one into ./bin) or put terraform on PATH"
  # An empty CLI configuration: the machine's own may name a file that does not exist.
  TERRAFORM_VERSION=$(TF_CLI_CONFIG_FILE=/dev/null "$TERRAFORM" version | head -n1)
}

build_binaries() {
  mkdir -p "$BIN"
  (cd "$ROOT" && go build -o "$BIN/terraform-provider-appsintoss" . &&
    go build -o "$BIN/appsintoss-emulator" ./cmd/appsintoss-emulator &&
    go build -o "$BIN/appsintoss" ./cmd/appsintoss)
}

# hermetic_terraform_env writes a CLI configuration into $1 whose dev_overrides point
# appsintoss-terraform/appsintoss at ./bin, and exports TF_CLI_CONFIG_FILE to it, so that neither
# the machine's own TF_CLI_CONFIG_FILE nor ~/.terraformrc changes what Terraform does. With
# dev_overrides Terraform uses ./bin/terraform-provider-appsintoss directly: no `terraform init`.
hermetic_terraform_env() {
  local rc="$1"
  cat >"$rc" <<EOF
# Written by scripts/lib.sh: use the provider built into ./bin instead of a registry release.
provider_installation {
  dev_overrides {
    "$PROVIDER_SOURCE" = "$BIN"
  }
  direct {}
}
EOF
  export TF_CLI_CONFIG_FILE="$rc"
  export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
  unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_WORKSPACE
}

# start_emulator DIR SEED [--console]: fresh certificates into DIR/certs, then the emulator in the
# background on a free loopback port (the kernel picks it), seeded from SEED. Sets EMULATOR_PID and
# EMULATOR_URL, and exports the APPSINTOSS_* variables the provider reads, so configurations
# need no endpoint or certificate settings of their own. With --console it also serves its console
# gateway on another free port and sets CONSOLE_URL (the MCP URL); the provider's catalog stays on
# the contract until use_console_road. Call stop_emulator from an EXIT trap.
start_emulator() {
  local dir="$1" seed="$2" console=()
  [[ "${3:-}" == "--console" ]] && console=(--console-addr 127.0.0.1:0)
  local certs="$dir/certs" log="$dir/emulator.log"
  rm -rf "$certs"
  "$BIN/appsintoss-emulator" certs --out "$certs" >/dev/null
  : >"$log"
  "$BIN/appsintoss-emulator" serve --certs "$certs" --addr 127.0.0.1:0 --seed "$seed" "${console[@]}" >>"$log" 2>&1 &
  EMULATOR_PID=$!
  local addr="" i
  for ((i = 0; i < 100; i++)); do
    addr=$(sed -n 's|^appsintoss-emulator listening on https://\([^ ]*\) .*|\1|p' "$log" | head -n1)
    [[ -n "$addr" ]] && break
    kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$log" >&2; fail "the emulator exited at start (log above)"; }
    sleep 0.1
  done
  [[ -n "$addr" ]] || { cat "$log" >&2; fail "the emulator did not start listening within 10s (log above)"; }
  EMULATOR_URL="https://$addr"
  # serve prints the console line before the "listening" one.
  CONSOLE_URL=$(sed -n 's|^appsintoss-emulator console gateway on \(https://[^ ]*\) .*|\1|p' "$log" | head -n1)

  export APPSINTOSS_ENDPOINT="$EMULATOR_URL" APPSINTOSS_PAY_ENDPOINT="$EMULATOR_URL"
  export APPSINTOSS_CLIENT_CERTIFICATE_FILE="$certs/client.pem"
  export APPSINTOSS_CLIENT_KEY_FILE="$certs/client-key.pem"
  export APPSINTOSS_CA_CERTIFICATE_FILE="$certs/ca.pem"
  unset APPSINTOSS_CLIENT_CERTIFICATE APPSINTOSS_CLIENT_KEY APPSINTOSS_CA_CERTIFICATE
  # The catalog contract until use_console_road: a console variable from the caller's shell would
  # send the catalog elsewhere.
  unset APPSINTOSS_CONSOLE_URL APPSINTOSS_CONSOLE_CREDENTIALS APPSINTOSS_CONSOLE_CREDENTIALS_FILE \
    APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE
  # The login decryption key and AAD of the certificate's app, as the console would e-mail them.
  APPSINTOSS_LOGIN_DECRYPTION_KEY=$(login_secret "$certs/login-secrets.json" decryptionKey)
  APPSINTOSS_LOGIN_DECRYPTION_AAD=$(login_secret "$certs/login-secrets.json" aad)
  export APPSINTOSS_LOGIN_DECRYPTION_KEY APPSINTOSS_LOGIN_DECRYPTION_AAD
}

# console_login DIR signs in to the emulator's console gateway the way a person would with
# `appsintoss login --no-browser`, playing the browser's part: open the printed authorization URL
# (the emulator signs its test user in with no form and redirects at once) and follow that one
# redirect to the command's loopback listener. Writes DIR/console-credentials.json (mode 0600).
console_login() {
  local dir="$1" i url="" location=""
  local urlfile="$dir/login-url.txt" credentials="$dir/console-credentials.json"
  command -v curl >/dev/null || fail "the console part of the demo plays the browser with curl: install curl"
  rm -f "$credentials" "$urlfile"
  "$BIN/appsintoss" login --no-browser --timeout 1m --console-url "$CONSOLE_URL" \
    --ca-certificate-file "$dir/certs/ca.pem" --credentials-file "$credentials" >"$urlfile" &
  local login_pid=$!
  for ((i = 0; i < 100; i++)); do
    url=$(grep -m1 '^https://' "$urlfile" || true)
    [[ -n "$url" ]] && break
    kill -0 "$login_pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n "$url" ]] || { wait "$login_pid" || true; fail "appsintoss login printed no authorization URL"; }
  location=$(curl --silent --show-error --cacert "$dir/certs/ca.pem" --output /dev/null --write-out '%{redirect_url}' "$url")
  [[ "$location" == http://localhost:*/callback\?* ]] || fail "the authorization server did not redirect to the loopback callback"
  curl --silent --show-error --fail --output /dev/null "$location"
  wait "$login_pid" || fail "appsintoss login failed"
  CONSOLE_CREDENTIALS_FILE="$credentials"
}

# use_console_road moves the provider's catalog onto the console gateway: the variables that a
# provider block with no `console` attribute reads.
use_console_road() {
  export APPSINTOSS_CONSOLE_URL="$CONSOLE_URL"
  export APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE="$APPSINTOSS_CA_CERTIFICATE_FILE"
  export APPSINTOSS_CONSOLE_CREDENTIALS_FILE="$CONSOLE_CREDENTIALS_FILE"
  unset APPSINTOSS_CONSOLE_CREDENTIALS
}

# login_secret FILE FIELD prints FIELD of the "demo-app" entry of the emulator's login-secrets.json
# (indented JSON written by `appsintoss-emulator certs`), without needing jq.
login_secret() {
  sed -n '/"demo-app": {/,/}/s/^ *"'"$2"'": "\([^"]*\)".*/\1/p' "$1"
}

# stop_emulator ends the emulator started by start_emulator (TERM, then KILL after 10s) and waits
# for it, so nothing is left running. Safe to call twice and when none was started.
stop_emulator() {
  local pid="${EMULATOR_PID:-}" i
  [[ -n "$pid" ]] || return 0
  EMULATOR_PID=""
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
