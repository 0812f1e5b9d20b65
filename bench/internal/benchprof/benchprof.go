// Package benchprof profiles a provider process of the benchmark: a CPU profile of its whole
// lifetime, a heap profile at exit (every allocation: -sample_index=alloc_space), and a heap
// profile taken when the heap was largest (what was live then: -sample_index=inuse_space),
// written into the directory named by BENCH_PROFILE_DIR as <label>-cpu-<pid>.pprof,
// <label>-heap-<pid>.pprof and <label>-heappeak-<pid>.pprof. Without BENCH_PROFILE_DIR it does
// nothing.
package benchprof

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
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
	done := make(chan struct{})
	watched := make(chan struct{})
	go watchPeak(name("heappeak"), done, watched)
	return func() {
		close(done)
		<-watched
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

// watchPeak keeps the heap profile of the moment the heap in use was largest, checking every
// 100 ms. The profile describes the heap as of the last garbage collection before that moment.
func watchPeak(path string, done <-chan struct{}, finished chan<- struct{}) {
	defer close(finished)
	var peak uint64
	var best []byte
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			if best != nil {
				_ = os.WriteFile(path, best, 0o644)
			}
			return
		case <-tick.C:
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse <= peak {
			continue
		}
		peak = m.HeapInuse
		var buf bytes.Buffer
		if pprof.Lookup("heap").WriteTo(&buf, 0) == nil {
			best = buf.Bytes()
		}
	}
}
