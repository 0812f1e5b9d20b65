package emulator_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

func templateCount(t *testing.T, inst *emulatortest.Instance) int {
	t.Helper()
	var page struct{ Contents []any }
	st, b := inst.GetRaw(t, catalog+"/push-templates")
	success(t, st, b, &page)
	return len(page.Contents)
}

func TestFaultsThatAnswer(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	createPath := catalog + "/push-templates"
	cases := []struct {
		kind       string
		wantStatus int
		check      func(t *testing.T, body []byte)
	}{
		{emulator.FaultHTTP500, http.StatusInternalServerError, func(t *testing.T, b []byte) {
			failure(t, http.StatusInternalServerError, b, http.StatusInternalServerError, "INTERNAL_ERROR")
			sameShape(t, "common-internal-error.json", b)
		}},
		{emulator.FaultInternalError, http.StatusOK, func(t *testing.T, b []byte) {
			failure(t, http.StatusOK, b, http.StatusOK, "INTERNAL_ERROR")
		}},
		{emulator.FaultRateLimit, http.StatusTooManyRequests, func(t *testing.T, b []byte) {
			data := failure(t, http.StatusTooManyRequests, b, http.StatusTooManyRequests, "4095")
			if data["retryAfterSeconds"] != 1.0 {
				t.Errorf("retryAfterSeconds %v", data["retryAfterSeconds"])
			}
			sameShape(t, "common-rate-limit-4095.json", b)
		}},
		{emulator.FaultGarbage, http.StatusOK, func(t *testing.T, b []byte) {
			var env map[string]any
			if json.Unmarshal(b, &env) == nil {
				t.Errorf("garbage is valid JSON: %s", b)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.kind, func(t *testing.T) {
			inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{tc.kind}, Routes: []string{"POST " + createPath}})
			resp, err := inst.RawDo(t, http.MethodPost, createPath, templateBody("FAULTED"), idem("f-"+tc.kind))
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != tc.wantStatus {
				t.Fatalf("HTTP %d, want %d: %s", resp.Status, tc.wantStatus, resp.Body)
			}
			tc.check(t, resp.Body)
			inst.ClearFaults(t)
			if n := templateCount(t, inst); n != 0 {
				t.Errorf("a %s fault had an effect: %d templates", tc.kind, n)
			}
		})
	}
	stats := inst.Stats(t)
	if stats.FaultsServed != int64(len(cases)) {
		t.Errorf("faultsServed %d, want %d", stats.FaultsServed, len(cases))
	}
}

func TestConnectionResetHasNoEffect(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultConnectionReset}})
	_, err := inst.RawDo(t, http.MethodPost, catalog+"/push-templates", templateBody("RESET"), idem("reset"))
	if err == nil {
		t.Fatal("connection_reset answered")
	}
	inst.ClearFaults(t)
	if n := templateCount(t, inst); n != 0 {
		t.Errorf("connection_reset had an effect: %d templates", n)
	}
}

func TestResetAfterCommitKeepsTheEffectAndTheKeyReplaysIt(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultResetAfterCommit}})
	_, err := inst.RawDo(t, http.MethodPost, catalog+"/push-templates", templateBody("COMMITTED"), idem("commit"))
	if err == nil {
		t.Fatal("reset_after_commit answered")
	}
	inst.ClearFaults(t)
	if n := templateCount(t, inst); n != 1 {
		t.Fatalf("reset_after_commit must keep the effect: %d templates", n)
	}
	// The retry with the same key gets the original answer instead of a CONFLICT.
	status, body := inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("COMMITTED"), idem("commit"))
	success(t, status, body, nil)
}

func TestLatencyFaultDelaysButHandles(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultLatency}, LatencyMs: 150})
	began := time.Now()
	status, body := inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("SLOW"), idem("slow"))
	success(t, status, body, nil)
	if d := time.Since(began); d < 150*time.Millisecond {
		t.Errorf("answered after %v, want at least 150ms", d)
	}
}

