// Command benchrun is the benchmark harness of issue 7 (bench/run.sh drives it): it builds the
// provider, the no-op floor provider and the emulator, starts the emulator, and times the
// Terraform CLI applying and refresh-planning N catalog resources with the real provider, with
// the no-op provider, and with terraform_data, then a refresh plan with both sides throttled to
// 600 requests per minute, the adaptive scenario of issue 11 (a server slower than the
// provider's default pace; see adaptive.go), and last the console scenario of issue 12 (the
// catalog through the console gateway; see console.go). It prints a table and writes
// bench/out/results.json (the figures the issues name) and bench/out/details.json (every run, for
// digging in).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	n            int
	parallelism  int
	repeat       int
	throttleRate int
	adaptive     adaptiveScenario
	console      consoleScenario
	repo         string
	out          string
	terraform    string
	profile      bool
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", envInt("BENCH_N", 300), "catalog resources in the workload (BENCH_N)")
	flag.IntVar(&o.parallelism, "parallelism", envInt("BENCH_PARALLELISM", 10), "terraform -parallelism (BENCH_PARALLELISM)")
	flag.IntVar(&o.repeat, "repeat", envInt("BENCH_REPEAT", 3), "repetitions of each unthrottled run; figures are medians (BENCH_REPEAT)")
	flag.IntVar(&o.throttleRate, "throttle-rate", 600, "requests per minute on both sides for the throttled plan")
	flag.IntVar(&o.adaptive.n, "adaptive-n", 100, "catalog resources in the adaptive scenario")
	flag.IntVar(&o.adaptive.parallelism, "adaptive-parallelism", 50, "terraform -parallelism in the adaptive scenario")
	flag.IntVar(&o.adaptive.serverRate, "adaptive-server-rate", 600, "requests per minute the emulator accepts in the adaptive scenario (the provider keeps its default)")
	flag.DurationVar(&o.adaptive.deadline, "adaptive-deadline", 5*time.Minute, "longest an adaptive apply or plan may run before it is interrupted and counted as failed")
	flag.DurationVar(&o.console.deadline, "console-deadline", 5*time.Minute, "longest a console scenario apply or plan may run before it is interrupted and counted as failed")
	flag.StringVar(&o.repo, "repo", ".", "repository root")
	flag.StringVar(&o.out, "out", "bench/out", "output directory")
	flag.StringVar(&o.terraform, "terraform", os.Getenv("BENCH_TERRAFORM"), "Terraform CLI (default: TF_ACC_TERRAFORM_PATH, else terraform on PATH)")
	flag.BoolVar(&o.profile, "profile", os.Getenv("BENCH_PROFILE") == "1", "run the provider with CPU and heap profiles into <out>/profiles (BENCH_PROFILE=1)")
	flag.Parse()
	if o.n < 1 || o.parallelism < 1 || o.repeat < 1 || o.throttleRate < 60 ||
		o.adaptive.n < 1 || o.adaptive.parallelism < 1 || o.adaptive.serverRate < 60 || o.adaptive.deadline <= 0 ||
		o.console.deadline <= 0 {
		fmt.Fprintln(os.Stderr, "benchrun: -n, -parallelism, -repeat, -adaptive-n and -adaptive-parallelism must be at least 1, "+
			"-throttle-rate and -adaptive-server-rate at least 60, -adaptive-deadline and -console-deadline positive")
		os.Exit(2)
	}
	// The console scenario runs at the main comparison's N, so that its contract plan is the
	// same plan the main figures time.
	o.console.n, o.console.parallelism, o.console.repeat = o.n, o.parallelism, o.repeat

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// layout is where everything of one run lives under the output directory.
type layout struct {
	root, tools, realBin, noopBin, mirror, certs, logs, rss, state, profiles string
	realWork, noopWork, dataWork, adaptiveWork, consoleWork                  string
}

