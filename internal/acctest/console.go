package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// StartConsoleEmulator is StartEmulator plus the emulator's console gateway (OAuth and MCP on a
// loopback port of its own), for tests of the console road.
func StartConsoleEmulator(t *testing.T, cfg emulator.Config) *emulatortest.Instance {
	t.Helper()
	PreCheck(t)
	ensureHermeticCLI(t)
	return emulatortest.StartWithConsole(t, cfg)
}

// ConsoleCredentialsFile signs the console's test user in and writes the token set, as
// `appsintoss login` would, to a new 0600 file in the test's temporary directory.
func ConsoleCredentialsFile(t *testing.T, inst *emulatortest.Instance) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "console-credentials.json")
	if err := os.WriteFile(file, inst.ConsoleCredentials(t), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// ConsoleAttribute is a `console = { ... }` line for ProviderBlock: inst's gateway and CA, the
// credentials file (left out when empty: then the environment or the default applies), and extra
// settings such as `mini_app_id = "1001"`.
func ConsoleAttribute(inst *emulatortest.Instance, credentialsFile string, extra ...string) string {
	settings := []string{fmt.Sprintf("url = %q", inst.ConsoleURL), fmt.Sprintf("ca_certificate_file = %q", inst.CAFile)}
	if credentialsFile != "" {
		settings = append(settings, fmt.Sprintf("credentials_file = %q", credentialsFile))
	}
	settings = append(settings, extra...)
	return "console = {\n    " + strings.Join(settings, "\n    ") + "\n  }"
}

// ConsoleProviderBlock is ProviderBlock for the console road: the runtime over mTLS as always,
// the catalog through inst's console gateway with the credentials in credentialsFile.
func ConsoleProviderBlock(inst *emulatortest.Instance, credentialsFile string, extra ...string) string {
	return ProviderBlock(inst, append(extra, ConsoleAttribute(inst, credentialsFile))...)
}