func TestFaultsNeverTouchTheAdminSurfaceAndRespectRoutes(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultHTTP500}, Routes: []string{partner + "/pay/*"}})
	for range 3 {
		inst.Stats(t) // admin: never faulted
	}
	st, b := inst.GetRaw(t, catalog+"/push-templates") // not in routes
	success(t, st, b, nil)
	userKey, _ := inst.SeedUser(t, nil)
	resp, err := inst.RawDo(t, http.MethodPost, partner+"/pay/make-payment", map[string]any{}, userHeader(userKey))
	if err != nil || resp.Status != http.StatusInternalServerError {
		t.Fatalf("pay route not faulted: %v %+v", err, resp)
	}
	// A rate between 0 and 1 faults some requests and not others.
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 0.5, Kinds: []string{emulator.FaultHTTP500}})
	seen := map[int]int{}
	for range 60 {
		resp, err := inst.RawDo(t, http.MethodGet, catalog+"/push-templates", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		seen[resp.Status]++
	}
	if seen[http.StatusOK] == 0 || seen[http.StatusInternalServerError] == 0 {
		t.Errorf("rate 0.5 over 60 requests: %v", seen)
	}
	// Unknown kinds are refused.
	for _, kinds := range [][]string{{}, {"meteor"}} {
		resp, err := inst.RawDo(t, http.MethodPost, "/_emulator/faults", map[string]any{"rate": 1, "kinds": kinds}, nil)
		if err != nil || resp.Status != http.StatusBadRequest {
			t.Errorf("kinds %v: %v %+v", kinds, err, resp)
		}
	}
}

func TestFaultRoutesTakeAMethodAndAPrefix(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	inst.SetFaults(t, emulatortest.FaultSpec{Rate: 1, Kinds: []string{emulator.FaultHTTP500}, Routes: []string{"POST " + catalog + "/*"}})

	resp, err := inst.RawDo(t, http.MethodPost, catalog+"/push-templates", templateBody("FAULTED"), idem("m-1"))
	if err != nil || resp.Status != http.StatusInternalServerError {
		t.Fatalf("a catalog POST is selected by \"POST %s/*\": %v %+v", catalog, err, resp)
	}
	st, b := inst.GetRaw(t, catalog+"/push-templates") // a catalog GET is not
	success(t, st, b, nil)
	userKey, _ := inst.SeedUser(t, nil)
	st, b = inst.Do(t, http.MethodPost, partner+"/order/get-order-status", map[string]any{"orderId": "x"}, userHeader(userKey))
	success(t, st, b, nil) // a partner POST outside the prefix is not
	if got := inst.Stats(t).FaultsServed; got != 1 {
		t.Errorf("faultsServed %d, want 1", got)
	}
}

func TestFaultRoutesThatSelectNothingAreRefused(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	accepted := []string{
		"POST " + partner + "/pay/make-payment",
		partner + "/pay/make-payment",
		partner + "/pay/*",
		"DELETE " + catalog + "/promotions/*",
		catalog + "/push-templates/{templateSetCode}",
		"GET " + catalog + "/push-templates/demo-app-WELCOME",
		catalog + "/push-templates/demo-app-",
		"*",
	}
	for _, entry := range accepted {
		resp, err := inst.RawDo(t, http.MethodPost, "/_emulator/faults",
			map[string]any{"rate": 1, "kinds": []string{"http_500"}, "routes": []string{entry}}, nil)
		if err != nil || resp.Status != http.StatusOK {
			t.Errorf("%q refused: %v %+v", entry, err, resp)
		}
	}
	refused := []string{
		"POST /…/catalog/*", // an elided path, as people write it in prose
		"/_emulator/*",      // faults never apply to the admin surface
		"GET " + partner + "/pay/make-payment",
		"PATCH " + catalog + "/promotions/*",
		partner + "/no-such-area/*",
		catalog + "/push-tmpl*",
		catalog + "/push-templates/a/b",
		"POST " + catalog + "/push-templates/*",
	}
	for _, entry := range refused {
		resp, err := inst.RawDo(t, http.MethodPost, "/_emulator/faults",
			map[string]any{"rate": 1, "kinds": []string{"http_500"}, "routes": []string{partner + "/pay/*", entry}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error, ErrorCode, Field string
		}
		if resp.Status != http.StatusBadRequest || json.Unmarshal(resp.Body, &body) != nil ||
			body.Field != "routes[1]" || !strings.Contains(body.Error, strconv.Quote(entry)) {
			t.Errorf("%q: want 400 naming routes[1] and the entry, got %d %s", entry, resp.Status, resp.Body)
		}
	}
	// A refused spec leaves the previous one in place.
	var current emulatortest.FaultSpec
	inst.Admin(t, http.MethodGet, "faults", nil, &current)
	if len(current.Routes) != 1 || current.Routes[0] != accepted[len(accepted)-1] {
		t.Errorf("faults after a refused spec: %+v", current)
	}
}