func newLayout(out string) layout {
	return layout{
		root: out, tools: filepath.Join(out, "bin", "tools"),
		realBin: filepath.Join(out, "bin", "real"), noopBin: filepath.Join(out, "bin", "noop"),
		mirror: filepath.Join(out, "mirror"), certs: filepath.Join(out, "certs"),
		logs: filepath.Join(out, "logs"), rss: filepath.Join(out, "rss"), state: filepath.Join(out, "state"),
		profiles: filepath.Join(out, "profiles"),
		realWork: filepath.Join(out, "work", "real"), noopWork: filepath.Join(out, "work", "noop"),
		dataWork:     filepath.Join(out, "work", "terraform_data"),
		adaptiveWork: filepath.Join(out, "work", "adaptive"),
		consoleWork:  filepath.Join(out, "work", "console"),
	}
}

// rep is one repetition of the unthrottled runs. Besides wall-clock seconds it keeps the CPU
// seconds of each Terraform command (Terraform plus every provider process it ran, from the
// kernel's rusage), which a busy machine disturbs far less than wall time.
type rep struct {
	ApplySeconds         float64      `json:"apply_seconds"`
	ApplyCPUSeconds      float64      `json:"apply_cpu_seconds"`
	PlanSeconds          float64      `json:"plan_seconds"`
	PlanCPUSeconds       float64      `json:"plan_cpu_seconds"`
	PlanExitCode         int          `json:"plan_exit_code"`
	Apply                counterDelta `json:"apply_counters"`
	Plan                 counterDelta `json:"plan_counters"`
	FloorApplySeconds    float64      `json:"floor_apply_seconds"`
	FloorApplyCPUSeconds float64      `json:"floor_apply_cpu_seconds"`
	FloorPlanSeconds     float64      `json:"floor_plan_seconds"`
	FloorPlanCPUSeconds  float64      `json:"floor_plan_cpu_seconds"`
	FloorPlanExitCode    int          `json:"floor_plan_exit_code"`
	DataApplySeconds     float64      `json:"terraform_data_apply_seconds"`

	// Where the CPU went: the provider processes (launcher rusage) and the emulator (/proc).
	ApplyProviderCPUSeconds      float64 `json:"apply_provider_cpu_seconds"`
	PlanProviderCPUSeconds       float64 `json:"plan_provider_cpu_seconds"`
	FloorApplyProviderCPUSeconds float64 `json:"floor_apply_provider_cpu_seconds"`
	FloorPlanProviderCPUSeconds  float64 `json:"floor_plan_provider_cpu_seconds"`
	ApplyEmulatorCPUSeconds      float64 `json:"apply_emulator_cpu_seconds"`
	PlanEmulatorCPUSeconds       float64 `json:"plan_emulator_cpu_seconds"`

	apply, plan, floorApply, floorPlan, dataApply timing
}

func (r *rep) fill() {
	r.ApplySeconds, r.ApplyCPUSeconds = r.apply.wall.Seconds(), r.apply.cpu.Seconds()
	r.PlanSeconds, r.PlanCPUSeconds, r.PlanExitCode = r.plan.wall.Seconds(), r.plan.cpu.Seconds(), r.plan.exitCode
	r.FloorApplySeconds, r.FloorApplyCPUSeconds = r.floorApply.wall.Seconds(), r.floorApply.cpu.Seconds()
	r.FloorPlanSeconds, r.FloorPlanCPUSeconds = r.floorPlan.wall.Seconds(), r.floorPlan.cpu.Seconds()
	r.FloorPlanExitCode = r.floorPlan.exitCode
	r.DataApplySeconds = r.dataApply.wall.Seconds()
	r.ApplyProviderCPUSeconds = r.apply.providerCPU.Seconds()
	r.PlanProviderCPUSeconds = r.plan.providerCPU.Seconds()
	r.FloorApplyProviderCPUSeconds = r.floorApply.providerCPU.Seconds()
	r.FloorPlanProviderCPUSeconds = r.floorPlan.providerCPU.Seconds()
	r.ApplyEmulatorCPUSeconds = r.apply.emulatorCPU.Seconds()
	r.PlanEmulatorCPUSeconds = r.plan.emulatorCPU.Seconds()
}

