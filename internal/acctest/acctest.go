// Package acctest is what every acceptance test of the provider shares: provider factories for
// terraform-plugin-testing, a hermetic Terraform CLI environment, and small intent-named helpers
// for certificates and provider blocks.
package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/provider"
)

// ProtoV6ProviderFactories serves the provider in-process to the Terraform CLI under test.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"appsintoss": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// Main runs an acceptance test package with a hermetic Terraform CLI configuration: build
// machines point TF_CLI_CONFIG_FILE at a file that does not exist, and a developer's own
// ~/.terraformrc (dev_overrides, mirrors) must not change what the tests see.
func Main(m *testing.M) {
	dir, err := useHermeticCLIConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, "acctest:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// useHermeticCLIConfig points TF_CLI_CONFIG_FILE at a new, empty CLI configuration (in the
// returned directory) and keeps the plugin cache out of the developer's home.
func useHermeticCLIConfig() (dir string, err error) {
	dir, err = os.MkdirTemp("", "appsintoss-acctest-")
	if err != nil {
		return "", err
	}
	cliConfig := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cliConfig, []byte("# empty: acceptance tests use no CLI settings\n"), 0o600); err != nil {
		return "", err
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	os.Unsetenv("TF_PLUGIN_CACHE_DIR")
	return dir, nil
}

// PreCheck fails fast with a useful message when the Terraform CLI cannot be found.
func PreCheck(t *testing.T) {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH=%s: %v", p, err)
		}
	}
}

// Certificates is a CA with helpers that write PEM files into a test's temporary directory.
type Certificates struct {
	t   *testing.T
	CA  *pki.Authority
	Dir string
}

// NewCertificates makes a fresh CA for one test.
func NewCertificates(t *testing.T) *Certificates {
	t.Helper()
	ca, err := pki.NewAuthority("acctest CA")
	if err != nil {
		t.Fatal(err)
	}
	return &Certificates{t: t, CA: ca, Dir: t.TempDir()}
}

// Pair is a certificate and key written to files.
type Pair struct {
	Issued   *pki.Issued
	CertFile string
	KeyFile  string
}

// Issue signs a client certificate with opts and writes it as name.pem / name-key.pem (0600).
func (c *Certificates) Issue(name string, opts pki.Options) Pair {
	c.t.Helper()
	if opts.CommonName == "" {
		opts.CommonName = "demo-app"
	}
	opts.Client = true
	issued, err := c.CA.Issue(opts)
	if err != nil {
		c.t.Fatal(err)
	}
	p := Pair{Issued: issued, CertFile: filepath.Join(c.Dir, name+".pem"), KeyFile: filepath.Join(c.Dir, name+"-key.pem")}
	if err := os.WriteFile(p.CertFile, issued.CertPEM, 0o600); err != nil {
		c.t.Fatal(err)
	}
	if err := os.WriteFile(p.KeyFile, issued.KeyPEM, 0o600); err != nil {
		c.t.Fatal(err)
	}
	return p
}

// WriteFile writes content into the test directory and returns its path.
func (c *Certificates) WriteFile(name string, content []byte, mode os.FileMode) string {
	c.t.Helper()
	p := filepath.Join(c.Dir, name)
	if err := os.WriteFile(p, content, mode); err != nil {
		c.t.Fatal(err)
	}
	return p
}
