package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// The console scenario (issue 12): the catalog through the console gateway, where a refresh
// reads lists, not objects (the first read of a catalog type takes a snapshot of all its pages,
// later reads of that type use it). A fresh emulator serves its console gateway next to the
// contract; n catalog resources are applied from empty through the console road, then refresh-
// planned through the console road and through the catalog contract, in alternating order, with
// the same configuration and state (the emulator serves one catalog to both roads). Last, the
// issue's budget case (30 templates, a promotion, a product) is applied and planned through the
// console on an emulator of its own, so that its lists hold nothing else.
//
// The figures: the tool calls of a console refresh plan against what the snapshot design allows,
// and its time against the contract's plan of the same resources. Whatever Terraform does is a
// result (see command.go).

const (
	// consolePageSize is the most objects one console list call returns: the `size` maximum of
	// every *_list tool in api/console-tools.json, which is what the provider asks for.
	consolePageSize = 100
	// configureToolCalls is what Configure calls to find the mini-app when the configuration does
	// not name it: one workspace_list and one miniapp_list per workspace; the emulator's test
	// console user has one workspace. A refresh plan configures one provider process.
	configureToolCalls = 2
	// budgetPlanToolCalls is the budget for a refresh plan of the budget case,
	// configure-time calls included.
	budgetPlanToolCalls = 12
	// maxConsolePlanRatio bounds the console plan's wall time over the contract's. The console
	// plan makes a handful of calls where the contract's makes one per resource, so it should not
	// be slower; what it adds is fixed (the session, the gateway's tool list checked against the
	// mapping, finding the mini-app) and a plan is dominated by Terraform's own work. 1.5 leaves
	// room for the ±30 % a busy shared machine moves wall time by, and still catches a fixed cost
	// as large as half a plan.
	maxConsolePlanRatio = 1.5
	// maxConsolePlanCPURatio bounds the same in CPU seconds, which the machine's load barely
	// moves: the console road may cost what the whole provider may cost over the no-op floor.
	maxConsolePlanCPURatio = 1.2
)

// consoleBudgetCounts is the budget case, in catalogTypes order: 30 push templates, one
// promotion, one IAP product.
var consoleBudgetCounts = []int{30, 1, 1}

// configureTools are the tools Configure calls; every other call of a plan is a catalog read.
var configureTools = []string{"workspace_list", "miniapp_list"}

type consoleScenario struct {
	n           int
	parallelism int
	repeat      int           // refresh plans on each road; the figures are medians
	deadline    time.Duration // per Terraform command; a hung command is a failed one
}

// consoleRun is the scenario's record in details.json.
type consoleRun struct {
	Resources          int               `json:"resources"`
	Counts             map[string]int    `json:"counts"`
	PlanToolCallTarget int64             `json:"plan_tool_call_target"`
	Apply              commandResult     `json:"apply"`
	Plans              []consolePlanPair `json:"plans"`
	Budget             consoleBudget     `json:"budget"`
}

// consolePlanPair is one repetition: the same refresh plan on both roads.
type consolePlanPair struct {
	ConsoleFirst bool          `json:"console_first"`
	Console      commandResult `json:"console"`
	Contract     commandResult `json:"contract"`
}

// consoleBudget is the budget case.
type consoleBudget struct {
	Counts             map[string]int `json:"counts"`
	PlanToolCallTarget int64          `json:"plan_tool_call_target"`
	Apply              commandResult  `json:"apply"`
	Plan               commandResult  `json:"plan"`
}

// planToolCallTarget is the most tool calls the snapshot design allows a console refresh plan of
// counts[i] objects of each catalog type: the configure-time calls, then one list call per page
// of each type that has objects (a type with nothing in state is never read).
func planToolCallTarget(counts []int) int64 {
	calls := int64(configureToolCalls)
	for _, c := range counts {
		calls += int64((c + consolePageSize - 1) / consolePageSize)
	}
	return calls
}

// configureCalls is how many of a command's tool calls were Configure's.
func configureCalls(c counterDelta) int64 {
	var n int64
	for _, tool := range configureTools {
		n += c.ByTool[tool]
	}
	return n
}

// planToolCalls is the most tool calls a successful console plan made (they should all make the
// same). There is none when the apply failed or no console plan succeeded: a plan of part of the
// catalog, or one that stopped early, is not the figure.
func (r consoleRun) planToolCalls() *int64 {
	worst := r.costliestPlan()
	if worst == nil {
		return nil
	}
	calls := worst.Counters.ToolCalls
	return &calls
}

// costliestPlan is the successful console plan that made the most tool calls, after a
// successful apply; nil when there is none.
func (r consoleRun) costliestPlan() *commandResult {
	if !r.Apply.Succeeded {
		return nil
	}
	var worst *commandResult
	for i := range r.Plans {
		p := &r.Plans[i].Console
		if p.Succeeded && (worst == nil || p.Counters.ToolCalls > worst.Counters.ToolCalls) {
			worst = p
		}
	}
	return worst
}