// results is bench/out/results.json: exactly the figures issues 7, 11 and 12 name. The CPU-time
// ratios lead: wall time on a shared machine is noisier than the provider's effect.
type results struct {
	Resources                 int     `json:"resources"`
	Parallelism               int     `json:"parallelism"`
	ApplyCPURatio             float64 `json:"apply_cpu_ratio"`
	PlanCPURatio              float64 `json:"plan_cpu_ratio"`
	ApplySeconds              float64 `json:"apply_seconds"`
	PlanSeconds               float64 `json:"plan_seconds"`
	FloorApplySeconds         float64 `json:"floor_apply_seconds"`
	FloorPlanSeconds          float64 `json:"floor_plan_seconds"`
	ApplyRatio                float64 `json:"apply_ratio"`
	PlanRatio                 float64 `json:"plan_ratio"`
	TerraformDataApplySeconds float64 `json:"terraform_data_apply_seconds"`
	TLSHandshakes             int64   `json:"tls_handshakes"`
	Requests                  int64   `json:"requests"`
	ThrottledPlanSeconds      float64 `json:"throttled_plan_seconds"`
	ThrottledPlanRatio        float64 `json:"throttled_plan_ratio"`
	RateLimitedResponses      int64   `json:"rate_limited_responses"`
	ProviderMaxRSSMB          float64 `json:"provider_max_rss_mb"`

	// The adaptive scenario: adaptive_apply_ratio is null when the apply failed.
	AdaptiveResources            int      `json:"adaptive_resources"`
	AdaptiveParallelism          int      `json:"adaptive_parallelism"`
	AdaptiveServerRatePerMinute  int      `json:"adaptive_server_rate_per_minute"`
	AdaptiveApplySucceeded       bool     `json:"adaptive_apply_succeeded"`
	AdaptivePlanSucceeded        bool     `json:"adaptive_plan_succeeded"`
	AdaptiveApplySeconds         float64  `json:"adaptive_apply_seconds"`
	AdaptiveRequestsAccepted     int64    `json:"adaptive_requests_accepted"`
	AdaptiveApplyRatio           *float64 `json:"adaptive_apply_ratio"`
	AdaptiveRateLimitedResponses int64    `json:"adaptive_rate_limited_responses"`
	AdaptiveRateLimitDiagnostics int      `json:"adaptive_rate_limit_diagnostics"`

	consoleFigures

	Go        string `json:"go"`
	Terraform string `json:"terraform"`
	CPU       string `json:"cpu"`
}

// details is bench/out/details.json: every repetition and the context of the figures.
type details struct {
	Results             results           `json:"results"`
	Repeat              int               `json:"repeat"`
	Split               map[string]int    `json:"split"`
	Reps                []rep             `json:"reps"`
	Throttled           counterDelta      `json:"throttled_plan_counters"`
	ThrottledExitCode   int               `json:"throttled_plan_exit_code"`
	ThrottleRate        int               `json:"throttle_rate_per_minute"`
	PeakRSSKiBByStep    map[string]int64  `json:"peak_rss_kib_by_step"`
	FloorProviderMaxRSS float64           `json:"floor_provider_max_rss_mb"`
	Adaptive            adaptiveRun       `json:"adaptive"`
	Console             consoleRun        `json:"console"`
	Targets             []targetResult    `json:"targets"`
	Profiled            bool              `json:"profiled"`
	ProviderRuntimeEnv  map[string]string `json:"provider_runtime_env,omitempty"`
	WholeRunSeconds     float64           `json:"whole_run_seconds"`
	Warnings            []string          `json:"warnings,omitempty"`
}

