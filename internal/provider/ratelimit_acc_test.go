package provider_test

import (
	"regexp"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// userVisibleRateLimit is anything in Terraform's output that would show the user a rate-limit
// refusal: the status, the errorCode, or the words of an error or warning about it.
var userVisibleRateLimit = regexp.MustCompile(`(?i)\b429\b|\b4095\b|rate.?limit|too many requests|retryAfter`)

// TestAccRateLimit_serverLimitBelowTheClientsIsAbsorbed is the scenario of a mini-app whose
// server limit is five times lower than the provider's default: 100 catalog resources applied and
// refreshed with -parallelism=50 against an emulator that allows 600 requests per minute (10 per
// second, burst 10) while the provider starts at its default 3,000. The provider must learn the
// server's pace from its 429 answers and wait them out: apply and plan succeed, and nothing the
// user sees mentions a rate limit. How fast it gets there is `make bench`'s business, not this
// test's.
//
// terraform-plugin-testing runs every command with -parallelism=10, so this test drives the CLI
// itself (acctest.CLI).
func TestAccRateLimit_serverLimitBelowTheClientsIsAbsorbed(t *testing.T) {
	t.Parallel()
	inst := acctest.StartEmulator(t, emulator.Config{RateLimitPerMinute: 600})
	cli := acctest.NewCLI(t, acctest.ProviderBlock(inst)+catalogOf(60, 20, 20, ""))

	out, err := cli.Run("apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50")
	if err != nil {
		t.Fatalf("apply failed: %v\n%s", err, out)
	}
	expectNoRateLimitShown(t, "apply", out)
	if !regexp.MustCompile(`Apply complete! Resources: 100 added, 0 changed, 0 destroyed`).MatchString(out) {
		t.Fatalf("apply did not add the 100 resources:\n%s", out)
	}

	// A plan refreshes all 100 objects with a fresh client, which starts at 3,000 per minute again.
	out, err = cli.Run("plan", "-input=false", "-no-color", "-parallelism=50", "-detailed-exitcode")
	if err != nil {
		t.Fatalf("plan failed or found changes (exit code 2 means changes): %v\n%s", err, out)
	}
	expectNoRateLimitShown(t, "plan", out)

	if refused := inst.Stats(t).RateLimited; refused == 0 {
		t.Fatal("the emulator refused no request: the test did not exercise the provider's pacing")
	}
}

func expectNoRateLimitShown(t *testing.T, command, out string) {
	t.Helper()
	if loc := userVisibleRateLimit.FindStringIndex(out); loc != nil {
		t.Errorf("%s shows the user a rate-limit refusal (%q):\n%s", command, out[loc[0]:loc[1]], out)
	}
	if regexp.MustCompile(`(?m)^(Error|Warning):`).MatchString(out) {
		t.Errorf("%s printed an error or a warning:\n%s", command, out)
	}
}
