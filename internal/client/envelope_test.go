package client

import (
	"errors"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
)

func decodeGolden(t *testing.T, name string, status int) (string, error) {
	t.Helper()
	body, err := fs.ReadFile(api.Golden, "golden/"+name)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := decodeEnvelope("POST", "/golden/"+name, status, http.Header{}, body)
	return string(payload), err
}

// Every documented shape in api/golden must be understood: a payload or a typed APIError,
// never "unexpected response".
func TestEveryGoldenResponseDecodesIntoAPayloadOrATypedError(t *testing.T) {
	entries, err := fs.ReadDir(api.Golden, "golden")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 40 {
		t.Fatalf("only %d golden files: the contract's fixtures are missing", len(entries))
	}
	for _, e := range entries {
		payload, err := decodeGolden(t, e.Name(), 200)
		var unexpected *UnexpectedResponseError
		if errors.As(err, &unexpected) {
			t.Errorf("%s: %v", e.Name(), err)
		}
		if err == nil && payload == "" {
			t.Errorf("%s: success without a payload", e.Name())
		}
	}
}

func TestEnvelopeShapes(t *testing.T) {
	cases := []struct {
		golden      string
		wantPayload string // substring of the payload, for successes
		wantCode    string // errorCode, for failures
		wantResult  string
	}{
		{golden: "login-generate-token-success.json", wantPayload: `"accessToken"`},
		{golden: "login-generate-token-invalid-grant.json", wantCode: "invalid_grant"},
		{golden: "login-generate-token-internal-error.json", wantCode: "INTERNAL_ERROR", wantResult: "FAIL"},
		{golden: "promotion-execution-result-pending.json", wantPayload: `"PENDING"`},
		{golden: "users-anon-key-verify-success.json", wantPayload: `"true"`},
		{golden: "messenger-send-message-success-old-result-key.json", wantPayload: `{`},
		{golden: "common-fail-success-null.json", wantResult: "FAIL"},
		{golden: "common-http-timeout.json", wantResult: "HTTP_TIMEOUT"},
		{golden: "common-rate-limit-4095.json", wantCode: "4095"},
		{golden: "users-anon-key-verify-not-found.json", wantCode: "4010"},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			payload, err := decodeGolden(t, tc.golden, 200)
			if tc.wantPayload != "" {
				if err != nil || !strings.Contains(payload, tc.wantPayload) {
					t.Fatalf("payload %q, err %v; want payload containing %s", payload, err, tc.wantPayload)
				}
				return
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("want *APIError, got %T %v", err, err)
			}
			if tc.wantCode != "" && apiErr.ErrorCode != tc.wantCode {
				t.Errorf("errorCode = %q, want %q", apiErr.ErrorCode, tc.wantCode)
			}
			if tc.wantResult != "" && apiErr.ResultType != tc.wantResult {
				t.Errorf("resultType = %q, want %q", apiErr.ResultType, tc.wantResult)
			}
		})
	}
}

func TestRateLimitCarriesRetryAfter(t *testing.T) {
	_, err := decodeGolden(t, "common-rate-limit-4095.json", 429)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter <= 0 || apiErr.RetryAfter > time.Minute {
		t.Fatalf("want a 4095 APIError with a sensible RetryAfter, got %#v", err)
	}
}

func TestCatalogErrorsNameTheField(t *testing.T) {
	_, err := decodeGolden(t, "catalog-common-invalid-parameter.json", 400)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode != CodeInvalidParameter || apiErr.Field() == "" {
		t.Fatalf("want INVALID_PARAMETER naming a field, got %#v", err)
	}
	if _, err := decodeGolden(t, "catalog-common-not-found.json", 404); !IsNotFound(err) {
		t.Errorf("IsNotFound(%v) = false", err)
	}
}