func run(ctx context.Context, o options) error {
	started := time.Now()
	repo, err := filepath.Abs(o.repo)
	if err != nil {
		return err
	}
	out := o.out
	if !filepath.IsAbs(out) {
		out = filepath.Join(repo, out)
	}
	l := newLayout(out)
	for _, d := range []string{l.logs, l.rss, l.state, l.profiles, l.certs, filepath.Join(out, "work")} {
		if err := os.RemoveAll(d); err != nil {
			return err
		}
	}
	for _, d := range []string{l.tools, l.realBin, l.noopBin, l.mirror, l.logs, l.rss, l.state, l.realWork, l.noopWork, l.dataWork, l.adaptiveWork} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if o.profile {
		if err := os.MkdirAll(l.profiles, 0o755); err != nil {
			return err
		}
	}

	tfBin, err := findTerraform(o.terraform)
	if err != nil {
		return err
	}
	step(started, "building the provider, the no-op provider, the launcher and the emulator")
	if err := build(ctx, repo, l, o.profile); err != nil {
		return err
	}
	emulatorBin := filepath.Join(l.tools, "appsintoss-emulator")
	if err := runQuiet(ctx, emulatorBin, "certs", "--out", l.certs); err != nil {
		return fmt.Errorf("writing certificates: %w", err)
	}

	cliPath := filepath.Join(out, "terraform.rc")
	if err := writeFile(cliPath, cliConfig(l.realBin, l.noopBin, l.mirror)); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(l.realWork, "main.tf"), catalogConfig("appsintoss-terraform/appsintoss", o.n)); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(l.noopWork, "main.tf"), catalogConfig("localhost/bench/appsintoss", o.n)); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(l.dataWork, "main.tf"), terraformDataConfig(o.n)); err != nil {
		return err
	}
	tf := &terraformRunner{bin: tfBin, cliConfig: cliPath, logDir: l.logs, rssDir: l.rss}
	if o.profile {
		tf.extraEnv = append(tf.extraEnv, "BENCH_PROFILE_DIR="+l.profiles)
	}
	// Experiments with the provider's Go runtime settings reach the provider processes (both of
	// them) through the launcher, never Terraform itself.
	runtimeEnv := map[string]string{}
	for _, name := range []string{"BENCH_PROVIDER_GOGC", "BENCH_PROVIDER_GOMEMLIMIT", "BENCH_REAL_ENV", "BENCH_NOOP_ENV"} {
		if v := os.Getenv(name); v != "" {
			tf.extraEnv = append(tf.extraEnv, name+"="+v)
			runtimeEnv[name] = v
		}
	}
	tfVersion, err := tf.version(ctx)
	if err != nil {
		return err
	}

	stats, err := newStatsClient(l.certs)
	if err != nil {
		return err
	}
	defer stats.closeIdle()

	// Warm-up: load every binary once and let Terraform check the configurations.
	for _, dir := range []string{l.realWork, l.noopWork, l.dataWork} {
		if _, err := tf.mustSucceed(ctx, dir, "validate-"+filepath.Base(dir), "validate", "-no-color"); err != nil {
			return err
		}
	}

	det := details{Repeat: o.repeat, ThrottleRate: o.throttleRate, Profiled: o.profile, Split: map[string]int{},
		ProviderRuntimeEnv: runtimeEnv}
	for i, c := range split(o.n) {
		det.Split[catalogTypes[i].name] = c
	}
	vars := func(addr string, rate int) []string {
		return []string{"-var=endpoint=https://" + addr, "-var=cert_dir=" + l.certs,
			"-var=rate_limit_per_minute=" + strconv.Itoa(rate)}
	}
	applyArgs := []string{"apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=" + strconv.Itoa(o.parallelism)}
	planArgs := []string{"plan", "-refresh=true", "-input=false", "-no-color", "-detailed-exitcode", "-parallelism=" + strconv.Itoa(o.parallelism)}
	statePath := filepath.Join(l.state, "emulator.json")
	emuOpts := emulatorOptions{ratePerMinute: 0, productCap: max(30, o.n), statePath: statePath}

	var lastEmu *emulatorProc
	defer func() { lastEmu.stop() }()
	for i := 1; i <= o.repeat; i++ {
		r := rep{}
		// The real provider against a fresh emulator, limits off on both sides. The emulator
		// saves its state at stop, so the throttled run can start from the last one.
		realRun := func() error {
			if err := resetState(l.realWork, statePath); err != nil {
				return err
			}
			emuOpts.logPath = filepath.Join(l.logs, fmt.Sprintf("emulator-%d.log", i))
			emu, err := startEmulator(emulatorBin, l.certs, emuOpts)
			if err != nil {
				return err
			}
			lastEmu = emu
			defer func() { emu.stop(); lastEmu = nil }()
			step(started, fmt.Sprintf("run %d/%d: provider apply of %d resources, then refresh plan (emulator on %s)", i, o.repeat, o.n, emu.addr))
			s0, err := stats.read(ctx, emu.addr)
			if err != nil {
				return err
			}
			c0 := processCPU(emu.cmd.Process.Pid)
			if r.apply, err = tf.mustSucceed(ctx, l.realWork, fmt.Sprintf("real-apply-%d", i), append(applyArgs, vars(emu.addr, 0)...)...); err != nil {
				return err
			}
			c1 := processCPU(emu.cmd.Process.Pid)
			r.apply.emulatorCPU = c1 - c0
			s1, err := stats.read(ctx, emu.addr)
			if err != nil {
				return err
			}
			r.Apply = delta(s0, s1)
			if r.plan, err = tf.mustSucceed(ctx, l.realWork, fmt.Sprintf("real-plan-%d", i), append(planArgs, vars(emu.addr, 0)...)...); err != nil {
				return err
			}
			r.plan.emulatorCPU = processCPU(emu.cmd.Process.Pid) - c1
			s2, err := stats.read(ctx, emu.addr)
			if err != nil {
				return err
			}
			r.Plan = delta(s1, s2)
			if r.plan.exitCode == 2 {
				det.Warnings = append(det.Warnings, fmt.Sprintf("run %d: the refresh plan of the applied state is not empty (see logs/real-plan-%d.log)", i, i))
			}
			stats.closeIdle()
			return nil
		}
		// The no-op floor: same configuration, same Terraform, same parallelism.
		floorRun := func() error {
			step(started, fmt.Sprintf("run %d/%d: no-op floor apply, then refresh plan", i, o.repeat))
			if err := resetState(l.noopWork, ""); err != nil {
				return err
			}
			var err error
			if r.floorApply, err = tf.mustSucceed(ctx, l.noopWork, fmt.Sprintf("floor-apply-%d", i), append(applyArgs, vars("127.0.0.1:1", 0)...)...); err != nil {
				return err
			}
			r.floorPlan, err = tf.mustSucceed(ctx, l.noopWork, fmt.Sprintf("floor-plan-%d", i), append(planArgs, vars("127.0.0.1:1", 0)...)...)
			return err
		}
		// Alternate which goes first, so that a machine getting busier or quieter during the
		// run does not favour one side.
		order := []func() error{realRun, floorRun}
		if i%2 == 0 {
			order = []func() error{floorRun, realRun}
		}
		for _, f := range order {
			if err := f(); err != nil {
				return err
			}
		}
		// terraform_data, for reference.
		step(started, fmt.Sprintf("run %d/%d: terraform_data apply", i, o.repeat))
		if err := resetState(l.dataWork, ""); err != nil {
			return err
		}
		var err error
		if r.dataApply, err = tf.mustSucceed(ctx, l.dataWork, fmt.Sprintf("terraform-data-apply-%d", i), applyArgs...); err != nil {
			return err
		}
		r.fill()
		det.Reps = append(det.Reps, r)
	}

	// Throttled: restart the emulator on the same state at 600/min, and plan with the provider
	// at 600/min too. Every refusal the emulator serves is a request the client sent too early.
	step(started, fmt.Sprintf("throttled refresh plan: emulator and provider at %d requests/minute", o.throttleRate))
	throttledOpts := emuOpts
	throttledOpts.ratePerMinute = o.throttleRate
	throttledOpts.logPath = filepath.Join(l.logs, "emulator-throttled.log")
	emu, err := startEmulator(emulatorBin, l.certs, throttledOpts)
	if err != nil {
		return err
	}
	lastEmu = emu
	s0, err := stats.read(ctx, emu.addr)
	if err != nil {
		return err
	}
	throttled, err := tf.mustSucceed(ctx, l.realWork, "throttled-plan", append(planArgs, vars(emu.addr, o.throttleRate)...)...)
	if err != nil {
		return err
	}
	d, code := throttled.wall, throttled.exitCode
	s1, err := stats.read(ctx, emu.addr)
	if err != nil {
		return err
	}
	stats.closeIdle()
	emu.stop()
	lastEmu = nil
	det.Throttled, det.ThrottledExitCode = delta(s0, s1), code
	if code == 2 {
		det.Warnings = append(det.Warnings, "the throttled refresh plan is not empty (see logs/throttled-plan.log)")
	}

	step(started, fmt.Sprintf("adaptive: apply of %d resources at -parallelism=%d, then plan; emulator at %d requests/minute, provider at its default",
		o.adaptive.n, o.adaptive.parallelism, o.adaptive.serverRate))
	if det.Adaptive, err = runAdaptive(ctx, o.adaptive, tf, stats, emulatorBin, l.certs, l.adaptiveWork, l.logs); err != nil {
		return fmt.Errorf("adaptive scenario: %w", err)
	}
	if det.Adaptive.Apply.Succeeded && det.Adaptive.Plan.ExitCode == 2 {
		det.Warnings = append(det.Warnings, "the plan after the adaptive apply is not empty (see logs/adaptive-plan.log)")
	}

	step(started, fmt.Sprintf("console: apply of %d resources through the console gateway, then %d refresh plans on each road; "+
		"then %v through the console", o.n, o.repeat, consoleBudgetCounts))
	if det.Console, err = runConsole(ctx, o.console, harness{tf: tf, stats: stats, emulatorBin: emulatorBin,
		certDir: l.certs, logDir: l.logs}, l.consoleWork); err != nil {
		return fmt.Errorf("console scenario: %w", err)
	}
	det.Warnings = append(det.Warnings, det.Console.warnings()...)

	// Figures.
	res := results{Resources: o.n, Parallelism: o.parallelism, Go: runtime.Version(), Terraform: tfVersion, CPU: cpuName()}
	res.ApplySeconds = median(det.Reps, func(r rep) float64 { return r.ApplySeconds })
	res.PlanSeconds = median(det.Reps, func(r rep) float64 { return r.PlanSeconds })
	res.FloorApplySeconds = median(det.Reps, func(r rep) float64 { return r.FloorApplySeconds })
	res.FloorPlanSeconds = median(det.Reps, func(r rep) float64 { return r.FloorPlanSeconds })
	res.TerraformDataApplySeconds = median(det.Reps, func(r rep) float64 { return r.DataApplySeconds })
	res.ApplyRatio = ratio(res.ApplySeconds, res.FloorApplySeconds)
	res.PlanRatio = ratio(res.PlanSeconds, res.FloorPlanSeconds)
	res.ApplyCPURatio = ratio(median(det.Reps, func(r rep) float64 { return r.ApplyCPUSeconds }),
		median(det.Reps, func(r rep) float64 { return r.FloorApplyCPUSeconds }))
	res.PlanCPURatio = ratio(median(det.Reps, func(r rep) float64 { return r.PlanCPUSeconds }),
		median(det.Reps, func(r rep) float64 { return r.FloorPlanCPUSeconds }))
	for _, r := range det.Reps {
		res.TLSHandshakes = max(res.TLSHandshakes, r.Apply.Handshakes) // the worst repetition
		res.Requests = max(res.Requests, r.Apply.Requests)
	}
	res.ThrottledPlanSeconds = round3(d.Seconds())
	if det.Throttled.Requests > 0 {
		res.ThrottledPlanRatio = round3(d.Seconds() / (float64(det.Throttled.Requests) / (float64(o.throttleRate) / 60)))
	}
	res.RateLimitedResponses = det.Throttled.RateLimited
	a := det.Adaptive
	res.AdaptiveResources, res.AdaptiveParallelism, res.AdaptiveServerRatePerMinute = a.Resources, a.Parallelism, a.ServerRatePerMinute
	res.AdaptiveApplySucceeded, res.AdaptivePlanSucceeded = a.Apply.Succeeded, a.Plan.Succeeded
	res.AdaptiveApplySeconds, res.AdaptiveRequestsAccepted = a.Apply.Seconds, a.Apply.accepted()
	res.AdaptiveApplyRatio = a.applyRatio()
	res.AdaptiveRateLimitedResponses, res.AdaptiveRateLimitDiagnostics = a.rateLimited(), a.rateLimitDiagnostics()
	res.consoleFigures = det.Console.figures()

	det.PeakRSSKiBByStep = map[string]int64{}
	var realPeak, noopPeak int64
	entries, _ := os.ReadDir(l.rss)
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".log")
		for label, u := range readProviderUsage(filepath.Join(l.rss, e.Name())) {
			det.PeakRSSKiBByStep[name+"/"+label] = u.peakKiB
			if label == "real" && !strings.HasPrefix(name, "validate") {
				realPeak = max(realPeak, u.peakKiB)
			}
			if label == "noop" && !strings.HasPrefix(name, "validate") {
				noopPeak = max(noopPeak, u.peakKiB)
			}
		}
	}
	res.ProviderMaxRSSMB = math.Round(float64(realPeak)/1024*10) / 10
	det.FloorProviderMaxRSS = math.Round(float64(noopPeak)/1024*10) / 10
	if realPeak == 0 {
		det.Warnings = append(det.Warnings, "no provider process reported its peak RSS (see rss/)")
	}

	det.Results = res
	det.Targets = evaluate(res)
	det.WholeRunSeconds = round3(time.Since(started).Seconds())
	if err := writeJSON(filepath.Join(out, "results.json"), res); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(out, "details.json"), det); err != nil {
		return err
	}
	printTable(os.Stdout, res, det)
	if o.profile {
		fmt.Printf("\nprofiles of every provider process: %s\n  go tool pprof -top %s %s/real-cpu-*.pprof\n", l.profiles,
			filepath.Join(l.realBin, "provider.bin"), l.profiles)
	}
	if left := leftovers(out); len(left) > 0 {
		return fmt.Errorf("processes started from %s are still running: %v", out, left)
	}
	return nil
}

