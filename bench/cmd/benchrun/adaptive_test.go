package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func succeededRun() adaptiveRun {
	return adaptiveRun{Resources: 100, Parallelism: 50, ServerRatePerMinute: 600,
		Apply: commandResult{Succeeded: true, Seconds: 12, Counters: counterDelta{Requests: 130, RateLimited: 30}},
		Plan:  commandResult{Succeeded: true, Counters: counterDelta{Requests: 105, RateLimited: 5}},
	}
}

// The ratio is the apply's seconds over (requests the server accepted ÷ its 10 per second):
// 100 accepted at 10/s take at least 10 s, and the apply took 12.
func TestAdaptiveApplyRatioCountsOnlyAcceptedRequests(t *testing.T) {
	a := succeededRun()
	r := a.applyRatio()
	if r == nil || *r != 1.2 {
		t.Fatalf("ratio %v, want 1.2", r)
	}
	if got := a.rateLimited(); got != 35 {
		t.Errorf("rate-limited responses %d, want 35 (apply and plan)", got)
	}
}

func TestAFailedAdaptiveApplyHasNoRatio(t *testing.T) {
	a := succeededRun()
	a.Apply.Succeeded = false
	if r := a.applyRatio(); r != nil {
		t.Fatalf("ratio %v for a failed apply, want none", *r)
	}
	res := results{AdaptiveApplyRatio: a.applyRatio(), AdaptivePlanSucceeded: true}
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"adaptive_apply_ratio":null`) || !strings.Contains(string(data), `"adaptive_apply_succeeded":false`) {
		t.Errorf("results.json does not say the apply failed: %s", data)
	}
}

func TestAdaptiveTargets(t *testing.T) {
	verdicts := func(r results) map[string]bool {
		m := map[string]bool{}
		for _, t := range evaluate(r) {
			m[t.Figure] = t.Met
		}
		return m
	}
	ratio := 1.4
	good := results{AdaptiveApplySucceeded: true, AdaptivePlanSucceeded: true, AdaptiveApplyRatio: &ratio}
	for _, figure := range []string{"adaptive_apply_succeeded", "adaptive_plan_succeeded", "adaptive_rate_limit_diagnostics", "adaptive_apply_ratio"} {
		if !verdicts(good)[figure] {
			t.Errorf("%s missed on a good run", figure)
		}
	}

	slow := 1.6
	for name, c := range map[string]struct {
		r      results
		figure string
	}{
		"apply failed":  {results{AdaptivePlanSucceeded: true}, "adaptive_apply_succeeded"},
		"no ratio":      {results{AdaptivePlanSucceeded: true}, "adaptive_apply_ratio"},
		"plan failed":   {results{AdaptiveApplySucceeded: true, AdaptiveApplyRatio: &ratio}, "adaptive_plan_succeeded"},
		"too slow":      {results{AdaptiveApplySucceeded: true, AdaptivePlanSucceeded: true, AdaptiveApplyRatio: &slow}, "adaptive_apply_ratio"},
		"429 was shown": {results{AdaptiveApplySucceeded: true, AdaptivePlanSucceeded: true, AdaptiveApplyRatio: &ratio, AdaptiveRateLimitDiagnostics: 1}, "adaptive_rate_limit_diagnostics"},
	} {
		if verdicts(c.r)[c.figure] {
			t.Errorf("%s: %s met", name, c.figure)
		}
	}
}

func TestCPURatiosLeadResults(t *testing.T) {
	data, err := json.Marshal(results{Resources: 1, Parallelism: 1, ApplyCPURatio: 1.05, PlanCPURatio: 1.1, ApplyRatio: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	cpu, wall := strings.Index(s, `"apply_cpu_ratio":1.05`), strings.Index(s, `"apply_ratio"`)
	if cpu < 0 || !strings.Contains(s, `"plan_cpu_ratio":1.1`) || cpu > wall {
		t.Errorf("results.json does not lead with the CPU-time ratios: %s", s)
	}
	if got := evaluate(results{ApplyCPURatio: 1.3, PlanCPURatio: 1.1})[0]; got.Figure != "apply_cpu_ratio" || got.Met {
		t.Errorf("first target %+v, want apply_cpu_ratio missed at 1.3", got)
	}
}
