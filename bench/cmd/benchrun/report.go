package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// targetResult is one target of issues 7 and 11 and whether this run met it.
type targetResult struct {
	Figure string `json:"figure"`
	Value  any    `json:"value"`
	Target string `json:"target"`
	Met    bool   `json:"met"`
}

func evaluate(r results) []targetResult {
	maxHandshakes := float64(r.Parallelism + 2)
	adaptiveRatio := any(nil)
	if r.AdaptiveApplyRatio != nil {
		adaptiveRatio = *r.AdaptiveApplyRatio
	}
	return []targetResult{
		{"apply_cpu_ratio", r.ApplyCPURatio, "<= 1.2", r.ApplyCPURatio > 0 && r.ApplyCPURatio <= 1.2},
		{"plan_cpu_ratio", r.PlanCPURatio, "<= 1.2", r.PlanCPURatio > 0 && r.PlanCPURatio <= 1.2},
		{"apply_ratio", r.ApplyRatio, "<= 1.2", r.ApplyRatio <= 1.2},
		{"plan_ratio", r.PlanRatio, "<= 1.2", r.PlanRatio <= 1.2},
		{"tls_handshakes", r.TLSHandshakes, fmt.Sprintf("<= %d (parallelism + 2)", r.Parallelism+2), float64(r.TLSHandshakes) <= maxHandshakes},
		{"throttled_plan_ratio", r.ThrottledPlanRatio, "<= 1.1", r.ThrottledPlanRatio > 0 && r.ThrottledPlanRatio <= 1.1},
		{"rate_limited_responses", r.RateLimitedResponses, "= 0", r.RateLimitedResponses == 0},
		{"provider_max_rss_mb", r.ProviderMaxRSSMB, "<= 60", r.ProviderMaxRSSMB > 0 && r.ProviderMaxRSSMB <= 60},
		{"adaptive_apply_succeeded", r.AdaptiveApplySucceeded, "= true", r.AdaptiveApplySucceeded},
		{"adaptive_plan_succeeded", r.AdaptivePlanSucceeded, "= true", r.AdaptivePlanSucceeded},
		{"adaptive_rate_limit_diagnostics", r.AdaptiveRateLimitDiagnostics, "= 0 (no 429 shown)", r.AdaptiveRateLimitDiagnostics == 0},
		{"adaptive_apply_ratio", adaptiveRatio, "<= 1.5", r.AdaptiveApplyRatio != nil && *r.AdaptiveApplyRatio <= 1.5},
	}
}

func printTable(w io.Writer, r results, d details) {
	verdict := map[string]string{}
	for _, t := range d.Targets {
		v := "met"
		if !t.Met {
			v = "MISSED"
		}
		verdict[t.Figure] = fmt.Sprintf("%-26s %s", t.Target, v)
	}
	fmt.Fprintf(w, "\nappsintoss provider benchmark: %d resources, -parallelism=%d, median of %d runs\n", r.Resources, r.Parallelism, d.Repeat)
	fmt.Fprintf(w, "Terraform %s, %s, %s\n", r.Terraform, r.Go, r.CPU)
	if len(d.ProviderRuntimeEnv) > 0 || d.Profiled {
		fmt.Fprintf(w, "EXPERIMENT, not the provider as shipped: provider runtime %v, profiled %v\n", d.ProviderRuntimeEnv, d.Profiled)
	}
	fmt.Fprintln(w)
	row := func(name, value, target string) {
		fmt.Fprintf(w, "  %-34s %-30s %s\n", name, value, target)
	}
	row("figure", "value", "target")
	row(strings.Repeat("-", 34), strings.Repeat("-", 30), strings.Repeat("-", 34))
	row("apply_cpu_ratio", fmt.Sprintf("%.3f", r.ApplyCPURatio), verdict["apply_cpu_ratio"])
	row("plan_cpu_ratio", fmt.Sprintf("%.3f", r.PlanCPURatio), verdict["plan_cpu_ratio"])
	row("apply_seconds (from empty)", fmt.Sprintf("%.3f s", r.ApplySeconds), "")
	row("floor_apply_seconds (no-op)", fmt.Sprintf("%.3f s", r.FloorApplySeconds), "")
	row("apply_ratio (wall time)", fmt.Sprintf("%.3f", r.ApplyRatio), verdict["apply_ratio"])
	row("plan_seconds (refresh plan)", fmt.Sprintf("%.3f s", r.PlanSeconds), "")
	row("floor_plan_seconds (no-op)", fmt.Sprintf("%.3f s", r.FloorPlanSeconds), "")
	row("plan_ratio (wall time)", fmt.Sprintf("%.3f", r.PlanRatio), verdict["plan_ratio"])
	row("terraform_data_apply_seconds", fmt.Sprintf("%.3f s", r.TerraformDataApplySeconds), "(reference)")
	row("tls_handshakes (apply)", fmt.Sprint(r.TLSHandshakes), verdict["tls_handshakes"])
	row("requests (apply)", fmt.Sprint(r.Requests), "")
	row(fmt.Sprintf("throttled_plan_seconds (%d/min)", d.ThrottleRate), fmt.Sprintf("%.3f s for %d requests", r.ThrottledPlanSeconds, d.Throttled.Requests), "")
	row("throttled_plan_ratio", fmt.Sprintf("%.3f", r.ThrottledPlanRatio), verdict["throttled_plan_ratio"])
	row("rate_limited_responses", fmt.Sprint(r.RateLimitedResponses), verdict["rate_limited_responses"])
	row("provider_max_rss_mb", fmt.Sprintf("%.1f MiB (no-op: %.1f)", r.ProviderMaxRSSMB, d.FloorProviderMaxRSS), verdict["provider_max_rss_mb"])
	printAdaptive(w, row, verdict, r, d.Adaptive)
	med := func(f func(rep) float64) float64 { return median(d.Reps, f) }
	fmt.Fprintf(w, "\n  CPU seconds, median (Terraform / provider processes / emulator):\n")
	fmt.Fprintf(w, "    apply: real %.2f / %.2f / %.2f   floor %.2f / %.2f\n",
		med(func(r rep) float64 { return r.ApplyCPUSeconds - r.ApplyProviderCPUSeconds }),
		med(func(r rep) float64 { return r.ApplyProviderCPUSeconds }), med(func(r rep) float64 { return r.ApplyEmulatorCPUSeconds }),
		med(func(r rep) float64 { return r.FloorApplyCPUSeconds - r.FloorApplyProviderCPUSeconds }),
		med(func(r rep) float64 { return r.FloorApplyProviderCPUSeconds }))
	fmt.Fprintf(w, "    plan:  real %.2f / %.2f / %.2f   floor %.2f / %.2f\n",
		med(func(r rep) float64 { return r.PlanCPUSeconds - r.PlanProviderCPUSeconds }),
		med(func(r rep) float64 { return r.PlanProviderCPUSeconds }), med(func(r rep) float64 { return r.PlanEmulatorCPUSeconds }),
		med(func(r rep) float64 { return r.FloorPlanCPUSeconds - r.FloorPlanProviderCPUSeconds }),
		med(func(r rep) float64 { return r.FloorPlanProviderCPUSeconds }))
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(w, "  load average at the end (other work on this machine skews wall time): %s", load)
	}
	fmt.Fprintf(w, "\n  whole run: %.0f s; results.json and details.json in the output directory\n", d.WholeRunSeconds)
	for _, warn := range d.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
}

