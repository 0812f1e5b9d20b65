# PEM text straight from a secret store. An ephemeral resource (Terraform 1.10 and later) keeps the
# private key out of the plan and the state; here, HashiCorp Vault's KV v2 engine.
ephemeral "vault_kv_secret_v2" "appsintoss" {
  mount = "secret"
  name  = "apps-in-toss/my-mini-app"
}

provider "appsintoss" {
  client_certificate = ephemeral.vault_kv_secret_v2.appsintoss.data["certificate"]
  client_key         = ephemeral.vault_kv_secret_v2.appsintoss.data["private_key"]
}
