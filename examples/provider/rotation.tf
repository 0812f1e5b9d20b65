# Rotation without downtime. The console allows several live certificates: issue the new one,
# add it here next to the old one and apply. The provider presents the valid pair that expires
# last and falls back to the other if the server refuses it during the handshake. Once every
# pipeline has the new pair, promote it to client_certificate_file and revoke the old one.
provider "appsintoss" {
  client_certificate_file = "/run/secrets/appsintoss/2025/client.pem"
  client_key_file         = "/run/secrets/appsintoss/2025/client-key.pem"

  additional_client_certificates = [
    {
      certificate_file = "/run/secrets/appsintoss/2026/client.pem"
      key_file         = "/run/secrets/appsintoss/2026/client-key.pem"
    },
  ]

  # Plan warns when a configured certificate expires within this many days (default 30).
  certificate_expiry_warning_days = 45
}

# Fail the plan's checks, visibly, well before the certificate in use runs out.
data "appsintoss_client_certificate" "current" {}

check "client_certificate_not_expiring" {
  assert {
    condition     = data.appsintoss_client_certificate.current.days_remaining > 14
    error_message = "The Apps in Toss client certificate ${data.appsintoss_client_certificate.current.common_name} expires on ${data.appsintoss_client_certificate.current.not_after}: issue a new one in the console and add it to additional_client_certificates."
  }
}
