# Terraform 1.10 or later. A fresh Toss-login access token for the test account, never written
# to the plan or the state. Pass the refresh token from an ephemeral source (here an ephemeral
# variable, e.g. TF_VAR_test_account_refresh_token in CI). Authorization codes are not accepted:
# they are single use, and Terraform opens the session more than once per run.
variable "test_account_refresh_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

ephemeral "appsintoss_login_session" "test_account" {
  refresh_token = var.test_account_refresh_token
}

# Ephemeral values can feed provider blocks, other ephemeral resources, write-only arguments
# and locals, e.g. the header a smoke-test provider sends:
locals {
  toss_login_headers = {
    Authorization = "Bearer ${ephemeral.appsintoss_login_session.test_account.access_token}"
  }
}