// printAdaptive is the adaptive scenario's part of the table. A failed apply or plan is stated
// with the first error Terraform showed, so the figure is read for what it is.
func printAdaptive(w io.Writer, row func(name, value, target string), verdict map[string]string, r results, a adaptiveRun) {
	fmt.Fprintf(w, "\n  adaptive: %d resources, -parallelism=%d, emulator at %d requests/minute, provider at its default rate\n",
		a.Resources, a.Parallelism, a.ServerRatePerMinute)
	row("adaptive_apply_succeeded", outcome(a.Apply), verdict["adaptive_apply_succeeded"])
	row("adaptive_plan_succeeded", outcome(a.Plan), verdict["adaptive_plan_succeeded"])
	row("adaptive_apply_seconds", fmt.Sprintf("%.3f s, %d requests accepted", r.AdaptiveApplySeconds, r.AdaptiveRequestsAccepted), "")
	ratio := "- (the apply failed)"
	if r.AdaptiveApplyRatio != nil {
		ratio = fmt.Sprintf("%.3f", *r.AdaptiveApplyRatio)
	}
	row("adaptive_apply_ratio", ratio, verdict["adaptive_apply_ratio"])
	row("adaptive_rate_limited_responses", fmt.Sprintf("%d (apply %d, plan %d)", r.AdaptiveRateLimitedResponses,
		a.Apply.Counters.RateLimited, a.Plan.Counters.RateLimited), "(429s the emulator served)")
	row("adaptive_rate_limit_diagnostics", fmt.Sprint(r.AdaptiveRateLimitDiagnostics), verdict["adaptive_rate_limit_diagnostics"])
	for _, s := range []struct {
		name string
		step commandResult
	}{{"apply", a.Apply}, {"plan", a.Plan}} {
		if len(s.step.UI.Errors) > 0 {
			first := s.step.UI.Errors[0]
			fmt.Fprintf(w, "    %s: %d errors; the first (%s): %s: %s\n", s.name, len(s.step.UI.Errors), orNone(first.Address),
				first.Summary, oneLine(first.Detail, 300))
		}
	}
}

func outcome(s commandResult) string {
	switch {
	case s.Succeeded:
		return fmt.Sprintf("true (exit %d)", s.ExitCode)
	case s.TimedOut:
		return "false (timed out)"
	default:
		return fmt.Sprintf("false (exit %d, %d errors)", s.ExitCode, len(s.UI.Errors))
	}
}

func orNone(s string) string {
	if s == "" {
		return "no address"
	}
	return s
}

// oneLine folds a diagnostic's detail into one line of at most n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
