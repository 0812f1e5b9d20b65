# A CI smoke check of the Toss-login integration with a test account. The refresh token is
# renewed into an access token on every read (refresh tokens live 14 days); it is kept in
# state, marked sensitive. Without login_decryption_key/aad on the provider, no personal field
# is read into state.
variable "test_account_refresh_token" {
  type      = string
  sensitive = true
}

data "appsintoss_login_user" "test_account" {
  refresh_token = var.test_account_refresh_token
}

check "toss_login" {
  assert {
    condition     = contains(data.appsintoss_login_user.test_account.scope, "user_key")
    error_message = "The test account's login no longer grants the user_key scope."
  }
}

output "test_account_user_key" {
  value = data.appsintoss_login_user.test_account.user_key
}
