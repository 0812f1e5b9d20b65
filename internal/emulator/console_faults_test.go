package emulator_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// Console faults reach tools/call only through route entries that name console tools, so that
// the provider can prove its retries and its reconciliation of lost creates on the console road.

func templateArgs(code string) map[string]any {
	return target(map[string]any{"code": code, "name": "알림", "title": "알림", "body": "알림이에요."})
}

// faultedConsole starts a console gateway, a raw MCP session on it, and a fault of one kind on
// push_template_create at rate 1.
func faultedConsole(t *testing.T, kind string, latencyMs int) (*emulatortest.Instance, *rawMCP) {
	t.Helper()
	inst := startConsole(t, emulator.DefaultConfig())
	m := newRawMCP(t, inst, consoleCredentials(t, inst).AccessToken)
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{kind}, LatencyMs: latencyMs,
		Routes: []string{"console:push_template_create"}})
	return inst, m
}

// rpcAnswer decodes a JSON-RPC response body.
type rpcAnswer struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  *struct {
		IsError bool `json:"isError"`
	} `json:"result"`
	Error *struct {
		Code    int            `json:"code"`
		Message string         `json:"message"`
		Data    map[string]any `json:"data"`
	} `json:"error"`
}

func decodeRPC(t *testing.T, body []byte) rpcAnswer {
	t.Helper()
	var a rpcAnswer
	if err := json.Unmarshal(body, &a); err != nil || a.JSONRPC != "2.0" {
		t.Fatalf("not a JSON-RPC answer: %v: %s", err, body)
	}
	return a
}

// afterFault clears the faults and checks what the faulted call left behind.
func afterFault(t *testing.T, inst *emulatortest.Instance, wantTemplates int) {
	t.Helper()
	inst.ClearFaults(t)
	if n := templateCount(t, inst); n != wantTemplates {
		t.Errorf("%d templates after the fault, want %d", n, wantTemplates)
	}
	stats := inst.Stats(t)
	if stats.FaultsServed != 1 || stats.ConsoleToolCalls["push_template_create"] != 1 {
		t.Errorf("faultsServed %d, consoleToolCalls %v: want one faulted call", stats.FaultsServed, stats.ConsoleToolCalls)
	}
}

func TestConsoleFaultHTTP500HasNoEffect(t *testing.T) {
	inst, m := faultedConsole(t, emulator.FaultHTTP500, 0)
	resp, err := m.callTool("push_template_create", templateArgs("FAULTED"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusInternalServerError {
		t.Fatalf("HTTP %d, want 500: %s", resp.Status, resp.Body)
	}
	if a := decodeRPC(t, resp.Body); a.Error == nil || a.Error.Code != -32603 || string(a.ID) != "2" {
		t.Errorf("body: %s", resp.Body)
	}
	afterFault(t, inst, 0)
}

func TestConsoleFaultRateLimitAsksToWait(t *testing.T) {
	inst, m := faultedConsole(t, emulator.FaultRateLimit, 0)
	resp, err := m.callTool("push_template_create", templateArgs("FAULTED"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("HTTP %d Retry-After %q, want 429 and 1: %s", resp.Status, resp.Header.Get("Retry-After"), resp.Body)
	}
	a := decodeRPC(t, resp.Body)
	if a.Error == nil || a.Error.Data["retryAfterSeconds"] != 1.0 || a.Error.Data["errorCode"] != "4095" {
		t.Errorf("body: %s", resp.Body)
	}
	afterFault(t, inst, 0)
}

func TestConsoleFaultRateLimitLeavesTheSDKSessionUsable(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	s := consoleSession(t, inst)
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultRateLimit}, Routes: []string{"console:*"}})
	if _, err := callTool(t, s, "push_template_list", target(nil)); err == nil {
		t.Fatal("a rate-limited call succeeded")
	}
	inst.ClearFaults(t)
	callOK(t, s, "push_template_list", target(nil), nil)
}

func TestConsoleFaultConnectionResetHasNoEffect(t *testing.T) {
	inst, m := faultedConsole(t, emulator.FaultConnectionReset, 0)
	if resp, err := m.callTool("push_template_create", templateArgs("FAULTED")); err == nil {
		t.Fatalf("connection_reset answered HTTP %d", resp.Status)
	}
	afterFault(t, inst, 0)
}

