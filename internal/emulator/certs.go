package emulator

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
)

// The files `appsintoss-emulator certs` writes into its output directory.
const (
	CAFile           = "ca.pem"
	CAKeyFile        = "ca-key.pem"
	ServerCertFile   = "server.pem"
	ServerKeyFile    = "server-key.pem"
	ClientCertFile   = "client.pem"
	ClientKeyFile    = "client-key.pem"
	Client2CertFile  = "client2.pem"
	Client2KeyFile   = "client2-key.pem"
	OtherAppCertFile = "other-app.pem"
	OtherAppKeyFile  = "other-app-key.pem"
	LoginSecretsFile = "login-secrets.json"
)

// The production API hosts (reference §1.1). With CertOptions.ProductionNames the server
// certificate also carries them, so a partner server can keep its production URLs and only map
// the names to the emulator.
const (
	ProductionAPIHost = "apps-in-toss-api.toss.im"
	ProductionPayHost = "pay-apps-in-toss-api.toss.im"
)

// DefaultAppName is the mini-app of client.pem when no --app is given; OtherAppName is the CN of
// other-app.pem, the second app that proves isolation.
const (
	DefaultAppName = "demo-app"
	OtherAppName   = "other-app"
)

// LoginSecret is what the console e-mails after the Toss-login settings are done (reference §2.5):
// the AES-256-GCM key (Base64 of 32 bytes) and the AAD string.
type LoginSecret struct {
	DecryptionKey string `json:"decryptionKey"`
	AAD           string `json:"aad"`
}

// CertOptions shape what WriteCertsWith writes.
type CertOptions struct {
	// App is the mini-app of client.pem and client2.pem (default DefaultAppName).
	App string
	// ProductionNames adds ProductionAPIHost and ProductionPayHost to the server certificate.
	// Such a CA can impersonate Toss to whatever trusts it: trust it only in the process under
	// test, never system-wide, and keep ca-key.pem out of reach.
	ProductionNames bool
}

// WriteCerts is WriteCertsWith for appName and loopback names only.
func WriteCerts(dir, appName string) error {
	return WriteCertsWith(dir, CertOptions{App: appName})
}

// WriteCertsWith creates dir if needed and writes a CA, a server certificate (loopback, plus the
// production host names when asked), two client pairs for the app (rotation), one pair for
// OtherAppName (isolation), and the login secrets of both apps. An existing CA in dir is reused,
// so clients that already trust it keep working, and existing login secrets are kept. Private
// keys and secrets are written with mode 0600.
func WriteCertsWith(dir string, opts CertOptions) error {
	appName := opts.App
	if appName == "" {
		appName = DefaultAppName
	}
	if appName == OtherAppName {
		return fmt.Errorf("the app name %q is reserved for the isolation certificate; choose another", OtherAppName)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	ca, err := loadOrCreateAuthority(dir)
	if err != nil {
		return err
	}
	server, err := issueServer(ca, opts.ProductionNames)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		CAFile: ca.CertPEM, CAKeyFile: ca.KeyPEM,
		ServerCertFile: server.CertPEM, ServerKeyFile: server.KeyPEM,
	}
	pairs := []struct{ app, certFile, keyFile string }{
		{appName, ClientCertFile, ClientKeyFile},
		{appName, Client2CertFile, Client2KeyFile},
		{OtherAppName, OtherAppCertFile, OtherAppKeyFile},
	}
	for _, p := range pairs {
		issued, err := ca.IssueClient(p.app)
		if err != nil {
			return err
		}
		files[p.certFile], files[p.keyFile] = issued.CertPEM, issued.KeyPEM
	}
	for name, data := range files {
		if err := writeFileMode(filepath.Join(dir, name), data, fileModeFor(name)); err != nil {
			return err
		}
	}
	return writeLoginSecrets(dir, appName, OtherAppName)
}

// issueServer signs the server certificate: the loopback names the emulator listens on, and the
// production host names when asked.
func issueServer(ca *pki.Authority, productionNames bool) (*pki.Issued, error) {
	if !productionNames {
		return ca.IssueServer()
	}
	return ca.Issue(pki.Options{
		CommonName:  "localhost",
		DNSNames:    []string{"localhost", ProductionAPIHost, ProductionPayHost},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		Server:      true,
	})
}

