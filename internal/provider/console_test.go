package provider

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/pki"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/resources"
)

// consoleAttrTypes is the `console` object's type, as Terraform sends it.
var consoleAttrTypes = map[string]tftypes.Type{"url": tftypes.String, "credentials_file": tftypes.String,
	"ca_certificate_file": tftypes.String, "workspace_id": tftypes.String, "mini_app_id": tftypes.String}

// consoleValue is a `console` attribute with the given settings, the others null.
func consoleValue(settings map[string]tftypes.Value) tftypes.Value {
	values := map[string]tftypes.Value{}
	for name, typ := range consoleAttrTypes {
		if v, ok := settings[name]; ok {
			values[name] = v
		} else {
			values[name] = tftypes.NewValue(typ, nil)
		}
	}
	return tftypes.NewValue(tftypes.Object{AttributeTypes: consoleAttrTypes}, values)
}

// emulatorAttrs is a provider configuration for inst's mTLS API.
func emulatorAttrs(inst *emulatortest.Instance) map[string]tftypes.Value {
	return map[string]tftypes.Value{"endpoint": str(inst.URL), "pay_endpoint": str(inst.URL),
		"ca_certificate_file": str(inst.CAFile), "client_certificate_file": str(inst.ClientCertFile),
		"client_key_file": str(inst.ClientKeyFile), "max_retries": tftypes.NewValue(tftypes.Number, 1)}
}

