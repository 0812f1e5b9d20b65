package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The snapshot design: two configure calls, then one list call per page of 100 of each type
// that has objects.
func TestPlanToolCallTarget(t *testing.T) {
	for _, c := range []struct {
		counts []int
		want   int64
	}{
		{[]int{100, 100, 100}, 5}, // BENCH_N = 300
		{[]int{30, 1, 1}, 5},      // the budget case
		{[]int{101, 100, 99}, 6},  // 101 take two pages
		{[]int{334, 333, 333}, 2 + 4 + 4 + 4},
		{[]int{1, 0, 0}, 3}, // a type with nothing in state is never read
		{[]int{0, 0, 0}, 2},
	} {
		if got := planToolCallTarget(c.counts); got != c.want {
			t.Errorf("target for %v: %d, want %d", c.counts, got, c.want)
		}
	}
}

// consolePlan is a successful console or contract plan of the given wall and CPU seconds.
func consolePlan(seconds, cpu float64, toolCalls int64) commandResult {
	return commandResult{Succeeded: true, Seconds: seconds, CPUSeconds: cpu,
		Counters: counterDelta{ToolCalls: toolCalls, ByTool: map[string]int64{"workspace_list": 1, "miniapp_list": 1,
			"push_template_list": toolCalls - 2}}}
}

func successfulConsoleRun() consoleRun {
	return consoleRun{Resources: 300, PlanToolCallTarget: 5,
		Apply: commandResult{Succeeded: true, Seconds: 20, Counters: counterDelta{ToolCalls: 306}},
		Plans: []consolePlanPair{
			{ConsoleFirst: true, Console: consolePlan(3, 2.0, 5), Contract: consolePlan(4, 2.5, 0)},
			{Console: consolePlan(5, 3.0, 6), Contract: consolePlan(2, 1.5, 0)},
			{ConsoleFirst: true, Console: consolePlan(4, 2.4, 5), Contract: consolePlan(5, 3.0, 0)},
		},
		Budget: consoleBudget{PlanToolCallTarget: 5, Apply: commandResult{Succeeded: true},
			Plan: consolePlan(1, 1, 5)},
	}
}

// The ratios are median over median (console 4 s and 2.4 CPU s, contract 4 s and 2.5 CPU s),
// not the median of per-repetition ratios; the tool calls are the costliest plan's.
func TestConsoleFigures(t *testing.T) {
	f := successfulConsoleRun().figures()
	for name, c := range map[string]struct {
		got  any
		want any
	}{
		"console_plan_tool_calls":        {orNull(f.ConsolePlanToolCalls), int64(6)},
		"console_plan_seconds":           {orNull(f.ConsolePlanSeconds), 4.0},
		"console_contract_plan_seconds":  {orNull(f.ConsoleContractPlanSeconds), 4.0},
		"console_plan_ratio":             {orNull(f.ConsolePlanRatio), 1.0},
		"console_plan_cpu_ratio":         {orNull(f.ConsolePlanCPURatio), 0.96},
		"console_apply_seconds":          {f.ConsoleApplySeconds, 20.0},
		"console_apply_tool_calls":       {f.ConsoleApplyToolCalls, int64(306)},
		"console_budget_plan_tool_calls": {orNull(f.ConsoleBudgetPlanToolCalls), int64(5)},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", name, c.got, c.want)
		}
	}
	if worst := successfulConsoleRun().costliestPlan(); worst == nil || configureCalls(worst.Counters) != 2 {
		t.Errorf("configure calls of the costliest plan: %+v, want 2", worst)
	}
}

// A repetition in which either road's plan failed compares nothing and is left out.
func TestAFailedPlanIsLeftOutOfTheComparison(t *testing.T) {
	r := successfulConsoleRun()
	r.Plans[2].Contract.Succeeded = false // leaves the repetitions (3 s, 4 s) and (5 s, 2 s)
	r.Plans[1].Console.Succeeded = false  // leaves (3 s, 4 s)
	if got := orNull(r.planRatio()); got != 0.75 {
		t.Errorf("ratio %v, want 0.75 (the one repetition where both plans succeeded)", got)
	}
	if got := orNull(r.planToolCalls()); got != int64(5) {
		t.Errorf("tool calls %v, want 5 (the failed plan's 6 is not the figure)", got)
	}
	r.Plans[0].Console.Succeeded = false
	if r.planRatio() != nil || r.planCPURatio() != nil {
		t.Errorf("ratios %v %v with no repetition where both plans succeeded, want none", r.planRatio(), r.planCPURatio())
	}
}

