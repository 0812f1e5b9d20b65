package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

const (
	partner = "/api-partner/v1/apps-in-toss"
	catalog = partner + "/catalog"
)

// start runs an emulator whose every request and response, through Do and the admin helpers, is
// validated against api/openapi.yaml. Departures that are deliberate (faults, oversize bodies)
// go through inst.RawDo instead.
func start(t *testing.T, cfg emulator.Config) *emulatortest.Instance {
	t.Helper()
	inst := emulatortest.Start(t, cfg)
	v := contract.Load(t)
	inst.WrapTransport(func(rt http.RoundTripper) http.RoundTripper { return v.Transport(t, rt) })
	return inst
}

// startWithClock is start with a settable clock.
func startWithClock(t *testing.T, cfg emulator.Config) (*emulatortest.Instance, *emulatortest.Clock) {
	t.Helper()
	clock := emulatortest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	cfg.Now = clock.Now
	return start(t, cfg), clock
}

// envelopeOf decodes a partner answer.
type envelopeOf struct {
	ResultType string          `json:"resultType"`
	Success    json.RawMessage `json:"success"`
	Error      *struct {
		ErrorCode string         `json:"errorCode"`
		Reason    string         `json:"reason"`
		Data      map[string]any `json:"data"`
	} `json:"error"`
}

func decodeEnvelope(t *testing.T, body []byte) envelopeOf {
	t.Helper()
	var env envelopeOf
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("not an envelope: %v: %s", err, body)
	}
	return env
}

// success asserts HTTP 200 + SUCCESS and decodes the payload into out (when not nil).
func success(t *testing.T, status int, body []byte, out any) {
	t.Helper()
	env := decodeEnvelope(t, body)
	if status != http.StatusOK || env.ResultType != "SUCCESS" {
		t.Fatalf("want HTTP 200 SUCCESS, got HTTP %d: %s", status, body)
	}
	if out != nil {
		if err := json.Unmarshal(env.Success, out); err != nil {
			t.Fatalf("success payload: %v: %s", err, env.Success)
		}
	}
}

// failure asserts a FAIL envelope with the HTTP status and errorCode, and returns error.data.
func failure(t *testing.T, status int, body []byte, wantStatus int, wantCode string) map[string]any {
	t.Helper()
	env := decodeEnvelope(t, body)
	if status != wantStatus || env.ResultType != "FAIL" || env.Error == nil || env.Error.ErrorCode != wantCode {
		t.Fatalf("want HTTP %d FAIL %s, got HTTP %d: %s", wantStatus, wantCode, status, body)
	}
	if string(env.Success) != "null" {
		t.Errorf("a failure carries \"success\": null, got %s", env.Success)
	}
	return env.Error.Data
}

// invalidField asserts a 400 INVALID_PARAMETER naming field.
func invalidField(t *testing.T, status int, body []byte, field string) {
	t.Helper()
	data := failure(t, status, body, http.StatusBadRequest, "INVALID_PARAMETER")
	if data["field"] != field {
		t.Fatalf("want error.data.field %q, got %v: %s", field, data["field"], body)
	}
}

// sameShape compares an answer with a golden file from api/golden: the same keys at every level
// (minus ignore, which names keys as dotted paths such as "success.sku"), the same JSON kinds,
// and the same resultType and errorCode. Values that are per-request (tokens, ids, times) are not
// compared.
func sameShape(t *testing.T, golden string, body []byte, ignore ...string) {
	t.Helper()
	compareShape(t, golden, body, true, ignore)
}

// hasShape is sameShape that allows the answer keys the golden file does not show (for golden
// files that document a minimal sample).
func hasShape(t *testing.T, golden string, body []byte, ignore ...string) {
	t.Helper()
	compareShape(t, golden, body, false, ignore)
}

func compareShape(t *testing.T, golden string, body []byte, exact bool, ignore []string) {
	t.Helper()
	goldenFiles := api.Golden
	if strings.HasPrefix(golden, "webhooks/") {
		goldenFiles = api.GoldenWebhooks
	}
	want, err := goldenFiles.ReadFile("golden/" + golden)
	if err != nil {
		t.Fatalf("golden %s: %v", golden, err)
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("golden %s: %v", golden, err)
	}
	if err := json.Unmarshal(body, &g); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, body)
	}
	// Failures: the docs show both an explicit "success": null and no success key at all, and
	// their samples show errorCode and reason where the OAS error object also has errorType and
	// title (which the emulator always sends).
	if wm, ok := w.(map[string]any); ok {
		if _, has := wm["success"]; !has && wm["resultType"] != "SUCCESS" {
			ignore = append(ignore, "success")
		}
		if we, ok := wm["error"].(map[string]any); ok {
			for _, k := range []string{"errorType", "title"} {
				if _, has := we[k]; !has {
					ignore = append(ignore, "error."+k)
				}
			}
		}
	}
	for _, problem := range shapeDiff("", w, g, ignore, exact) {
		t.Errorf("shape differs from %s: %s\nanswer: %s", golden, problem, body)
	}
}

func shapeDiff(path string, want, got any, ignore []string, exact bool) []string {
	if kind(want) != kind(got) {
		return []string{fmt.Sprintf("%s: golden has %s, answer has %s", orRoot(path), kind(want), kind(got))}
	}
	var out []string
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for k := range w {
			p := strings.TrimPrefix(path+"."+k, ".")
			if slices.Contains(ignore, p) {
				continue
			}
			gv, ok := g[k]
			if !ok {
				out = append(out, p+": missing in the answer")
				continue
			}
			out = append(out, shapeDiff(p, w[k], gv, ignore, exact)...)
		}
		for k := range g {
			if !exact {
				break
			}
			p := strings.TrimPrefix(path+"."+k, ".")
			if _, ok := w[k]; !ok && !slices.Contains(ignore, p) {
				out = append(out, p+": not in the golden file")
			}
		}
	case []any:
		g := got.([]any)
		// Element i is compared with golden element i, or the golden's last one for longer lists.
		for i := range g {
			if len(w) == 0 {
				break
			}
			out = append(out, shapeDiff(fmt.Sprintf("%s[%d]", path, i), w[min(i, len(w)-1)], g[i], ignore, exact)...)
		}
	default:
		last := path[strings.LastIndex(path, ".")+1:]
		if (last == "resultType" || last == "errorCode") && !reflect.DeepEqual(want, got) {
			out = append(out, fmt.Sprintf("%s: golden %v, answer %v", path, want, got))
		}
	}
	return out
}

// goldenString reads one string value of a golden file, at the path of object keys given.
func goldenString(t *testing.T, golden string, keys ...string) string {
	t.Helper()
	raw, err := api.Golden.ReadFile("golden/" + golden)
	if err != nil {
		t.Fatalf("golden %s: %v", golden, err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("golden %s: %v", golden, err)
	}
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("golden %s: %s is not inside an object", golden, strings.Join(keys, "."))
		}
		v = m[k]
	}
	s, ok := v.(string)
	if !ok {
		t.Fatalf("golden %s: %s is not a string", golden, strings.Join(keys, "."))
	}
	return s
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return fmt.Sprintf("%T", v)
}

func orRoot(p string) string {
	if p == "" {
		return "(root)"
	}
	return p
}

func userHeader(userKey int64) map[string]string {
	return map[string]string{"x-toss-user-key": fmt.Sprint(userKey)}
}

func idem(key string) map[string]string { return map[string]string{"Idempotency-Key": key} }