func TestGarbageIsAnUnexpectedResponseNamingTheEndpoint(t *testing.T) {
	for name, body := range map[string]string{
		"not JSON":       "<html>oops</html>",
		"truncated JSON": `{"resultType":"SUCCESS","success":{"a":`,
		"empty body":     "",
		"wrong types":    `{"resultType":"FAIL","error":"x","success":42}`,
		"JSON array":     `[1,2,3]`,
		"wrong error":    `{"resultType":"FAIL","error":[1]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := decodeEnvelope("GET", "/api-partner/v1/apps-in-toss/x", 200, http.Header{}, []byte(body))
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.Contains(err.Error(), "/api-partner/v1/apps-in-toss/x") {
				t.Errorf("error does not name the endpoint: %v", err)
			}
		})
	}
}

func TestPayloadOfTheWrongShapeIsAnUnexpectedResponse(t *testing.T) {
	var out struct {
		UserKey int64 `json:"userKey"`
	}
	err := decodePayload("GET", "/login-me", 200, []byte(`{"userKey":"not a number"}`), &out)
	var unexpected *UnexpectedResponseError
	if !errors.As(err, &unexpected) || strings.Contains(err.Error(), "not a number") {
		t.Fatalf("want an UnexpectedResponseError that does not quote the body, got %v", err)
	}
}

func FuzzDecodeEnvelope(f *testing.F) {
	entries, _ := fs.ReadDir(api.Golden, "golden")
	for _, e := range entries {
		body, _ := fs.ReadFile(api.Golden, "golden/"+e.Name())
		f.Add(body, 200)
	}
	f.Add([]byte(`{"error":"invalid_grant"}`), 400)
	f.Add([]byte(`{"resultType":"FAIL","error":{"errorCode":4095,"data":{"retryAfterSeconds":"x"}}}`), 429)
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		// Whatever arrives, decoding ends in a payload or an error, never a panic; and a
		// caller that expects a payload gets an error when there is none.
		payload, err := decodeEnvelope("POST", "/fuzz", status, http.Header{}, body)
		if err != nil {
			return
		}
		var out any
		if perr := decodePayload("POST", "/fuzz", status, payload, &out); perr == nil && isAbsent(payload) {
			t.Fatalf("a missing payload decoded without an error for %q", body)
		}
	})
}

// A rate-limit answer keeps retryAfterSeconds exactly as the server wrote it, so a message can
// quote it (3600 stays 3600, 2.5 stays 2.5), next to the wait it means.
func TestRetryAfterSecondsKeepsTheServersText(t *testing.T) {
	for _, tc := range []struct {
		data     string
		wantText string
		wantWait time.Duration
	}{
		{`{"retryAfterSeconds":3600}`, "3600", time.Hour},
		{`{"retryAfterSeconds":2.5}`, "2.5", 2500 * time.Millisecond},
		{`{"retryAfterSeconds":1e3}`, "1e3", 1000 * time.Second},
		{`{"retryAfterSeconds":"7"}`, "7", 7 * time.Second}, // tolerated as a numeric string
		{`{"retryAfterSeconds":1e300}`, "1e300", time.Duration(1<<63 - 1)},
		{`{"retryAfterSeconds":0}`, "", 0},
		{`{"retryAfterSeconds":-1}`, "", 0},
		{`{"retryAfterSeconds":"soon"}`, "", 0},
		{`{"retryAfterSeconds":null}`, "", 0},
		{`{}`, "", 0},
	} {
		body := `{"resultType":"FAIL","success":null,"error":{"errorCode":"4095","reason":"slow down","data":` + tc.data + `}}`
		_, err := decodeEnvelope("GET", "/x", 429, http.Header{}, []byte(body))
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Errorf("%s: want an APIError, got %v", tc.data, err)
			continue
		}
		if string(apiErr.RetryAfterSeconds) != tc.wantText || apiErr.RetryAfter != tc.wantWait {
			t.Errorf("%s: RetryAfterSeconds %q, RetryAfter %s; want %q, %s", tc.data,
				apiErr.RetryAfterSeconds, apiErr.RetryAfter, tc.wantText, tc.wantWait)
		}
	}
}
