package provider_test

import (
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
)

func TestMain(m *testing.M) { acctest.Main(m) }

const certificateDataSource = `
data "appsintoss_client_certificate" "this" {}
`

func providerWithFiles(certFile, keyFile, extra string) string {
	return fmt.Sprintf(`
provider "appsintoss" {
  client_certificate_file = %q
  client_key_file         = %q
  %s
}
`, certFile, keyFile, extra) + certificateDataSource
}

var activeCert = tfjsonpath.New("common_name")

// serialOf is the serial number as the data source reports it: the certificate's serial bytes in
// upper-case hex, leading zero byte digits kept (02ED…, as openssl shows it).
func serialOf(p acctest.Pair) string {
	return strings.ToUpper(hex.EncodeToString(p.Issued.Cert.SerialNumber.Bytes()))
}

func TestAccProvider_goodPairFromFiles(t *testing.T) {
	t.Parallel()
	certs := acctest.NewCertificates(t)
	pair := certs.Issue("client", pki.Options{})

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerWithFiles(pair.CertFile, pair.KeyFile, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.appsintoss_client_certificate.this", activeCert, knownvalue.StringExact("demo-app")),
				statecheck.ExpectKnownValue("data.appsintoss_client_certificate.this", tfjsonpath.New("serial_number"),
					knownvalue.StringExact(serialOf(pair))),
				statecheck.ExpectKnownValue("data.appsintoss_client_certificate.this", tfjsonpath.New("days_remaining"), knownvalue.Int64Func(func(v int64) error {
					if v < 360 || v > 366 {
						return fmt.Errorf("days_remaining %d, want about a year", v)
					}
					return nil
				})),
				statecheck.ExpectKnownValue("data.appsintoss_client_certificate.this", tfjsonpath.New("certificates"), knownvalue.ListSizeExact(1)),
			},
		}},
	})
}

func TestAccProvider_pemText(t *testing.T) {
	t.Parallel()
	certs := acctest.NewCertificates(t)
	pair := certs.Issue("client", pki.Options{KeyType: pki.RSA2048})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "appsintoss" {
  client_certificate = <<-EOT
%sEOT
  client_key = <<-EOT
%sEOT
}
`, pair.Issued.CertPEM, pair.Issued.KeyPEM) + certificateDataSource,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.appsintoss_client_certificate.this", activeCert, knownvalue.StringExact("demo-app")),
			},
		}},
	})
}

// Not parallel: it sets process environment variables, which the in-process provider reads.
func TestAccProvider_environmentVariables(t *testing.T) {
	certs := acctest.NewCertificates(t)
	pair := certs.Issue("client", pki.Options{CommonName: "env-app"})
	t.Setenv("APPSINTOSS_CLIENT_CERTIFICATE_FILE", pair.CertFile)
	t.Setenv("APPSINTOSS_CLIENT_KEY_FILE", pair.KeyFile)
	t.Setenv("APPSINTOSS_CA_CERTIFICATE_FILE", certs.WriteFile("ca.pem", certs.CA.CertPEM, 0o600))
	t.Setenv("APPSINTOSS_ENDPOINT", "https://127.0.0.1:1")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "appsintoss" {}` + certificateDataSource,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.appsintoss_client_certificate.this", activeCert, knownvalue.StringExact("env-app")),
			},
		}},
	})
}

func TestAccProvider_keyThatDoesNotMatchTheCertificate(t *testing.T) {
	t.Parallel()
	certs := acctest.NewCertificates(t)
	pair := certs.Issue("client", pki.Options{})
	other := certs.Issue("other", pki.Options{})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerWithFiles(pair.CertFile, other.KeyFile, ""),
			ExpectError: regexp.MustCompile(`(?s)Invalid client key.*private key does not match\s+the\s+certificate.*key\s+from\s+client_key_file`),
		}},
	})
}

func TestAccProvider_onlyExpiredCertificates(t *testing.T) {
	t.Parallel()
	certs := acctest.NewCertificates(t)
	expired := certs.Issue("client", pki.Options{NotBefore: time.Now().AddDate(-2, 0, 0), NotAfter: time.Now().AddDate(-1, 0, 0)})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerWithFiles(expired.CertFile, expired.KeyFile, ""),
			ExpectError: regexp.MustCompile(`(?s)No currently valid client certificate.*client_certificate.*expired\s+on\s+` + expired.Issued.Cert.NotAfter.UTC().Format("2006")),
		}},
	})
}

