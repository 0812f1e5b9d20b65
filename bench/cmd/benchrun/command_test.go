package main

import "testing"

func TestCommandResultSucceeded(t *testing.T) {
	refused := uiOutput{Errors: []diagnostic{{Summary: "Could not read push template"}}}
	for _, c := range []struct {
		name           string
		step           commandResult
		changesAllowed bool
		want           bool
	}{
		{"apply exit 0", commandResult{}, false, true},
		{"apply exit 1", commandResult{ExitCode: 1, UI: refused}, false, false},
		{"apply exit 2", commandResult{ExitCode: 2}, false, false},
		{"plan with changes", commandResult{ExitCode: 2}, true, true},
		{"plan exit 1", commandResult{ExitCode: 1, UI: refused}, true, false},
		{"error shown, exit 0", commandResult{UI: refused}, true, false},
		{"timed out", commandResult{TimedOut: true}, true, false},
	} {
		if got := c.step.succeeded(c.changesAllowed); got != c.want {
			t.Errorf("%s: succeeded %v, want %v", c.name, got, c.want)
		}
	}
}