func TestConsoleFaultResetAfterCommitKeepsTheEffect(t *testing.T) {
	inst, m := faultedConsole(t, emulator.FaultResetAfterCommit, 0)
	if resp, err := m.callTool("push_template_create", templateArgs("COMMITTED")); err == nil {
		t.Fatalf("reset_after_commit answered HTTP %d", resp.Status)
	}
	afterFault(t, inst, 1)
	// Sending the create again is refused: the lost create must be reconciled by a read.
	s := consoleSession(t, inst)
	if r := callRefused(t, s, "push_template_create", templateArgs("COMMITTED")); r.ErrorCode != "CONFLICT" {
		t.Errorf("resending a committed create: %+v", r)
	}
	var listed struct{ Contents []consoleTemplate }
	callOK(t, s, "push_template_list", target(nil), &listed)
	if len(listed.Contents) != 1 || listed.Contents[0].Code != "COMMITTED" {
		t.Errorf("the committed template is not listed: %+v", listed.Contents)
	}
}

func TestConsoleFaultLatencyDelaysButHandles(t *testing.T) {
	inst, m := faultedConsole(t, emulator.FaultLatency, 150)
	began := time.Now()
	resp, err := m.callTool("push_template_create", templateArgs("SLOW"))
	if err != nil {
		t.Fatal(err)
	}
	if a := decodeRPC(t, resp.Body); resp.Status != http.StatusOK || a.Result == nil || a.Result.IsError {
		t.Fatalf("HTTP %d: %s", resp.Status, resp.Body)
	}
	if d := time.Since(began); d < 150*time.Millisecond { // a lower bound: never flaky on a slow machine
		t.Errorf("answered after %v, want at least the 150ms of latency", d)
	}
	afterFault(t, inst, 1)
}

func TestConsoleFaultGarbageHasNoEffect(t *testing.T) {
	inst, m := faultedConsole(t, emulator.FaultGarbage, 0)
	resp, err := m.callTool("push_template_create", templateArgs("FAULTED"))
	if err != nil {
		t.Fatal(err)
	}
	var a map[string]any
	if resp.Status != http.StatusOK || json.Unmarshal(resp.Body, &a) == nil {
		t.Errorf("garbage: HTTP %d %s, want 200 and a body that is not JSON", resp.Status, resp.Body)
	}
	afterFault(t, inst, 0)
}

func TestConsoleFaultsOnlyWhereARouteNamesTheConsole(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	s := consoleSession(t, inst)

	// A spec without routes is for the mTLS routes only, as it always was.
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultHTTP500}})
	callOK(t, s, "push_template_list", target(nil), nil)
	if resp, err := inst.RawDo(t, http.MethodGet, catalog+"/push-templates", nil, nil); err != nil ||
		resp.Status != http.StatusInternalServerError {
		t.Errorf("the mTLS route was not faulted: %v %+v", err, resp)
	}

	// console:<tool> faults that tool alone, and no mTLS route.
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultHTTP500},
		Routes: []string{"console:promotion_list"}})
	callOK(t, s, "push_template_list", target(nil), nil)
	if _, err := callTool(t, s, "promotion_list", target(nil)); err == nil {
		t.Error("console:promotion_list did not fault promotion_list")
	}
	st, b := inst.GetRaw(t, catalog+"/push-templates")
	success(t, st, b, nil)

	// Kinds that are partner API shapes leave console calls alone.
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultInternalError, emulator.FaultBankBreakTime},
		Routes: []string{"console:*"}})
	callOK(t, s, "promotion_list", target(nil), nil)

	// An entry that names no console tool is refused, naming it.
	status, body := inst.Do(t, http.MethodPost, "/_emulator/faults", map[string]any{"rate": 1,
		"kinds": []string{"http_500"}, "routes": []string{"console:push_template_delete"}}, nil)
	var refusedSpec struct{ Field string }
	if err := json.Unmarshal(body, &refusedSpec); err != nil || status != http.StatusBadRequest || refusedSpec.Field != "routes[0]" {
		t.Errorf("console:push_template_delete: HTTP %d %s, want 400 naming routes[0]", status, body)
	}
}