// loadOrCreateAuthority reuses ca.pem/ca-key.pem when both exist.
func loadOrCreateAuthority(dir string) (*pki.Authority, error) {
	certPEM, certErr := os.ReadFile(filepath.Join(dir, CAFile))
	keyPEM, keyErr := os.ReadFile(filepath.Join(dir, CAKeyFile))
	if certErr == nil && keyErr == nil {
		ca, err := pki.LoadAuthority(certPEM, keyPEM)
		if err != nil {
			return nil, fmt.Errorf("reusing the CA in %s: %w", dir, err)
		}
		return ca, nil
	}
	return pki.NewAuthority("appsintoss emulator CA")
}

func writeLoginSecrets(dir string, apps ...string) error {
	secrets, err := ReadLoginSecrets(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if secrets == nil {
		secrets = map[string]LoginSecret{}
	}
	for _, app := range apps {
		if _, ok := secrets[app]; !ok {
			secrets[app] = newLoginSecret(app)
		}
	}
	data, err := json.MarshalIndent(secrets, "", "  ")
	if err != nil {
		return err
	}
	return writeFileMode(filepath.Join(dir, LoginSecretsFile), append(data, '\n'), 0o600)
}

// newLoginSecret makes a fresh 32-byte key and an AAD string, as the console e-mail would.
func newLoginSecret(app string) LoginSecret {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	salt := make([]byte, 8)
	_, _ = rand.Read(salt)
	return LoginSecret{
		DecryptionKey: base64.StdEncoding.EncodeToString(key),
		AAD:           "appsintoss-" + app + "-" + hex.EncodeToString(salt),
	}
}

// ReadLoginSecrets reads login-secrets.json from a certificate directory.
func ReadLoginSecrets(dir string) (map[string]LoginSecret, error) {
	data, err := os.ReadFile(filepath.Join(dir, LoginSecretsFile))
	if err != nil {
		return nil, err
	}
	var secrets map[string]LoginSecret
	if err := json.Unmarshal(data, &secrets); err != nil {
		return nil, fmt.Errorf("%s: %w", LoginSecretsFile, err)
	}
	for app, s := range secrets {
		if _, err := decodeLoginKey(s.DecryptionKey); err != nil {
			return nil, fmt.Errorf("%s: app %q: %w", LoginSecretsFile, app, err)
		}
	}
	return secrets, nil
}

func decodeLoginKey(b64 string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("decryptionKey is not Base64")
	}
	if len(key) != 32 {
		return nil, fmt.Errorf("decryptionKey is %d bytes, want 32 (AES-256)", len(key))
	}
	return key, nil
}

// Certs is what the server needs from a certificate directory.
type Certs struct {
	Server       tls.Certificate
	ClientCAs    *x509.CertPool
	DefaultApp   string // CN of client.pem: the app seeds belong to unless they say otherwise
	LoginSecrets map[string]LoginSecret
}

// LoadCerts reads what WriteCerts wrote (ca-key.pem and the client keys are not needed).
func LoadCerts(dir string) (*Certs, error) {
	server, err := tls.LoadX509KeyPair(filepath.Join(dir, ServerCertFile), filepath.Join(dir, ServerKeyFile))
	if err != nil {
		return nil, fmt.Errorf("server certificate: %w", err)
	}
	caPEM, err := os.ReadFile(filepath.Join(dir, CAFile))
	if err != nil {
		return nil, fmt.Errorf("CA certificate: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("%s holds no PEM certificate", CAFile)
	}
	secrets, err := ReadLoginSecrets(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if secrets == nil {
		secrets = map[string]LoginSecret{}
	}
	return &Certs{Server: server, ClientCAs: pool, DefaultApp: commonNameOf(filepath.Join(dir, ClientCertFile)),
		LoginSecrets: secrets}, nil
}

// commonNameOf returns the CN of a PEM certificate file, or DefaultAppName when it cannot be read.
func commonNameOf(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return DefaultAppName
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return DefaultAppName
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil || cert.Subject.CommonName == "" {
		return DefaultAppName
	}
	return cert.Subject.CommonName
}

func fileModeFor(name string) os.FileMode {
	switch name {
	case CAKeyFile, ServerKeyFile, ClientKeyFile, Client2KeyFile, OtherAppKeyFile:
		return 0o600
	}
	return 0o644
}

// writeFileMode writes atomically-enough for local material and enforces the mode even when the
// file already existed with a looser one.
func writeFileMode(path string, data []byte, mode os.FileMode) error {
	if err := os.WriteFile(path, data, mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(path, mode); err != nil {
		return fmt.Errorf("chmod %s: %w", path, err)
	}
	return nil
}
