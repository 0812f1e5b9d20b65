package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// The adaptive scenario (issue 11, item 5): a server that allows fewer requests than the
// provider's default pace. The emulator refuses beyond serverRate per minute, the provider runs
// at its own default rate (the configuration leaves rate_limit_per_minute unset), and Terraform
// applies n catalog resources from empty at a high -parallelism, then plans. Both must succeed
// without the user ever seeing a 429, and the apply should take little longer than the server's
// rate allows for the requests it accepted.
//
// Whatever Terraform does is a result: a failed apply or plan is recorded, never a reason to
// stop the benchmark. Only the harness's own failures (the emulator will not start, its counters
// cannot be read) are errors.

type adaptiveScenario struct {
	n           int
	parallelism int
	serverRate  int           // requests per minute the emulator accepts
	deadline    time.Duration // per Terraform command; a hung command is a failed one
}

// adaptiveRun is the scenario's record in details.json.
type adaptiveRun struct {
	Resources           int `json:"resources"`
	Parallelism         int `json:"parallelism"`
	ServerRatePerMinute int `json:"server_rate_per_minute"`

	Apply adaptiveStep `json:"apply"`
	Plan  adaptiveStep `json:"plan"`
}

// adaptiveStep is one Terraform command of the scenario.
type adaptiveStep struct {
	Succeeded bool         `json:"succeeded"`
	ExitCode  int          `json:"exit_code"`
	TimedOut  bool         `json:"timed_out,omitempty"`
	Seconds   float64      `json:"seconds"`
	Counters  counterDelta `json:"counters"`
	UI        uiOutput     `json:"ui"`
}

// succeeded is a command that exited 0 (or 2, a plan with changes under -detailed-exitcode, as
// after a failed apply) without showing an error.
func (s adaptiveStep) succeeded(changesExitCode bool) bool {
	exitOK := s.ExitCode == 0 || (changesExitCode && s.ExitCode == 2)
	return exitOK && !s.TimedOut && len(s.UI.Errors) == 0
}

// accepted is how many requests the emulator served rather than refusing with 429.
func (s adaptiveStep) accepted() int64 { return s.Counters.Requests - s.Counters.RateLimited }

// applyRatio is the apply's wall time over the least time the server's rate allows for the
// requests it accepted. A failed apply has no ratio: how fast it gave up is not the figure.
func (a adaptiveRun) applyRatio() *float64 {
	if !a.Apply.Succeeded || a.Apply.accepted() <= 0 || a.ServerRatePerMinute <= 0 {
		return nil
	}
	floor := float64(a.Apply.accepted()) / (float64(a.ServerRatePerMinute) / 60)
	r := round3(a.Apply.Seconds / floor)
	return &r
}

func (a adaptiveRun) rateLimited() int64 {
	return a.Apply.Counters.RateLimited + a.Plan.Counters.RateLimited
}

func (a adaptiveRun) rateLimitDiagnostics() int {
	return a.Apply.UI.rateLimitDiagnostics() + a.Plan.UI.rateLimitDiagnostics()
}

// runAdaptive runs the scenario in workDir against a fresh emulator.
func runAdaptive(ctx context.Context, s adaptiveScenario, tf *terraformRunner, stats *statsClient,
	emulatorBin, certDir, workDir, logDir string) (adaptiveRun, error) {
	run := adaptiveRun{Resources: s.n, Parallelism: s.parallelism, ServerRatePerMinute: s.serverRate}
	if err := writeFile(filepath.Join(workDir, "main.tf"), catalogConfig("appsintoss-terraform/appsintoss", s.n)); err != nil {
		return run, err
	}
	if err := resetState(workDir, ""); err != nil {
		return run, err
	}
	emu, err := startEmulator(emulatorBin, certDir, emulatorOptions{ratePerMinute: s.serverRate,
		productCap: max(30, s.n), logPath: filepath.Join(logDir, "emulator-adaptive.log")})
	if err != nil {
		return run, err
	}
	defer emu.stop()
	defer stats.closeIdle()

	// No -var=rate_limit_per_minute: the provider runs at its default.
	vars := []string{"-var=endpoint=https://" + emu.addr, "-var=cert_dir=" + certDir}
	parallelism := "-parallelism=" + strconv.Itoa(s.parallelism)
	apply := append([]string{"apply", "-auto-approve", "-input=false", "-json", parallelism}, vars...)
	plan := append([]string{"plan", "-refresh=true", "-input=false", "-json", "-detailed-exitcode", parallelism}, vars...)

	if run.Apply, err = s.step(ctx, tf, stats, emu.addr, workDir, "adaptive-apply", apply); err != nil {
		return run, err
	}
	run.Apply.Succeeded = run.Apply.succeeded(false)
	if run.Plan, err = s.step(ctx, tf, stats, emu.addr, workDir, "adaptive-plan", plan); err != nil {
		return run, err
	}
	run.Plan.Succeeded = run.Plan.succeeded(true)
	return run, nil
}

// step runs one Terraform command and reads what it made the emulator do and what it showed.
func (s adaptiveScenario) step(ctx context.Context, tf *terraformRunner, stats *statsClient, addr, workDir, name string,
	args []string) (adaptiveStep, error) {
	before, err := stats.read(ctx, addr)
	if err != nil {
		return adaptiveStep{}, err
	}
	stepCtx, cancel := context.WithTimeout(ctx, s.deadline)
	tm, runErr := tf.run(stepCtx, workDir, name, args...)
	timedOut := errors.Is(stepCtx.Err(), context.DeadlineExceeded)
	cancel()
	if ctx.Err() != nil {
		return adaptiveStep{}, ctx.Err()
	}
	if runErr != nil && !timedOut {
		return adaptiveStep{}, fmt.Errorf("terraform %s: %w", args[0], runErr)
	}
	after, err := stats.read(ctx, addr)
	if err != nil {
		return adaptiveStep{}, err
	}
	st := adaptiveStep{ExitCode: tm.exitCode, TimedOut: timedOut, Seconds: round3(tm.wall.Seconds()),
		Counters: delta(before, after)}
	if timedOut && st.ExitCode == 0 {
		st.ExitCode = -1
	}
	logFile, err := os.Open(filepath.Join(tf.logDir, name+".log"))
	if err != nil {
		return st, err
	}
	defer logFile.Close()
	st.UI, err = parseUI(logFile)
	return st, err
}
