package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// terraformRunner runs one Terraform CLI binary with a CLI configuration the harness wrote, in a
// clean environment: no TF_LOG, no TF_CLI_ARGS, no checkpoint calls, no prompts.
type terraformRunner struct {
	bin       string
	cliConfig string
	logDir    string
	rssDir    string
	extraEnv  []string
}

// withEnv is the same runner with more environment for Terraform and the providers it starts.
func (t *terraformRunner) withEnv(env ...string) *terraformRunner {
	c := *t
	c.extraEnv = append(slices.Clone(t.extraEnv), env...)
	return &c
}

// timing is one Terraform command: wall time, CPU time of Terraform and all its descendants
// (rusage of the reaped child includes the children it reaped: the launchers and providers),
// and the exit code.
type timing struct {
	wall, cpu   time.Duration
	providerCPU time.Duration // of that: the provider processes (as their launchers report)
	emulatorCPU time.Duration // not included in cpu: the emulator's, when the caller measures it
	exitCode    int
}

// run times one terraform command in dir. Its output goes to logDir/<name>.log; every provider
// process it starts reports its peak RSS into rssDir/<name>.log (see cmd/rsslauncher).
func (t *terraformRunner) run(ctx context.Context, dir, name string, args ...string) (timing, error) {
	logPath := filepath.Join(t.logDir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return timing{}, err
	}
	defer logFile.Close()
	cmd := exec.CommandContext(ctx, t.bin, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(cleanEnv(),
		"TF_CLI_CONFIG_FILE="+t.cliConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
		"BENCH_RSS_LOG="+filepath.Join(t.rssDir, name+".log"),
	)
	cmd.Env = append(cmd.Env, t.extraEnv...)
	// On cancellation Terraform gets an interrupt, so it stops its providers itself; it is
	// killed only if it has not finished 30 s later. If the harness dies, Terraform is told.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}

	started := time.Now()
	err = cmd.Run()
	tm := timing{wall: time.Since(started)}
	if cmd.ProcessState != nil {
		tm.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	for _, u := range readProviderUsage(filepath.Join(t.rssDir, name+".log")) {
		tm.providerCPU += u.cpu
	}
	if err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			tm.exitCode = -1
			return tm, err
		}
		tm.exitCode = exitErr.ExitCode()
	}
	return tm, nil
}

// mustSucceed runs a command that has to exit 0 (or, for plan -detailed-exitcode, 0 or 2).
func (t *terraformRunner) mustSucceed(ctx context.Context, dir, name string, args ...string) (timing, error) {
	tm, err := t.run(ctx, dir, name, args...)
	if err != nil {
		return tm, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), err)
	}
	if code := tm.exitCode; code != 0 && !(code == 2 && contains(args, "-detailed-exitcode")) {
		return tm, fmt.Errorf("terraform %s exited %d; see %s\n%s", strings.Join(args, " "), code,
			filepath.Join(t.logDir, name+".log"), tail(filepath.Join(t.logDir, name+".log"), 25))
	}
	return tm, nil
}

func (t *terraformRunner) version(ctx context.Context) (string, error) {
	cmd := exec.CommandContext(ctx, t.bin, "version", "-json")
	cmd.Env = append(cleanEnv(), "TF_CLI_CONFIG_FILE="+t.cliConfig, "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("terraform version: %w", err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return "", err
	}
	return v.Version, nil
}

// cleanEnv is the harness's environment minus everything that changes how Terraform behaves.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "BENCH_") || name == "CHECKPOINT_DISABLE" ||
			strings.HasPrefix(name, "APPSINTOSS_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// providerUsage is what the launchers of one step reported for one label (real or noop).
type providerUsage struct {
	peakKiB int64         // largest max RSS of any provider process
	cpu     time.Duration // CPU of all provider processes together
}

// readProviderUsage reads the launcher lines of a step's log, per label.
func readProviderUsage(path string) map[string]providerUsage {
	usage := map[string]providerUsage{}
	f, err := os.Open(path)
	if err != nil {
		return usage
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		kib, err1 := strconv.ParseInt(fields[2], 10, 64)
		cpuMS, err2 := strconv.ParseInt(fields[4], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		u := usage[fields[0]]
		u.peakKiB = max(u.peakKiB, kib)
		u.cpu += time.Duration(cpuMS) * time.Millisecond
		usage[fields[0]] = u
	}
	return usage
}

// processCPU is the CPU time a running process has used so far (utime + stime from
// /proc/<pid>/stat), or 0 when it cannot be read.
func processCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may contain spaces; fields after its closing parenthesis
	// start with the state (field 3); utime and stime are fields 14 and 15.
	rest := string(data)
	if i := strings.LastIndexByte(rest, ')'); i >= 0 {
		rest = rest[i+1:]
	}
	fields := strings.Fields(rest)
	if len(fields) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	const ticksPerSecond = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticksPerSecond
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// tail is the last n lines of a log, for error messages.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
