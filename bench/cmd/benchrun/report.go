package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// targetResult is one target of issues 7, 11 and 12 and whether this run met it.
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
		{"console_plan_tool_calls", orNull(r.ConsolePlanToolCalls),
			fmt.Sprintf("<= %d (%d + ceil(n/%d) per type)", r.ConsolePlanToolCallTarget, configureToolCalls, consolePageSize),
			atMost(r.ConsolePlanToolCalls, r.ConsolePlanToolCallTarget)},
		{"console_plan_ratio", orNull(r.ConsolePlanRatio), fmt.Sprintf("<= %g", maxConsolePlanRatio),
			atMost(r.ConsolePlanRatio, maxConsolePlanRatio)},
		{"console_plan_cpu_ratio", orNull(r.ConsolePlanCPURatio), fmt.Sprintf("<= %g", maxConsolePlanCPURatio),
			atMost(r.ConsolePlanCPURatio, maxConsolePlanCPURatio)},
		{"console_budget_plan_tool_calls", orNull(r.ConsoleBudgetPlanToolCalls), fmt.Sprintf("<= %d", budgetPlanToolCalls),
			atMost(r.ConsoleBudgetPlanToolCalls, budgetPlanToolCalls)},
	}
}

// orNull is a figure that may be missing (a failed run's), as JSON has it.
func orNull[T any](v *T) any {
	if v == nil {
		return nil
	}
	return *v
}

// atMost: a missing figure never meets its target.
func atMost[T int64 | float64](v *T, limit T) bool { return v != nil && *v <= limit }

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
	printConsole(w, row, verdict, r, d.Console)
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
	printFirstErrors(w, namedCommand{"apply", a.Apply}, namedCommand{"plan", a.Plan})
}

type namedCommand struct {
	name    string
	command commandResult
}

// printFirstErrors quotes the first error each failed command showed.
func printFirstErrors(w io.Writer, commands ...namedCommand) {
	for _, c := range commands {
		if len(c.command.UI.Errors) > 0 {
			first := c.command.UI.Errors[0]
			fmt.Fprintf(w, "    %s: %d errors; the first (%s): %s: %s\n", c.name, len(c.command.UI.Errors), orNone(first.Address),
				first.Summary, oneLine(first.Detail, 300))
		}
	}
}

// printConsole is the console scenario's part of the table. A failed apply or plan is stated
// with the first error Terraform showed; the figures it leaves without a value say "-".
func printConsole(w io.Writer, row func(name, value, target string), verdict map[string]string, r results, c consoleRun) {
	fmt.Fprintf(w, "\n  console: %d resources through the console gateway (MCP) and through the catalog contract (mTLS), one emulator, "+
		"median of %d plans on each road\n", c.Resources, len(c.Plans))
	applied := "(reference)"
	if !c.Apply.Succeeded {
		applied = "(reference) the apply failed: " + howItFailed(c.Apply)
	}
	row("console_apply_seconds", fmt.Sprintf("%.3f s, %d tool calls", r.ConsoleApplySeconds, r.ConsoleApplyToolCalls), applied)
	calls := "-"
	if worst := c.costliestPlan(); worst != nil {
		calls = fmt.Sprintf("%d (configure %d, reads %d)", worst.Counters.ToolCalls, configureCalls(worst.Counters),
			worst.Counters.ToolCalls-configureCalls(worst.Counters))
	}
	row("console_plan_tool_calls", calls, verdict["console_plan_tool_calls"])
	seconds := "-"
	if r.ConsolePlanSeconds != nil {
		seconds = fmt.Sprintf("%.3f s (contract %.3f s)", *r.ConsolePlanSeconds, *r.ConsoleContractPlanSeconds)
	}
	row("console_plan_seconds", seconds, "")
	row("console_plan_ratio (wall time)", orDash(r.ConsolePlanRatio), verdict["console_plan_ratio"])
	row("console_plan_cpu_ratio", orDash(r.ConsolePlanCPURatio), verdict["console_plan_cpu_ratio"])
	budget := "-"
	if r.ConsoleBudgetPlanToolCalls != nil {
		budget = fmt.Sprintf("%d (%s resources)", *r.ConsoleBudgetPlanToolCalls, joinCounts(consoleBudgetCounts))
	}
	row("console_budget_plan_tool_calls", budget, verdict["console_budget_plan_tool_calls"])
	if console, contract, ok := c.planMedians(cpuSeconds); ok {
		provider, providerContract, _ := c.planMedians(func(r commandResult) float64 { return r.ProviderCPUSeconds })
		emu, emuContract, _ := c.planMedians(func(r commandResult) float64 { return r.EmulatorCPUSeconds })
		fmt.Fprintf(w, "    CPU seconds of the plans, median (Terraform / provider processes / emulator): "+
			"console %.2f / %.2f / %.2f   contract %.2f / %.2f / %.2f\n",
			console-provider, provider, emu, contract-providerContract, providerContract, emuContract)
	}
	commands := []namedCommand{{"console apply", c.Apply}}
	for i, p := range c.Plans {
		commands = append(commands, namedCommand{fmt.Sprintf("console plan %d", i+1), p.Console},
			namedCommand{fmt.Sprintf("contract plan %d", i+1), p.Contract})
	}
	commands = append(commands, namedCommand{"budget apply", c.Budget.Apply}, namedCommand{"budget plan", c.Budget.Plan})
	printFirstErrors(w, commands...)
}

func orDash(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f", *v)
}

func outcome(s commandResult) string {
	if s.Succeeded {
		return fmt.Sprintf("true (exit %d)", s.ExitCode)
	}
	return "false (" + howItFailed(s) + ")"
}

// howItFailed is a failed command's end in words.
func howItFailed(s commandResult) string {
	if s.TimedOut {
		return "timed out"
	}
	return fmt.Sprintf("exit %d, %d errors", s.ExitCode, len(s.UI.Errors))
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

// joinCounts writes counts as "30 + 1 + 1".
func joinCounts(counts []int) string {
	parts := make([]string, len(counts))
	for i, c := range counts {
		parts[i] = fmt.Sprint(c)
	}
	return strings.Join(parts, " + ")
}
