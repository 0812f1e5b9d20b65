package main

import (
	"context"
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
// Whatever Terraform does is a result (see command.go).

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

	Apply commandResult `json:"apply"`
	Plan  commandResult `json:"plan"`
}

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

	if run.Apply, err = runRecorded(ctx, tf, stats, emu, workDir, "adaptive-apply", s.deadline, apply); err != nil {
		return run, err
	}
	run.Apply.Succeeded = run.Apply.succeeded(false)
	if run.Plan, err = runRecorded(ctx, tf, stats, emu, workDir, "adaptive-plan", s.deadline, plan); err != nil {
		return run, err
	}
	run.Plan.Succeeded = run.Plan.succeeded(true)
	return run, nil
}
