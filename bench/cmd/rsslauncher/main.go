// Command rsslauncher stands in for a provider binary in a dev_overrides directory and measures
// it: it runs the real provider (the file provider.bin next to itself) as a child with the same
// arguments, standard streams and environment — so the go-plugin handshake passes straight
// through — and when the child exits appends one line to the file named by BENCH_RSS_LOG:
//
//	<label> <pid> <max RSS in KiB> <wall ms> <CPU ms (user + system)>
//
// The max RSS is the kernel's own rusage.ru_maxrss for the child (getrusage(RUSAGE_CHILDREN)
// via wait4): the provider's exact peak resident set, with no polling gap. label is the name of
// the directory the launcher sits in (real or noop).
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run())
}

func run() int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "rsslauncher:", err)
		return 1
	}
	dir := filepath.Dir(self)
	cmd := exec.Command(filepath.Join(dir, "provider.bin"), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	for _, name := range []string{"GOGC", "GOMEMLIMIT"} {
		if v := os.Getenv("BENCH_PROVIDER_" + name); v != "" {
			cmd.Env = append(cmd.Env, name+"="+v)
		}
	}
	cmd.Env = append(cmd.Env, strings.Fields(os.Getenv("BENCH_"+strings.ToUpper(filepath.Base(dir))+"_ENV"))...)
	// If the launcher is killed outright, the provider goes with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}

	// Plugins ignore the interrupt Terraform's process group receives on Ctrl-C (Terraform
	// shuts them down itself); pass TERM on to the child.
	signal.Ignore(os.Interrupt)
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)

	started := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "rsslauncher:", err)
		return 1
	}
	go func() {
		for s := range term {
			_ = cmd.Process.Signal(s)
		}
	}()
	waitErr := cmd.Wait()
	if st := cmd.ProcessState; st != nil {
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			record(filepath.Base(dir), cmd.Process.Pid, ru.Maxrss, time.Since(started), cpu)
		}
		if code := st.ExitCode(); code >= 0 {
			return code
		}
	}
	if waitErr != nil {
		return 1
	}
	return 0
}

func record(label string, pid int, maxRSSKiB int64, d, cpu time.Duration) {
	path := os.Getenv("BENCH_RSS_LOG")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	// One short write with O_APPEND: lines from concurrent launchers never interleave.
	_, _ = fmt.Fprintf(f, "%s %d %d %d %d\n", label, pid, maxRSSKiB, d.Milliseconds(), cpu.Milliseconds())
}
