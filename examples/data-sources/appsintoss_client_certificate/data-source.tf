# The certificate the provider presents, read from its configuration (no network call).
data "appsintoss_client_certificate" "this" {}

# Fail the run well before the console-issued certificate expires.
check "client_certificate_expiry" {
  assert {
    condition     = data.appsintoss_client_certificate.this.days_remaining > 30
    error_message = "The Apps in Toss mTLS certificate of ${data.appsintoss_client_certificate.this.common_name} expires on ${data.appsintoss_client_certificate.this.not_after}: issue a new one in the console."
  }
}
