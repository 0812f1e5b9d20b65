// Package benchprof profiles a provider process of the benchmark: a CPU profile of its whole
// lifetime and, at exit, a heap profile (allocations and what is still in use), written into
// the directory named by BENCH_PROFILE_DIR as <label>-cpu-<pid>.pprof and
// <label>-heap-<pid>.pprof. Without BENCH_PROFILE_DIR it does nothing.
package benchprof

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// Start begins profiling and returns the function that ends it; call that after
// providerserver.Serve returns (it returns once Terraform has shut the provider down).
func Start(label string) (stop func()) {
	dir := os.Getenv("BENCH_PROFILE_DIR")
	if dir == "" {
		return func() {}
	}
	pid := os.Getpid()
	name := func(kind string) string { return filepath.Join(dir, fmt.Sprintf("%s-%s-%d.pprof", label, kind, pid)) }
	cpu, err := os.Create(name("cpu"))
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		cpu.Close()
		heap, err := os.Create(name("heap"))
		if err != nil {
			return
		}
		defer heap.Close()
		runtime.GC()
		_ = pprof.Lookup("allocs").WriteTo(heap, 0)
	}
}
