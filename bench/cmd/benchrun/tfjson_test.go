package main

import (
	"strings"
	"testing"
)

// uiStream is an apply -json stream in Terraform 1.11's shape: the dev_overrides warning every
// run shows, one resource refused with 429, one plain error, a refresh and the totals.
const uiStream = `{"@level":"info","@message":"Terraform 1.11.4","type":"version","terraform":"1.11.4","ui":"1.2"}
{"@level":"warn","@message":"Warning: Provider development overrides are in effect","type":"diagnostic","diagnostic":{"severity":"warning","summary":"Provider development overrides are in effect","detail":"The following provider development overrides are set in the CLI configuration:\n - appsintoss-terraform/appsintoss in /tmp/bin/real"}}
{"@level":"info","@message":"appsintoss_push_template.bench[11]: Refresh complete [id=demo-app-BENCH_00011]","type":"refresh_complete","hook":{"resource":{"addr":"appsintoss_push_template.bench[11]"}}}
not JSON: a provider crash would print this
{"@level":"error","@message":"Error: Could not create the promotion","type":"diagnostic","diagnostic":{"severity":"error","summary":"Could not create the promotion","detail":"Apps in Toss answered errorCode 4095 (HTTP 429) to POST /api-partner/v1/apps-in-toss/catalog/promotions.","address":"appsintoss_promotion.bench[10]"}}
{"@level":"error","@message":"Error: Could not create the push template","type":"diagnostic","diagnostic":{"severity":"error","summary":"Could not create the push template","detail":"errorCode CONFLICT: the code BENCH_00001 exists.","address":"appsintoss_push_template.bench[1]"}}
{"@level":"info","@message":"Plan: 28 to add, 0 to change, 0 to destroy.","type":"change_summary","changes":{"add":28,"change":1,"import":0,"remove":2,"operation":"plan"}}
`

func TestParseUI(t *testing.T) {
	ui, err := parseUI(strings.NewReader(uiStream))
	if err != nil {
		t.Fatal(err)
	}
	if len(ui.Errors) != 2 || len(ui.Warnings) != 1 {
		t.Fatalf("errors %d, warnings %d; want 2 and 1", len(ui.Errors), len(ui.Warnings))
	}
	if got := ui.Errors[0]; got.Summary != "Could not create the promotion" || got.Address != "appsintoss_promotion.bench[10]" {
		t.Errorf("first error %+v", got)
	}
	if ui.Refreshed != 1 {
		t.Errorf("refreshed %d, want 1", ui.Refreshed)
	}
	if ui.Changes == nil || *ui.Changes != (changeCount{Add: 28, Change: 1, Remove: 2}) {
		t.Errorf("changes %+v, want 28 to add, 1 to change, 2 to remove", ui.Changes)
	}
	// The 429 error counts; the CONFLICT error and the dev_overrides warning do not.
	if n := ui.rateLimitDiagnostics(); n != 1 {
		t.Errorf("rate-limit diagnostics %d, want 1", n)
	}
}

func TestRateLimitDiagnosticsSeeEveryWayOfSayingIt(t *testing.T) {
	for _, text := range []string{"HTTP 429", "errorCode 4095", "exceeding its rate limit", "Rate-limited by the server",
		"Too Many Requests"} {
		if n := (uiOutput{Warnings: []diagnostic{{Summary: "x", Detail: text}}}).rateLimitDiagnostics(); n != 1 {
			t.Errorf("%q: %d rate-limit diagnostics, want 1", text, n)
		}
	}
	for _, text := range []string{"BENCH_04295 exists", "port 14290", "errorCode CONFLICT"} {
		if n := (uiOutput{Errors: []diagnostic{{Summary: text}}}).rateLimitDiagnostics(); n != 0 {
			t.Errorf("%q: %d rate-limit diagnostics, want 0", text, n)
		}
	}
}