// compared are the repetitions in which both plans succeeded after a successful apply: only
// those compare the two roads.
func (r consoleRun) compared() []consolePlanPair {
	if !r.Apply.Succeeded {
		return nil
	}
	var pairs []consolePlanPair
	for _, p := range r.Plans {
		if p.Console.Succeeded && p.Contract.Succeeded {
			pairs = append(pairs, p)
		}
	}
	return pairs
}

// planMedians are the median console and contract figures of the compared repetitions, or
// false when there are none.
func (r consoleRun) planMedians(figure func(commandResult) float64) (console, contract float64, ok bool) {
	pairs := r.compared()
	if len(pairs) == 0 {
		return 0, 0, false
	}
	var c, k []float64
	for _, p := range pairs {
		c = append(c, figure(p.Console))
		k = append(k, figure(p.Contract))
	}
	return medianOf(c), medianOf(k), true
}

func wallSeconds(c commandResult) float64 { return c.Seconds }
func cpuSeconds(c commandResult) float64  { return c.CPUSeconds }

// planRatio is the console plan's median wall time over the contract plan's.
func (r consoleRun) planRatio() *float64 { return r.medianRatio(wallSeconds) }

// planCPURatio is the same in CPU seconds of Terraform and the provider processes.
func (r consoleRun) planCPURatio() *float64 { return r.medianRatio(cpuSeconds) }

func (r consoleRun) medianRatio(figure func(commandResult) float64) *float64 {
	console, contract, ok := r.planMedians(figure)
	if !ok || contract <= 0 {
		return nil
	}
	v := ratio(console, contract)
	return &v
}

// planToolCalls is the budget plan's tool calls, or none when its apply or plan failed.
func (b consoleBudget) planToolCalls() *int64 {
	if !b.Apply.Succeeded || !b.Plan.Succeeded {
		return nil
	}
	calls := b.Plan.Counters.ToolCalls
	return &calls
}

// consoleFigures are the scenario's figures in results.json. A figure of a failed apply or plan
// is null: how fast a command failed is not the figure.
type consoleFigures struct {
	ConsolePlanToolCalls       *int64   `json:"console_plan_tool_calls"`
	ConsolePlanToolCallTarget  int64    `json:"console_plan_tool_call_target"`
	ConsolePlanSeconds         *float64 `json:"console_plan_seconds"`
	ConsoleContractPlanSeconds *float64 `json:"console_contract_plan_seconds"`
	ConsolePlanRatio           *float64 `json:"console_plan_ratio"`
	ConsolePlanCPURatio        *float64 `json:"console_plan_cpu_ratio"`
	ConsoleApplySucceeded      bool     `json:"console_apply_succeeded"`
	ConsoleApplySeconds        float64  `json:"console_apply_seconds"`
	ConsoleApplyToolCalls      int64    `json:"console_apply_tool_calls"`
	ConsoleBudgetPlanToolCalls *int64   `json:"console_budget_plan_tool_calls"`
}

func (r consoleRun) figures() consoleFigures {
	f := consoleFigures{ConsolePlanToolCalls: r.planToolCalls(), ConsolePlanToolCallTarget: r.PlanToolCallTarget,
		ConsolePlanRatio: r.planRatio(), ConsolePlanCPURatio: r.planCPURatio(),
		ConsoleApplySucceeded: r.Apply.Succeeded, ConsoleApplySeconds: r.Apply.Seconds,
		ConsoleApplyToolCalls: r.Apply.Counters.ToolCalls, ConsoleBudgetPlanToolCalls: r.Budget.planToolCalls()}
	if console, contract, ok := r.planMedians(wallSeconds); ok {
		f.ConsolePlanSeconds, f.ConsoleContractPlanSeconds = &console, &contract
	}
	return f
}

// warnings are the plans that were not empty: their figures time more than a refresh.
func (r consoleRun) warnings() []string {
	var out []string
	if r.Apply.Succeeded {
		for i, p := range r.Plans {
			for _, s := range []struct {
				road string
				plan commandResult
			}{{"console", p.Console}, {"contract", p.Contract}} {
				if s.plan.Succeeded && s.plan.ExitCode == 2 {
					out = append(out, fmt.Sprintf("console scenario: the %s road's refresh plan %d is not empty (see logs/%s.log)",
						s.road, i+1, consolePlanStep(s.road, i+1)))
				}
			}
		}
	}
	if r.Budget.Apply.Succeeded && r.Budget.Plan.Succeeded && r.Budget.Plan.ExitCode == 2 {
		out = append(out, "console scenario: the budget case's refresh plan is not empty (see logs/console-budget-plan.log)")
	}
	return out
}

// consolePlanStep names the i-th refresh plan of a road (its log is logs/<name>.log).
func consolePlanStep(road string, i int) string {
	if road == "console" {
		return fmt.Sprintf("console-plan-%d", i)
	}
	return fmt.Sprintf("console-contract-plan-%d", i)
}

