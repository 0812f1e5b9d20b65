package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// The scenarios after the main comparison (adaptive, console) run Terraform with -json and keep
// whatever it did as a result: a failed or hung command is recorded, never a reason to stop the
// benchmark. Only the harness's own failures (the emulator's counters cannot be read) are errors.

// commandResult is one Terraform command of such a scenario, in details.json.
type commandResult struct {
	Succeeded          bool         `json:"succeeded"`
	ExitCode           int          `json:"exit_code"`
	TimedOut           bool         `json:"timed_out,omitempty"`
	Seconds            float64      `json:"seconds"`
	CPUSeconds         float64      `json:"cpu_seconds"`          // Terraform and its provider processes
	ProviderCPUSeconds float64      `json:"provider_cpu_seconds"` // of that: the provider processes
	EmulatorCPUSeconds float64      `json:"emulator_cpu_seconds"` // not in cpu_seconds
	Counters           counterDelta `json:"counters"`
	UI                 uiOutput     `json:"ui"`
}

// succeeded is a command that exited 0 (or 2, a plan with changes under -detailed-exitcode, as
// after a failed apply) without showing an error.
func (s commandResult) succeeded(changesExitCode bool) bool {
	exitOK := s.ExitCode == 0 || (changesExitCode && s.ExitCode == 2)
	return exitOK && !s.TimedOut && len(s.UI.Errors) == 0
}

// accepted is how many requests the emulator served rather than refusing with 429.
func (s commandResult) accepted() int64 { return s.Counters.Requests - s.Counters.RateLimited }

// runRecorded runs one `terraform <args> -json` command in workDir against emu, interrupting it
// after deadline, and reads what it made the emulator do and what it showed. Succeeded is left
// for the caller, who knows whether a plan's changes count as success.
func runRecorded(ctx context.Context, tf *terraformRunner, stats *statsClient, emu *emulatorProc, workDir, name string,
	deadline time.Duration, args []string) (commandResult, error) {
	before, err := stats.read(ctx, emu.addr)
	if err != nil {
		return commandResult{}, err
	}
	cpuBefore := processCPU(emu.cmd.Process.Pid)
	stepCtx, cancel := context.WithTimeout(ctx, deadline)
	tm, runErr := tf.run(stepCtx, workDir, name, args...)
	timedOut := errors.Is(stepCtx.Err(), context.DeadlineExceeded)
	cancel()
	if ctx.Err() != nil {
		return commandResult{}, ctx.Err()
	}
	if runErr != nil && !timedOut {
		return commandResult{}, fmt.Errorf("terraform %s: %w", args[0], runErr)
	}
	emulatorCPU := processCPU(emu.cmd.Process.Pid) - cpuBefore
	after, err := stats.read(ctx, emu.addr)
	if err != nil {
		return commandResult{}, err
	}
	r := commandResult{ExitCode: tm.exitCode, TimedOut: timedOut, Seconds: round3(tm.wall.Seconds()),
		CPUSeconds: round3(tm.cpu.Seconds()), ProviderCPUSeconds: round3(tm.providerCPU.Seconds()),
		EmulatorCPUSeconds: round3(emulatorCPU.Seconds()), Counters: delta(before, after)}
	if timedOut && r.ExitCode == 0 {
		r.ExitCode = -1
	}
	logFile, err := os.Open(filepath.Join(tf.logDir, name+".log"))
	if err != nil {
		return r, err
	}
	defer logFile.Close()
	r.UI, err = parseUI(logFile)
	return r, err
}