func TestAccProvider_missingCertificateNamesTheEnvironmentVariable(t *testing.T) {
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `provider "appsintoss" {}` + certificateDataSource,
			ExpectError: regexp.MustCompile(`(?s)Missing client certificate.*APPSINTOSS_CLIENT_CERTIFICATE_FILE`),
		}},
	})
}

func TestAccProvider_expiringSoonStillWorks(t *testing.T) {
	t.Parallel()
	certs := acctest.NewCertificates(t)
	soon := certs.Issue("client", pki.Options{NotBefore: time.Now().AddDate(0, -11, 0), NotAfter: time.Now().Add(5*24*time.Hour + time.Hour)})

	// The warning's wording is checked in TestConfigureWarnsAboutCertificatesThatExpireSoon; the
	// CLI run proves a warning does not stop the plan.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerWithFiles(soon.CertFile, soon.KeyFile, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.appsintoss_client_certificate.this", tfjsonpath.New("days_remaining"), knownvalue.Int64Exact(5)),
			},
		}},
	})
}

func TestAccProvider_rotationPresentsTheNewestValidPair(t *testing.T) {
	t.Parallel()
	certs := acctest.NewCertificates(t)
	old := certs.Issue("old", pki.Options{NotBefore: time.Now().AddDate(0, -11, 0), NotAfter: time.Now().AddDate(0, 1, 0)})
	renewed := certs.Issue("renewed", pki.Options{NotAfter: time.Now().AddDate(1, 0, 0)})
	expired := certs.Issue("expired", pki.Options{NotBefore: time.Now().AddDate(-2, 0, 0), NotAfter: time.Now().AddDate(-1, 0, 0)})

	extra := fmt.Sprintf(`additional_client_certificates = [
    { certificate_file = %q, key_file = %q },
    { certificate_file = %q, key_file = %q },
  ]`, renewed.CertFile, renewed.KeyFile, expired.CertFile, expired.KeyFile)
	ds := "data.appsintoss_client_certificate.this"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerWithFiles(old.CertFile, old.KeyFile, extra),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("serial_number"),
					knownvalue.StringExact(serialOf(renewed))),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("certificates"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"source": knownvalue.StringExact("client_certificate"), "active": knownvalue.Bool(false), "currently_valid": knownvalue.Bool(true)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"source": knownvalue.StringExact("additional_client_certificates[0]"), "active": knownvalue.Bool(true)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"source": knownvalue.StringExact("additional_client_certificates[1]"), "currently_valid": knownvalue.Bool(false)}),
				})),
			},
		}},
	})
}

// One provider block is one mini-app: a pair of another app (same CA, other CN) is a plan-time
// error, before it could become the active pair and make every resource read as 404.
func TestAccProvider_certificateOfAnotherMiniAppIsAPlanError(t *testing.T) {
	t.Parallel()
	certs := acctest.NewCertificates(t)
	pair := certs.Issue("client", pki.Options{})
	other := certs.Issue("other", pki.Options{CommonName: "other-app", NotAfter: time.Now().AddDate(2, 0, 0)})
	extra := fmt.Sprintf(`additional_client_certificates = [{ certificate_file = %q, key_file = %q }]`, other.CertFile, other.KeyFile)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerWithFiles(pair.CertFile, pair.KeyFile, extra),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Certificates of different mini-apps.*"other-app".*"demo-app".*alias`),
		}},
	})
}

func TestAccProvider_bothFormsOfTheCertificate(t *testing.T) {
	t.Parallel()
	certs := acctest.NewCertificates(t)
	pair := certs.Issue("client", pki.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerWithFiles(pair.CertFile, pair.KeyFile, fmt.Sprintf("client_certificate = %q", string(pair.Issued.CertPEM))),
			ExpectError: regexp.MustCompile(`(?s)client_certificate_file.*cannot be specified when.*client_certificate`),
		}},
	})
}

func TestAccProvider_unreadableKeyFile(t *testing.T) {
	t.Parallel()
	certs := acctest.NewCertificates(t)
	pair := certs.Issue("client", pki.Options{})
	missing := pair.KeyFile + ".missing"
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("fixture exists")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerWithFiles(pair.CertFile, missing, ""),
			ExpectError: regexp.MustCompile(`(?s)Unreadable client key file.*no such file`),
		}},
	})
}