// build compiles everything the run needs in one go build, then lays out the two dev_overrides
// directories: the launcher as terraform-provider-appsintoss, the provider itself as provider.bin.
func build(ctx context.Context, repo string, l layout, profile bool) error {
	pkgs := []string{".", "./bench/noopprovider", "./bench/cmd/rsslauncher", "./cmd/appsintoss-emulator"}
	if profile {
		pkgs = append(pkgs, "./bench/cmd/profprovider")
	}
	cmd := exec.CommandContext(ctx, "go", append([]string{"build", "-o", l.tools + string(filepath.Separator)}, pkgs...)...)
	cmd.Dir = repo
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	realProvider := "terraform-provider-appsintoss"
	if profile {
		realProvider = "profprovider"
	}
	copies := [][2]string{
		{"rsslauncher", filepath.Join(l.realBin, "terraform-provider-appsintoss")},
		{realProvider, filepath.Join(l.realBin, "provider.bin")},
		{"rsslauncher", filepath.Join(l.noopBin, "terraform-provider-appsintoss")},
		{"noopprovider", filepath.Join(l.noopBin, "provider.bin")},
	}
	for _, c := range copies {
		if err := copyFile(filepath.Join(l.tools, c[0]), c[1]); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	_ = os.Remove(to)
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

func runQuiet(ctx context.Context, bin string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w: %s", err, out)
	}
	return nil
}

func findTerraform(flagValue string) (string, error) {
	for _, candidate := range []string{flagValue, os.Getenv("TF_ACC_TERRAFORM_PATH")} {
		if candidate != "" {
			return candidate, nil
		}
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("no Terraform CLI: put terraform on PATH or set BENCH_TERRAFORM / TF_ACC_TERRAFORM_PATH")
	}
	return p, nil
}

// resetState removes a working directory's Terraform state (and the emulator's saved state), so
// the next apply starts from empty.
func resetState(workDir, emulatorState string) error {
	matches, _ := filepath.Glob(filepath.Join(workDir, "terraform.tfstate*"))
	if emulatorState != "" {
		matches = append(matches, emulatorState)
	}
	for _, m := range matches {
		if err := os.Remove(m); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

func median(reps []rep, f func(rep) float64) float64 {
	vals := make([]float64, 0, len(reps))
	for _, r := range reps {
		vals = append(vals, f(r))
	}
	return medianOf(vals)
}

func medianOf(vals []float64) float64 {
	vals = slices.Clone(vals)
	slices.Sort(vals)
	n := len(vals)
	if n == 0 {
		return 0
	}
	m := vals[n/2]
	if n%2 == 0 {
		m = (vals[n/2-1] + vals[n/2]) / 2
	}
	return round3(m)
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return round3(a / b)
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func cpuName() string {
	name := runtime.GOARCH
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				name = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%s (%d cores)", name, runtime.NumCPU())
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func step(started time.Time, msg string) {
	fmt.Fprintf(os.Stderr, "[%6.1fs] %s\n", time.Since(started).Seconds(), msg)
}

// leftovers lists processes whose executable lives under the output directory: anything the
// harness started that is still running. Each is sent SIGTERM by its pid.
func leftovers(out string) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err == nil && strings.HasPrefix(exe, out+string(filepath.Separator)) {
			pids = append(pids, pid)
		}
	}
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	return pids
}
