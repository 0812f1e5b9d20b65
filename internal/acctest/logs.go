package acctest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// CaptureTraceLogs sends every log of the acceptance run — the Terraform CLI's and the
// in-process provider's — to a file at TRACE, and returns a function that reads back the entries
// the provider process wrote. It sets process environment variables, so the calling test must
// not run in parallel.
func CaptureTraceLogs(t *testing.T) (providerEntries func() string) {
	t.Helper()
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", logFile)
	return func() string {
		t.Helper()
		raw, err := os.ReadFile(logFile)
		if err != nil {
			t.Fatalf("reading the TRACE log: %v", err)
		}
		return ProviderLogEntries(string(raw))
	}
}

// ProviderLogEntries keeps the entries the provider process wrote (the provider, its client
// subsystem, the framework and the protocol server) and drops the test harness' own entries
// (sdk.helper_resource), which quote the test configuration and therefore whatever secrets a
// test writes into it. Nothing else is dropped: the CLI's own lines stay in.
func ProviderLogEntries(log string) string {
	var out strings.Builder
	keep := false
	for _, line := range strings.Split(log, "\n") {
		if m := logEntryStart.FindStringSubmatch(line); m != nil {
			keep = m[1] != "sdk.helper_resource"
		}
		if keep {
			out.WriteString(line)
			out.WriteByte('\n')
		}
	}
	return out.String()
}

// logEntryStart matches the first line of an hclog entry and captures its logger name.
var logEntryStart = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T[0-9:.]+Z \[[A-Z]+\] +([A-Za-z0-9_.-]+):`)
