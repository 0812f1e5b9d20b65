# Everything can come from the environment instead, which suits CI secrets. An attribute set in the
# provider block wins over its environment variable.
export APPSINTOSS_CLIENT_CERTIFICATE_FILE=/run/secrets/appsintoss/client.pem
export APPSINTOSS_CLIENT_KEY_FILE=/run/secrets/appsintoss/client-key.pem
# ...or the PEM text itself:
#   export APPSINTOSS_CLIENT_CERTIFICATE="$(cat client.pem)"
#   export APPSINTOSS_CLIENT_KEY="$(cat client-key.pem)"
# Optional: decryption of login personal fields, as the console e-mails them.
export APPSINTOSS_LOGIN_DECRYPTION_KEY='<Base64 AES-256 key>'
export APPSINTOSS_LOGIN_DECRYPTION_AAD='<AAD>'
# Optional: another host, e.g. a gateway in front of the console, with its own CA.
#   export APPSINTOSS_ENDPOINT=https://apps-in-toss-gateway.internal.example
#   export APPSINTOSS_CA_CERTIFICATE_FILE=/etc/ssl/internal-ca.pem
# Optional: the catalog through the official console gateway (setting any of the first three
# chooses it). In CI, store the credentials file `appsintoss login` wrote as a secret: its JSON
# text, or base64 of it.
#   export APPSINTOSS_CONSOLE_CREDENTIALS="$(base64 < ~/.config/appsintoss/console-credentials.json)"
#   export APPSINTOSS_CONSOLE_CREDENTIALS_FILE=/run/secrets/appsintoss/console-credentials.json
#   export APPSINTOSS_CONSOLE_URL=https://mcp.toss.im/adapters/apps-in-toss-console/mcp
#   export APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE=/etc/ssl/internal-ca.pem
terraform plan
