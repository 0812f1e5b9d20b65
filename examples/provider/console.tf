# A real Apps in Toss account: the runtime (login, Toss Pay, IAP orders) over mTLS with the
# console's certificate, and the catalog (push templates, promotions, IAP products) through the
# official console gateway, signed in once with `appsintoss login`. Every setting of `console` has
# a default: the official gateway, the credentials file `appsintoss login` writes, and the
# mini-app named by the certificate's common name.
provider "appsintoss" {
  client_certificate_file = "/run/secrets/appsintoss/client.pem"
  client_key_file         = "/run/secrets/appsintoss/client-key.pem"

  console = {}
}
