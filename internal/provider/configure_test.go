package provider

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/resources"
)

// configure runs the provider's Configure on a configuration given as attribute values; every
// attribute left out is null, as Terraform sends it.
func configure(t *testing.T, attrs map[string]tftypes.Value) (*provider.ConfigureResponse, diag.Diagnostics) {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	objType := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		if v, ok := attrs[name]; ok {
			values[name] = v
		} else {
			values[name] = tftypes.NewValue(typ, nil)
		}
	}
	req := provider.ConfigureRequest{
		TerraformVersion: "1.11.4",
		Config:           tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(objType, values)},
	}
	var resp provider.ConfigureResponse
	p.Configure(ctx, req, &resp)
	return &resp, resp.Diagnostics
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func writePair(t *testing.T, opts pki.Options, keyMode os.FileMode) (certFile, keyFile string, issued *pki.Issued) {
	t.Helper()
	ca, err := pki.NewAuthority("ca")
	if err != nil {
		t.Fatal(err)
	}
	if opts.CommonName == "" {
		opts.CommonName = "demo-app"
	}
	opts.Client = true
	issued, err = ca.Issue(opts)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "client.pem"), filepath.Join(dir, "client-key.pem")
	if err := os.WriteFile(certFile, issued.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, issued.KeyPEM, keyMode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(keyFile, keyMode); err != nil { // umask must not soften the fixture
		t.Fatal(err)
	}
	return certFile, keyFile, issued
}

func TestConfigureBuildsOneClientForEveryKindOfData(t *testing.T) {
	certFile, keyFile, _ := writePair(t, pki.Options{}, 0o600)
	resp, diags := configure(t, map[string]tftypes.Value{"client_certificate_file": str(certFile), "client_key_file": str(keyFile)})
	if diags.HasError() || len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	data, ok := resp.ResourceData.(*resources.ProviderData)
	if !ok || resp.DataSourceData != data || resp.EphemeralResourceData != data {
		t.Fatalf("want the same *resources.ProviderData for resources, data sources and ephemeral resources; got %T %T %T",
			resp.ResourceData, resp.DataSourceData, resp.EphemeralResourceData)
	}
	// Without a console, the catalog contract rides the same client as the runtime API.
	if data.Client == nil || data.Catalog != client.Catalog(data.Client) || data.AppName != "demo-app" {
		t.Errorf("want one client serving runtime and catalog for demo-app, got %+v", data)
	}
}

func TestConfigureWarnsAboutCertificatesThatExpireSoon(t *testing.T) {
	notAfter := time.Now().Add(10*24*time.Hour + time.Hour)
	certFile, keyFile, issued := writePair(t, pki.Options{CommonName: "soon-app", NotAfter: notAfter}, 0o600)

	_, diags := configure(t, map[string]tftypes.Value{"client_certificate_file": str(certFile), "client_key_file": str(keyFile)})
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("want exactly one warning, got %v", diags)
	}
	w := diags.Warnings()[0]
	if w.Summary() != "Client certificate expires soon" ||
		!strings.Contains(w.Detail(), "CN=soon-app") ||
		!strings.Contains(w.Detail(), issued.Cert.NotAfter.UTC().Format(time.DateOnly)) ||
		!strings.Contains(w.Detail(), "in 10 days") {
		t.Errorf("warning does not name subject, date and days: %s / %s", w.Summary(), w.Detail())
	}

	_, diags = configure(t, map[string]tftypes.Value{"client_certificate_file": str(certFile), "client_key_file": str(keyFile),
		"certificate_expiry_warning_days": tftypes.NewValue(tftypes.Number, 0)})
	if diags.WarningsCount() != 0 {
		t.Errorf("certificate_expiry_warning_days = 0 must disable the warning, got %v", diags)
	}
}

func TestConfigureWarnsAboutAKeyFileOthersCanRead(t *testing.T) {
	certFile, keyFile, _ := writePair(t, pki.Options{}, 0o644)
	_, diags := configure(t, map[string]tftypes.Value{"client_certificate_file": str(certFile), "client_key_file": str(keyFile)})
	if diags.HasError() || diags.WarningsCount() != 1 || !strings.Contains(diags.Warnings()[0].Detail(), "chmod 600") {
		t.Fatalf("want one permissions warning, got %v", diags)
	}
}

func TestConfigureRejectsUnknownValues(t *testing.T) {
	_, diags := configure(t, map[string]tftypes.Value{"client_certificate": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)})
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), "not known until apply") {
		t.Fatalf("want an unknown-value error, got %v", diags)
	}
}

func TestConfigureNeverEchoesKeyMaterial(t *testing.T) {
	_, keyFile, issued := writePair(t, pki.Options{}, 0o600)
	_, otherKeyFile, _ := writePair(t, pki.Options{}, 0o600)
	keyText, _ := os.ReadFile(otherKeyFile)
	for name, attrs := range map[string]map[string]tftypes.Value{
		"mismatch":       {"client_certificate": str(string(issued.CertPEM)), "client_key": str(string(keyText))},
		"key as cert":    {"client_certificate": str(string(keyText)), "client_key_file": str(keyFile)},
		"decryption key": {"client_certificate": str(string(issued.CertPEM)), "client_key_file": str(keyFile), "login_decryption_key": str("c2VjcmV0LWJ1dC1zaG9ydA=="), "login_decryption_aad": str("TOSS")},
	} {
		_, diags := configure(t, attrs)
		if !diags.HasError() {
			t.Errorf("%s: want an error", name)
		}
		for _, d := range diags {
			text := d.Summary() + d.Detail()
			if strings.Contains(text, "PRIVATE KEY") || strings.Contains(text, "c2VjcmV0") || strings.Contains(text, string(keyText[40:80])) {
				t.Errorf("%s: diagnostic echoes secret material: %s", name, text)
			}
		}
	}
}

// max_retry_wait and read_timeout reach the client: a server asking for a longer wait than
// either allows ends the call at once with an error that says which setting, instead of a sleep.
func TestConfigurePassesTheWaitLimitsToTheClient(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"resultType":"FAIL","error":{"errorCode":"4095","reason":"slow down","data":{"retryAfterSeconds":20}}}`))
	}))
	t.Cleanup(srv.Close)
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	files := pairsOfOneCA(t, "demo-app")

	for settings, want := range map[[2]string]string{ // max_retry_wait, read_timeout → what stops the wait
		{"5s", "1h"}:  "max_retry_wait (5s)",
		{"1h", "10s"}: "read_timeout (10s)",
	} {
		resp, diags := configure(t, map[string]tftypes.Value{
			"endpoint": str(srv.URL), "ca_certificate": str(caPEM),
			"client_certificate_file": str(files[0]), "client_key_file": str(files[1]),
			"max_retry_wait": str(settings[0]), "read_timeout": str(settings[1]),
		})
		if diags.HasError() {
			t.Fatal(diags)
		}
		c := resp.ResourceData.(*resources.ProviderData).Client
		err := c.Do(context.Background(), client.Call{Method: http.MethodGet, Path: "/x"}, nil)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "wait 20 seconds") {
			t.Errorf("max_retry_wait %s, read_timeout %s: want an error naming %s and quoting 20, got %v", settings[0], settings[1], want, err)
		}
	}
}
