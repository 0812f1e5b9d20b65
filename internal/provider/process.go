package provider

import (
	"os"
	"runtime/debug"
	"strings"
)

// TuneProcess sets up the provider process before it serves Terraform. main calls it; so does the
// benchmark's no-op floor provider, so that both are measured under the same runtime settings.
// In debug mode (a developer attached with a debugger) logs are left alone.
func TuneProcess(debugMode bool) {
	keepPeakMemoryNearTheLiveHeap()
	if !debugMode {
		silenceLogsNobodyAskedFor()
	}
}

// keepPeakMemoryNearTheLiveHeap lowers the GC target: almost everything a provider allocates is
// per-RPC garbage, and with Go's default (GOGC=100) the heap doubles before a collection, which
// put a 300-resource plan at ~75 MiB of RSS. At 50 the peak stays proportional to what is live
// (~54 MiB there) for a modest amount of GC work; 25 saved a few more MiB but doubled the GC's
// share of the provider's CPU (`make bench`, BENCH_PROFILE=1). GOGC overrides it.
func keepPeakMemoryNearTheLiveHeap() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
}

// silenceLogsNobodyAskedFor switches the SDK's and the provider's logs off when no TF_LOG*
// variable is set. Terraform passes its environment to providers and discards their logs unless
// one of those variables asks for them, yet terraform-plugin-go emits every TRACE line anyway:
// on a 300-resource plan that was ~48,000 JSON lines for Terraform to parse and throw away, a
// quarter of the provider's CPU. With any TF_LOG* variable set, nothing changes.
func silenceLogsNobodyAskedFor() {
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_LOG") && value != "" {
			return
		}
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_APPSINTOSS"} {
		_ = os.Setenv(name, "OFF")
	}
}
