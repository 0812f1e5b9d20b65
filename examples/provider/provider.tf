# The certificate and key issued in the Apps in Toss console (mTLS 인증서 → 발급받기), as files that a
# secret store agent or the CI system writes at run time. The endpoints default to the real service.
provider "appsintoss" {
  client_certificate_file = "/run/secrets/appsintoss/client.pem"
  client_key_file         = "/run/secrets/appsintoss/client-key.pem"

  # Only for the login data sources, and only if you want personal fields decrypted: the key and
  # AAD the console e-mails (이메일로 복호화 키 받기). Prefer the environment variables
  # APPSINTOSS_LOGIN_DECRYPTION_KEY and APPSINTOSS_LOGIN_DECRYPTION_AAD.
  # login_decryption_key = var.login_decryption_key
  # login_decryption_aad = var.login_decryption_aad
}
