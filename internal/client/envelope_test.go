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