// writeConsoleCredentials writes the emulator's token set to a 0600 file.
func writeConsoleCredentials(t *testing.T, inst *emulatortest.Instance) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "console-credentials.json")
	if err := os.WriteFile(file, inst.ConsoleCredentials(t), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// errorAt returns the one error diagnostic, failing unless it is at want.
func errorAt(t *testing.T, diags diag.Diagnostics, want path.Path) diag.Diagnostic {
	t.Helper()
	if diags.ErrorsCount() != 1 {
		t.Fatalf("want one error, got %v", diags)
	}
	d := diags.Errors()[0]
	withPath, ok := d.(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(want) {
		t.Fatalf("the error is not at %s: %s: %s", want, d.Summary(), d.Detail())
	}
	return d
}

func TestConfigureTakesTheConsoleRoadWhenTheAttributeIsSet(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.Config{})
	attrs := emulatorAttrs(inst)
	attrs["console"] = consoleValue(map[string]tftypes.Value{"url": str(inst.ConsoleURL),
		"credentials_file": str(writeConsoleCredentials(t, inst)), "ca_certificate_file": str(inst.CAFile)})

	resp, diags := configure(t, attrs)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	data := resp.ResourceData.(*resources.ProviderData)
	if _, ok := data.Catalog.(*console.Catalog); !ok || data.Client == nil {
		t.Fatalf("want the console catalog and the mTLS client for the runtime, got %T and %v", data.Catalog, data.Client)
	}
	calls := inst.Stats(t).ConsoleToolCalls
	if calls["workspace_list"] != 1 || calls["miniapp_list"] != 1 || len(calls) != 2 {
		t.Errorf("configure-time tool calls %v, want one workspace_list and one miniapp_list", calls)
	}
	if _, err := data.Catalog.ListPushTemplates(t.Context()); err != nil {
		t.Fatalf("the catalog does not work: %v", err)
	}
}

// APPSINTOSS_CONSOLE_CREDENTIALS alone chooses the console road, as JSON or as base64 of it (what
// appsintoss-emulator --env-file writes), and wins over a credentials file.
func TestConfigureTakesTheConsoleRoadFromTheEnvironment(t *testing.T) {
	inst := emulatortest.StartWithConsole(t, emulator.Config{})
	creds := inst.ConsoleCredentials(t)
	for form, text := range map[string]string{"JSON": string(creds), "base64": base64.StdEncoding.EncodeToString(creds)} {
		t.Run(form, func(t *testing.T) {
			t.Setenv("APPSINTOSS_CONSOLE_CREDENTIALS", text)
			t.Setenv("APPSINTOSS_CONSOLE_URL", inst.ConsoleURL)
			t.Setenv("APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE", inst.CAFile)
			t.Setenv("APPSINTOSS_CONSOLE_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "absent.json"))
			resp, diags := configure(t, emulatorAttrs(inst))
			if len(diags) != 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if _, ok := resp.ResourceData.(*resources.ProviderData).Catalog.(*console.Catalog); !ok {
				t.Fatal("the environment did not choose the console road")
			}
		})
	}
}

// Only the console's own variables choose it: the CA file alone does not, and with none of them
// Configure stays offline.
func TestConfigureStaysOnTheContractWithoutConsoleSettings(t *testing.T) {
	t.Setenv("APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE", "/nonexistent/ca.pem")
	certFile, keyFile, _ := writePair(t, pki.Options{}, 0o600)
	resp, diags := configure(t, map[string]tftypes.Value{"client_certificate_file": str(certFile), "client_key_file": str(keyFile)})
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if _, ok := resp.ResourceData.(*resources.ProviderData).Catalog.(*console.Catalog); ok {
		t.Fatal("the CA file alone chose the console road")
	}
}

// Problems with the console settings are found before anything is sent, each at the attribute to
// fix, saying what to do.
func TestConfigureExplainsConsoleSettingProblems(t *testing.T) {
	certFile, keyFile, _ := writePair(t, pki.Options{}, 0o600)
	dir := t.TempDir()
	loose := filepath.Join(dir, "loose.json")
	inst := emulatortest.StartWithConsole(t, emulator.Config{})
	if err := os.WriteFile(loose, inst.ConsoleCredentials(t), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(loose, 0o640); err != nil {
		t.Fatal(err)
	}
	private := writeConsoleCredentials(t, inst)
	missing := filepath.Join(dir, "never-written.json")

	for name, tc := range map[string]struct {
		console map[string]tftypes.Value
		at      string
		want    []string
	}{
		"group-readable credentials": {map[string]tftypes.Value{"url": str(inst.ConsoleURL), "credentials_file": str(loose)},
			"credentials_file", []string{"chmod 600 " + loose, "open to group or others"}},
		"missing credentials": {map[string]tftypes.Value{"url": str(inst.ConsoleURL), "credentials_file": str(missing)},
			"credentials_file", []string{"does not exist", "appsintoss login --credentials-file " + missing}},
		"plain http": {map[string]tftypes.Value{"url": str("http://127.0.0.1:1/mcp"), "credentials_file": str(private)},
			"url", []string{"must be an https URL"}},
		"credentials of another gateway": {map[string]tftypes.Value{"credentials_file": str(private)},
			"url", []string{"were issued for " + inst.ConsoleURL, "but the provider is set to use " + console.DefaultURL,
				"appsintoss login --console-url " + console.DefaultURL}},
		"unreadable CA file": {map[string]tftypes.Value{"url": str(inst.ConsoleURL), "credentials_file": str(private),
			"ca_certificate_file": str(filepath.Join(dir, "no-ca.pem"))}, "ca_certificate_file", []string{"could not be read"}},
		"unknown URL": {map[string]tftypes.Value{"url": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)},
			"url", []string{"not known until apply"}},
	} {
		t.Run(name, func(t *testing.T) {
			attrs := map[string]tftypes.Value{"client_certificate_file": str(certFile), "client_key_file": str(keyFile),
				"console": consoleValue(tc.console)}
			_, diags := configure(t, attrs)
			d := errorAt(t, diags, path.Root("console").AtName(tc.at))
			for _, want := range tc.want {
				if !strings.Contains(d.Detail(), want) {
					t.Errorf("the detail lacks %q:\n%s", want, d.Detail())
				}
			}
		})
	}
	if calls := inst.Stats(t).ConsoleToolCalls; len(calls) != 0 {
		t.Errorf("tool calls were made despite the errors: %v", calls)
	}
}

// APPSINTOSS_CONSOLE_URL alone chooses the console road, and then the default credentials file
// is read: when `appsintoss login` never ran, the error says to run it.
func TestConfigureLooksForTheDefaultCredentialsFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("APPSINTOSS_CONSOLE_URL", "https://127.0.0.1:1/adapters/apps-in-toss-console/mcp")
	certFile, keyFile, _ := writePair(t, pki.Options{}, 0o600)
	_, diags := configure(t, map[string]tftypes.Value{"client_certificate_file": str(certFile), "client_key_file": str(keyFile)})
	d := errorAt(t, diags, path.Root("console").AtName("credentials_file"))
	def, _ := console.DefaultCredentialsPath()
	if !strings.HasPrefix(def, home) || !strings.Contains(d.Detail(), def) || !strings.Contains(d.Detail(), "run `appsintoss login`") {
		t.Errorf("the error does not name the default file %s and the login: %s", def, d.Detail())
	}
}

// A configured mini-app the account cannot see is an error at mini_app_id listing what was found.
func TestConfigureBlamesTheMiniAppIDThatIsNotFound(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.Config{})
	attrs := emulatorAttrs(inst)
	attrs["console"] = consoleValue(map[string]tftypes.Value{"url": str(inst.ConsoleURL),
		"credentials_file": str(writeConsoleCredentials(t, inst)), "ca_certificate_file": str(inst.CAFile),
		"mini_app_id": str("999")})
	_, diags := configure(t, attrs)
	d := errorAt(t, diags, path.Root("console").AtName("mini_app_id"))
	for _, want := range []string{"mini-app 999", `1001 "demo-app"`, `1002 "other-app"`} {
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("the detail lacks %q: %s", want, d.Detail())
		}
	}
}

// A configured mini-app whose name is not the certificate's CN is used, with a warning that says
// which mini-app the catalog and the runtime calls then belong to.
func TestConfigureWarnsWhenTheConsoleMiniAppIsNotTheCertificates(t *testing.T) {
	t.Parallel()
	inst := emulatortest.StartWithConsole(t, emulator.Config{})
	attrs := emulatorAttrs(inst)
	attrs["console"] = consoleValue(map[string]tftypes.Value{"url": str(inst.ConsoleURL),
		"credentials_file": str(writeConsoleCredentials(t, inst)), "ca_certificate_file": str(inst.CAFile),
		"workspace_id": str("1"), "mini_app_id": str("1002")})
	_, diags := configure(t, attrs)
	if diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("want one warning, got %v", diags)
	}
	w := diags.Warnings()[0]
	if w.Summary() != "Console mini-app and client certificate differ" || !strings.Contains(w.Detail(), `"other-app"`) ||
		!strings.Contains(w.Detail(), `"demo-app"`) {
		t.Errorf("the warning does not name both mini-apps: %s: %s", w.Summary(), w.Detail())
	}
	if calls := inst.Stats(t).ConsoleToolCalls; calls["workspace_list"] != 0 || calls["miniapp_list"] != 1 {
		t.Errorf("with workspace_id set, only miniapp_list should be called: %v", calls)
	}
}
