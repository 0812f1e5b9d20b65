package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// StartEmulator starts an in-process Apps in Toss emulator that belongs to one test: fresh
// certificates in t.TempDir(), a loopback port, stopped when the test ends. Pass
// emulator.Config{} for a quiet emulator (no rate limit, reviews approved at once), or set
// ReviewMode: emulator.ReviewManual to decide reviews with inst.DecideReview.
func StartEmulator(t *testing.T, cfg emulator.Config) *emulatortest.Instance {
	t.Helper()
	PreCheck(t)
	ensureHermeticCLI(t)
	return emulatortest.Start(t, cfg)
}

// ProviderBlock is a provider "appsintoss" block for inst: both hosts at the emulator, its CA,
// the app's client certificate and key. Each extra string is added as a line inside the block,
// e.g. ProviderBlock(inst, "max_retries = 1").
func ProviderBlock(inst *emulatortest.Instance, extra ...string) string {
	var b strings.Builder
	b.WriteString("provider \"appsintoss\" {\n")
	fmt.Fprintf(&b, "  endpoint                = %q\n", inst.URL)
	fmt.Fprintf(&b, "  pay_endpoint            = %q\n", inst.URL)
	fmt.Fprintf(&b, "  client_certificate_file = %q\n", inst.ClientCertFile)
	fmt.Fprintf(&b, "  client_key_file         = %q\n", inst.ClientKeyFile)
	fmt.Fprintf(&b, "  ca_certificate_file     = %q\n", inst.CAFile)
	for _, line := range extra {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("}\n")
	return b.String()
}

var (
	hermeticOnce sync.Once
	hermeticErr  error
)

// ensureHermeticCLI gives the Terraform CLI an empty configuration file when the test binary
// did not start through Main (which does the same for the whole package): the build machines
// point TF_CLI_CONFIG_FILE at a file that does not exist.
func ensureHermeticCLI(t *testing.T) {
	t.Helper()
	hermeticOnce.Do(func() {
		if current := os.Getenv("TF_CLI_CONFIG_FILE"); current != "" &&
			strings.HasPrefix(filepath.Base(filepath.Dir(current)), "appsintoss-acctest-") {
			return // Main already did it
		}
		_, hermeticErr = useHermeticCLIConfig()
	})
	if hermeticErr != nil {
		t.Fatalf("acctest: preparing the Terraform CLI configuration: %v", hermeticErr)
	}
}

// Emulator review modes, re-exported so a test needs no emulator import for the common case.
const (
	ReviewApprove = emulator.ReviewApprove
	ReviewManual  = emulator.ReviewManual
)