// The budget plan of a catalog whose apply failed reads part of it: not the figure.
func TestAFailedBudgetApplyHasNoBudgetFigure(t *testing.T) {
	r := successfulConsoleRun()
	r.Budget.Apply.Succeeded = false
	if got := r.figures().ConsoleBudgetPlanToolCalls; got != nil {
		t.Errorf("budget tool calls %d after a failed apply, want none", *got)
	}
}

func TestAFailedConsoleApplyHasNoPlanFigures(t *testing.T) {
	r := successfulConsoleRun()
	r.Apply.Succeeded = false
	r.Budget.Plan.Succeeded = false
	res := results{consoleFigures: r.figures()}
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"console_plan_tool_calls":null`, `"console_plan_ratio":null`, `"console_plan_cpu_ratio":null`,
		`"console_plan_seconds":null`, `"console_budget_plan_tool_calls":null`, `"console_apply_succeeded":false`,
		`"console_apply_seconds":20`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("results.json lacks %s: %s", want, data)
		}
	}
	verdicts := map[string]bool{}
	for _, tr := range evaluate(res) {
		verdicts[tr.Figure] = tr.Met
	}
	for _, figure := range []string{"console_plan_tool_calls", "console_plan_ratio", "console_plan_cpu_ratio", "console_budget_plan_tool_calls"} {
		if met, ok := verdicts[figure]; !ok || met {
			t.Errorf("%s: met %v (listed %v) without a figure, want missed", figure, met, ok)
		}
	}
}

func TestConsoleTargets(t *testing.T) {
	verdict := func(f consoleFigures, figure string) bool {
		for _, tr := range evaluate(results{consoleFigures: f}) {
			if tr.Figure == figure {
				return tr.Met
			}
		}
		t.Fatalf("no target for %s", figure)
		return false
	}
	calls := func(n int64) *int64 { return &n }
	ratio := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		figure string
		f      consoleFigures
		met    bool
	}{
		{"console_plan_tool_calls", consoleFigures{ConsolePlanToolCalls: calls(5), ConsolePlanToolCallTarget: 5}, true},
		{"console_plan_tool_calls", consoleFigures{ConsolePlanToolCalls: calls(6), ConsolePlanToolCallTarget: 5}, false},
		{"console_plan_ratio", consoleFigures{ConsolePlanRatio: ratio(1.5)}, true},
		{"console_plan_ratio", consoleFigures{ConsolePlanRatio: ratio(1.501)}, false},
		{"console_plan_cpu_ratio", consoleFigures{ConsolePlanCPURatio: ratio(1.2)}, true},
		{"console_plan_cpu_ratio", consoleFigures{ConsolePlanCPURatio: ratio(1.21)}, false},
		{"console_budget_plan_tool_calls", consoleFigures{ConsoleBudgetPlanToolCalls: calls(12)}, true},
		{"console_budget_plan_tool_calls", consoleFigures{ConsoleBudgetPlanToolCalls: calls(13)}, false},
	} {
		if got := verdict(c.f, c.figure); got != c.met {
			t.Errorf("%s with %+v: met %v, want %v", c.figure, c.f, got, c.met)
		}
	}
}

// A plan that is not empty still refreshed, so it counts, with a warning that its figures time
// more than a refresh.
func TestConsoleWarnsOfPlansThatAreNotEmpty(t *testing.T) {
	r := successfulConsoleRun()
	if w := r.warnings(); len(w) != 0 {
		t.Fatalf("warnings for empty plans: %v", w)
	}
	r.Plans[1].Contract.ExitCode = 2
	r.Budget.Plan.ExitCode = 2
	w := r.warnings()
	if len(w) != 2 || !strings.Contains(w[0], "console-contract-plan-2.log") || !strings.Contains(w[1], "console-budget-plan.log") {
		t.Errorf("warnings %q, want the contract's plan 2 and the budget plan", w)
	}
}

// The console gateway's calls are counted per tool from the emulator's consoleToolCalls, apart
// from the contract's requests; a tool not called in between is left out.
func TestDeltaCountsConsoleToolCalls(t *testing.T) {
	before := snapshot{emulatorStats: emulatorStats{Requests: 10, ByRoute: map[string]int64{"GET /x": 10},
		ConsoleToolCalls: map[string]int64{"workspace_list": 2, "miniapp_list": 2, "push_template_create": 30}}}
	after := snapshot{emulatorStats: emulatorStats{Requests: 40, ByRoute: map[string]int64{"GET /x": 40},
		ConsoleToolCalls: map[string]int64{"workspace_list": 3, "miniapp_list": 3, "push_template_create": 30, "push_template_list": 2}}}
	d := delta(before, after)
	if d.Requests != 30 || d.ToolCalls != 4 {
		t.Errorf("requests %d, tool calls %d; want 30 and 4", d.Requests, d.ToolCalls)
	}
	want := map[string]int64{"workspace_list": 1, "miniapp_list": 1, "push_template_list": 2}
	if len(d.ByTool) != len(want) {
		t.Errorf("by tool %v, want %v", d.ByTool, want)
	}
	for tool, n := range want {
		if d.ByTool[tool] != n {
			t.Errorf("by tool %v, want %v", d.ByTool, want)
		}
	}
	if got := configureCalls(d); got != 2 {
		t.Errorf("configure calls %d, want 2", got)
	}

	if d := delta(after, after); d.ToolCalls != 0 || d.ByTool != nil {
		t.Errorf("no calls in between: %+v", d)
	}
}

func TestReadConsoleEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "emulator.env")
	full := "APPSINTOSS_ENDPOINT=https://127.0.0.1:1\n" +
		"APPSINTOSS_CONSOLE_URL=https://127.0.0.1:2/adapters/apps-in-toss-console/mcp\n" +
		"APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE=/certs/ca.pem\n" +
		"APPSINTOSS_CONSOLE_CREDENTIALS=eyJ0b2tlbiI6IngifQ==\n"
	if err := os.WriteFile(path, []byte(full), 0o600); err != nil {
		t.Fatal(err)
	}
	env, err := readConsoleEnv(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"APPSINTOSS_CONSOLE_URL=https://127.0.0.1:2/adapters/apps-in-toss-console/mcp",
		"APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE=/certs/ca.pem", "APPSINTOSS_CONSOLE_CREDENTIALS=eyJ0b2tlbiI6IngifQ=="}
	if !slices.Equal(env, want) {
		t.Errorf("env %q, want %q (only the console's variables; the base64 padding kept)", env, want)
	}

	withoutCredentials := strings.Replace(full, "APPSINTOSS_CONSOLE_CREDENTIALS=", "OTHER=", 1)
	if err := os.WriteFile(path, []byte(withoutCredentials), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readConsoleEnv(path); err == nil || !strings.Contains(err.Error(), "APPSINTOSS_CONSOLE_CREDENTIALS") {
		t.Errorf("error %v, want one that names the missing variable", err)
	}
}

// The console road's runner adds its variables without touching the contract road's.
func TestWithEnvLeavesTheOriginalRunnerAlone(t *testing.T) {
	base := &terraformRunner{extraEnv: make([]string, 1, 8)}
	base.extraEnv[0] = "BENCH_PROFILE_DIR=/p"
	console := base.withEnv("APPSINTOSS_CONSOLE_URL=https://127.0.0.1:2/mcp")
	other := base.withEnv("A=1")
	if len(base.extraEnv) != 1 || !slices.Equal(console.extraEnv, []string{"BENCH_PROFILE_DIR=/p", "APPSINTOSS_CONSOLE_URL=https://127.0.0.1:2/mcp"}) ||
		!slices.Equal(other.extraEnv, []string{"BENCH_PROFILE_DIR=/p", "A=1"}) {
		t.Errorf("base %q, console %q, other %q", base.extraEnv, console.extraEnv, other.extraEnv)
	}
}
