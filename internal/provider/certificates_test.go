package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
)

// pairsOfOneCA issues client certificates with the given CNs from one CA (as the console does for
// every mini-app of a workspace) and writes them to files: cert, key, cert, key, ...
func pairsOfOneCA(t *testing.T, commonNames ...string) []string {
	t.Helper()
	ca, err := pki.NewAuthority("one CA")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []string
	for i, cn := range commonNames {
		issued, err := ca.Issue(pki.Options{CommonName: cn, Client: true})
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%d-%s", i, cn)
		certFile, keyFile := filepath.Join(dir, name+".pem"), filepath.Join(dir, name+"-key.pem")
		if err := os.WriteFile(certFile, issued.CertPEM, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(keyFile, issued.KeyPEM, 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, certFile, keyFile)
	}
	return files
}

func additionalPairs(files ...string) tftypes.Value {
	elemType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"certificate": tftypes.String, "certificate_file": tftypes.String, "key": tftypes.String, "key_file": tftypes.String}}
	var elems []tftypes.Value
	for i := 0; i+1 < len(files); i += 2 {
		elems = append(elems, tftypes.NewValue(elemType, map[string]tftypes.Value{
			"certificate": tftypes.NewValue(tftypes.String, nil), "certificate_file": str(files[i]),
			"key": tftypes.NewValue(tftypes.String, nil), "key_file": str(files[i+1]),
		}))
	}
	return tftypes.NewValue(tftypes.List{ElementType: elemType}, elems)
}

// The server knows the mini-app by the certificate's CN: a pair of another app in the same block
// would become the active pair and turn every read into a 404.
func TestConfigureRejectsACertificateOfAnotherMiniApp(t *testing.T) {
	files := pairsOfOneCA(t, "demo-app", "demo-app", "other-app")
	_, diags := configure(t, map[string]tftypes.Value{
		"client_certificate_file":        str(files[0]),
		"client_key_file":                str(files[1]),
		"additional_client_certificates": additionalPairs(files[2], files[3], files[4], files[5]),
	})
	if diags.ErrorsCount() != 1 {
		t.Fatalf("want one error, got %v", diags)
	}
	err := diags.Errors()[0]
	wantAt := path.Root("additional_client_certificates").AtListIndex(1).AtName("certificate_file")
	if withPath, ok := err.(diag.DiagnosticWithPath); !ok || !withPath.Path().Equal(wantAt) {
		t.Errorf("error is not at %s: %v", wantAt, err)
	}
	for _, want := range []string{`"other-app"`, `"demo-app"`, "additional_client_certificates[1]", "One provider block is one mini-app", "alias"} {
		if !strings.Contains(err.Detail(), want) {
			t.Errorf("error detail does not say %q: %s", want, err.Detail())
		}
	}
}

func TestConfigureAcceptsSeveralCertificatesOfOneMiniApp(t *testing.T) {
	files := pairsOfOneCA(t, "demo-app", "demo-app")
	_, diags := configure(t, map[string]tftypes.Value{
		"client_certificate_file": str(files[0]), "client_key_file": str(files[1]),
		"additional_client_certificates": additionalPairs(files[2], files[3]),
	})
	if diags.HasError() {
		t.Fatalf("two pairs of one mini-app must be accepted: %v", diags)
	}
}

// A key that does not match its certificate names where each value came from, as the file errors
// do: the attribute, or the environment variable (not parallel: it sets environment variables).
func TestCertificateErrorsNameWhereTheValueCameFrom(t *testing.T) {
	files := pairsOfOneCA(t, "demo-app", "demo-app")
	otherKey, err := os.ReadFile(files[3])
	if err != nil {
		t.Fatal(err)
	}

	_, diags := configure(t, map[string]tftypes.Value{"client_certificate_file": str(files[0]), "client_key_file": str(files[3])})
	expectMismatchNaming(t, diags, `client_certificate_file (file "`+files[0]+`")`, `client_key_file (file "`+files[3]+`")`)

	_, diags = configure(t, map[string]tftypes.Value{"client_certificate_file": str(files[0]), "client_key_file": str(files[1]),
		"additional_client_certificates": additionalPairs(files[2], files[1])})
	expectMismatchNaming(t, diags, "additional_client_certificates[0].certificate_file", "additional_client_certificates[0].key_file")

	t.Setenv("APPSINTOSS_CLIENT_CERTIFICATE_FILE", files[0])
	t.Setenv("APPSINTOSS_CLIENT_KEY", string(otherKey))
	_, diags = configure(t, nil)
	expectMismatchNaming(t, diags, "the environment variable APPSINTOSS_CLIENT_CERTIFICATE_FILE", "the environment variable APPSINTOSS_CLIENT_KEY (PEM text)")
}

func expectMismatchNaming(t *testing.T, diags diag.Diagnostics, certOrigin, keyOrigin string) {
	t.Helper()
	for _, d := range diags.Errors() {
		if d.Summary() == "Invalid client key" && strings.Contains(d.Detail(), "does not match") {
			for _, want := range []string{"certificate was read from " + certOrigin, "key from " + keyOrigin} {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("the key-mismatch error does not say %q:\n%s", want, d.Detail())
				}
			}
			if strings.Contains(d.Detail(), "PRIVATE KEY") {
				t.Errorf("the error echoes key material:\n%s", d.Detail())
			}
			return
		}
	}
	t.Errorf("no key-mismatch error in %v", diags)
}
