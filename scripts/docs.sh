#!/usr/bin/env bash
# Generates docs/ with tfplugindocs (pinned in tools/go.mod), offline.
#
# tfplugindocs would normally build the provider itself and find or DOWNLOAD a Terraform CLI to
# read the schema. Instead this script builds the provider into a temporary directory, asks the
# local Terraform CLI for the schema through a dev_overrides CLI configuration (no init, no
# registry, no network), and hands the JSON to `tfplugindocs generate --providers-schema`, which
# then neither builds nor downloads anything.
#
#   scripts/docs.sh           regenerate docs/ in place
#   scripts/docs.sh --check   regenerate into a copy of the tree and fail if docs/ differs
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check=false
[[ "${1:-}" == "--check" ]] && check=true

find_terraform
# Ephemeral resources appear in `terraform providers schema -json` from Terraform 1.10 on; an older
# CLI would silently drop their pages.
read -r tf_major tf_minor < <(sed -n 's/^Terraform v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p' <<<"$TERRAFORM_VERSION")
diff_excludes=()
if ((tf_major < 1 || (tf_major == 1 && tf_minor < 10))); then
  $check || fail "docs need Terraform >= 1.10 for the ephemeral resource schemas; $TERRAFORM is $TERRAFORM_VERSION. Put a newer terraform on PATH or set TERRAFORM=/path/to/terraform."
  # The fallback CLI installed by `make terraform` is 1.8.5: check every other page, say so loudly.
  echo "WARNING: $TERRAFORM_VERSION cannot read ephemeral resource schemas: docs/ephemeral-resources/ is not checked." >&2
  diff_excludes=(-x ephemeral-resources)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/appsintoss-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The schema comes from the provider built from this tree. tfplugindocs looks the schema up under
# the provider's short name or registry.terraform.io/hashicorp/<name>, so the override is given
# for hashicorp/appsintoss: a name used only inside this temporary directory.
(cd "$ROOT" && go build -o "$work/plugins/terraform-provider-appsintoss" .)
cat >"$work/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "hashicorp/appsintoss" = "$work/plugins"
  }
  direct {}
}
EOF
mkdir -p "$work/config"
echo 'provider "appsintoss" {}' >"$work/config/main.tf"
TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
  "$TERRAFORM" -chdir="$work/config" providers schema -json >"$work/schema.json" 2>"$work/schema.err" ||
  { cat "$work/schema.err" >&2; fail "terraform providers schema failed"; }

tfplugindocs() { (cd "$ROOT" && go tool -modfile=tools/go.mod tfplugindocs "$@"); }

if ! $check; then
  tfplugindocs generate --provider-dir "$ROOT" --provider-name appsintoss \
    --rendered-provider-name "Apps in Toss" --providers-schema "$work/schema.json" >"$work/generate.log" 2>&1 ||
    { cat "$work/generate.log" >&2; fail "tfplugindocs generate failed"; }
  # validate logs every file it looks at; show its output only when it finds a problem.
  tfplugindocs validate --provider-dir "$ROOT" --provider-name appsintoss \
    --providers-schema "$work/schema.json" >"$work/validate.log" 2>&1 ||
    { grep -v '\[DEBUG\]' "$work/validate.log" >&2; fail "tfplugindocs validate found problems in docs/"; }
  echo "docs/: $(find "$ROOT/docs" -name '*.md' | wc -l) pages generated and validated"
  exit 0
fi

# --check: generate from a copy of exactly what is in the tree (templates/, examples/, docs/), so
# the working tree is left alone, then compare.
mkdir -p "$work/tree"
cp -R "$ROOT/templates" "$ROOT/examples" "$work/tree/" 2>/dev/null || true
mkdir -p "$work/tree/docs"
[[ -d "$ROOT/docs" ]] && cp -R "$ROOT/docs/." "$work/tree/docs/"
tfplugindocs generate --provider-dir "$work/tree" --provider-name appsintoss \
  --rendered-provider-name "Apps in Toss" --providers-schema "$work/schema.json" >/dev/null
if ! diff -ru "${diff_excludes[@]}" "$ROOT/docs" "$work/tree/docs" >"$work/docs.diff"; then
  cat "$work/docs.diff"
  fail "docs/ is out of date with the schema, templates/ or examples/: run \`make docs\` and commit docs/"
fi
echo "docs/ is up to date"