func countsByType(counts []int) map[string]int {
	m := map[string]int{}
	for i, c := range counts {
		m[catalogTypes[i].name] = c
	}
	return m
}

// harness is what a scenario needs from the benchmark around it.
type harness struct {
	tf          *terraformRunner
	stats       *statsClient
	emulatorBin string
	certDir     string
	logDir      string
}

// runConsole runs the scenario in workDir (one directory for the n resources, one for the budget
// case), each part against a fresh emulator.
func runConsole(ctx context.Context, s consoleScenario, h harness, workDir string) (consoleRun, error) {
	counts := split(s.n)
	run := consoleRun{Resources: s.n, Counts: countsByType(counts), PlanToolCallTarget: planToolCallTarget(counts),
		Budget: consoleBudget{Counts: countsByType(consoleBudgetCounts), PlanToolCallTarget: planToolCallTarget(consoleBudgetCounts)}}
	err := s.withEmulator(h, filepath.Join(workDir, "catalog"), "console", counts, func(e consoleEmulator) error {
		var err error
		if run.Apply, err = e.apply(ctx, "console-apply"); err != nil {
			return err
		}
		for i := 1; i <= s.repeat; i++ {
			// Alternate which road goes first, so that a machine getting busier or quieter does
			// not favour one.
			p := consolePlanPair{ConsoleFirst: i%2 == 1}
			roads := []struct {
				name string
				tf   *terraformRunner
				into *commandResult
			}{{"console", e.console, &p.Console}, {"contract", e.contract, &p.Contract}}
			if !p.ConsoleFirst {
				slices.Reverse(roads)
			}
			for _, road := range roads {
				if *road.into, err = e.plan(ctx, road.tf, consolePlanStep(road.name, i)); err != nil {
					return err
				}
			}
			run.Plans = append(run.Plans, p)
		}
		return nil
	})
	if err != nil {
		return run, err
	}
	err = s.withEmulator(h, filepath.Join(workDir, "budget"), "console-budget", consoleBudgetCounts, func(e consoleEmulator) error {
		var err error
		if run.Budget.Apply, err = e.apply(ctx, "console-budget-apply"); err != nil {
			return err
		}
		run.Budget.Plan, err = e.plan(ctx, e.console, "console-budget-plan")
		return err
	})
	return run, err
}

// consoleEmulator is one emulator with its console gateway, a working directory whose
// configuration it serves, and a Terraform runner for each road.
type consoleEmulator struct {
	emu                 *emulatorProc
	stats               *statsClient
	dir                 string
	console, contract   *terraformRunner
	applyArgs, planArgs []string
	deadline            time.Duration
}

// withEmulator writes the configuration of counts into dir, starts a fresh emulator with its
// console gateway, runs f and stops the emulator.
func (s consoleScenario) withEmulator(h harness, dir, name string, counts []int,
	f func(consoleEmulator) error) error {
	if err := writeFile(filepath.Join(dir, "main.tf"), catalogConfigOf("appsintoss-terraform/appsintoss", counts)); err != nil {
		return err
	}
	if err := resetState(dir, ""); err != nil {
		return err
	}
	n := 0
	for _, c := range counts {
		n += c
	}
	emu, err := startEmulator(h.emulatorBin, h.certDir, emulatorOptions{productCap: max(30, n),
		logPath: filepath.Join(h.logDir, "emulator-"+name+".log"), consoleEnvFile: filepath.Join(dir, "emulator.env")})
	if err != nil {
		return err
	}
	defer emu.stop()
	defer h.stats.closeIdle()

	// Limits off on both sides, as in the main comparison: the figures are the roads' own cost.
	vars := []string{"-var=endpoint=https://" + emu.addr, "-var=cert_dir=" + h.certDir, "-var=rate_limit_per_minute=0"}
	parallelism := "-parallelism=" + strconv.Itoa(s.parallelism)
	return f(consoleEmulator{emu: emu, stats: h.stats, dir: dir, deadline: s.deadline,
		console: h.tf.withEnv(emu.consoleEnv...), contract: h.tf,
		applyArgs: append([]string{"apply", "-auto-approve", "-input=false", "-json", parallelism}, vars...),
		planArgs:  append([]string{"plan", "-refresh=true", "-input=false", "-json", "-detailed-exitcode", parallelism}, vars...)})
}

// apply applies the configuration from empty through the console road.
func (e consoleEmulator) apply(ctx context.Context, name string) (commandResult, error) {
	r, err := runRecorded(ctx, e.console, e.stats, e.emu, e.dir, name, e.deadline, e.applyArgs)
	r.Succeeded = r.succeeded(false)
	return r, err
}

// plan refresh-plans the applied state with tf: the console road's runner or the contract's.
func (e consoleEmulator) plan(ctx context.Context, tf *terraformRunner, name string) (commandResult, error) {
	r, err := runRecorded(ctx, tf, e.stats, e.emu, e.dir, name, e.deadline, e.planArgs)
	r.Succeeded = r.succeeded(true)
	return r, err
}
