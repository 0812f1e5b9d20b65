package provider

import (
	"os"
	"strings"
	"testing"
)

// clearLogEnvironment blanks every TF_LOG* variable for the test; t.Setenv restores them after.
func clearLogEnvironment(t *testing.T) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") {
			t.Setenv(name, "")
		}
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_APPSINTOSS"} {
		t.Setenv(name, "")
	}
}

func TestLogsAreSilencedWhenNobodyAskedForThem(t *testing.T) {
	clearLogEnvironment(t)
	silenceLogsNobodyAskedFor()
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_APPSINTOSS"} {
		if got := os.Getenv(name); got != "OFF" {
			t.Errorf("%s = %q, want OFF", name, got)
		}
	}
}

func TestLogsStayWhenAnyTFLogVariableAsks(t *testing.T) {
	for _, asking := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_APPSINTOSS_CLIENT", "TF_LOG_SDK_PROTO"} {
		t.Run(asking, func(t *testing.T) {
			clearLogEnvironment(t)
			t.Setenv(asking, "DEBUG")
			silenceLogsNobodyAskedFor()
			if got := os.Getenv("TF_LOG_SDK"); got == "OFF" {
				t.Errorf("with %s set, the SDK's logs were switched off", asking)
			}
		})
	}
}
