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

// timing is one Terraform command: wall time, CPU time of Terraform and all its descendants
// (rusage of the reaped child includes the children it reaped: the launchers and providers),
// and the exit code.
type timing struct {
	wall, cpu time.Duration
	exitCode  int
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

// rssPeak reads the launcher lines of a step's RSS log: the largest max RSS (KiB) per label.
func rssPeak(path string) map[string]int64 {
	peaks := map[string]int64{}
	f, err := os.Open(path)
	if err != nil {
		return peaks
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 3 {
			continue
		}
		kib, err := strconv.ParseInt(fields[2], 10, 64)
		if err == nil && kib > peaks[fields[0]] {
			peaks[fields[0]] = kib
		}
	}
	return peaks
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
