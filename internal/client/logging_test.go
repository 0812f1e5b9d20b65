package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
)

// TestLogsNeverCarrySecrets sends a login-like exchange with every kind of secret on the wire and
// proves that TRACE logs show the request and nothing secret.
func TestLogsNeverCarrySecrets(t *testing.T) {
	secrets := []string{
		"Bearer-SECRET-ACCESS-TOKEN", "SECRET-REFRESH-TOKEN", "SECRET-AUTH-CODE",
		"SECRET-NEW-ACCESS", "SECRET-NEW-REFRESH", "SECRET-PROMOTION-KEY",
		"홍길동", "01012345678", "gildong@example.com", "ENCRYPTED-CI",
	}
	p := newTestPKI(t)
	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		writeJSON(w, 200, `{"resultType":"SUCCESS","success":{"accessToken":"SECRET-NEW-ACCESS",`+
			`"refreshToken":"SECRET-NEW-REFRESH","key":"SECRET-PROMOTION-KEY","name":"홍길동","phone":"01012345678",`+
			`"email":"gildong@example.com","ci":"ENCRYPTED-CI","userKey":443731103}}`)
	}}
	c := p.newTestClient(p.mtlsServer(h), Config{UserAgent: "terraform-provider-appsintoss/test Terraform/1.11.4"})

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	err := c.Do(ctx, Call{
		Method: "POST", Path: "/api-partner/v1/apps-in-toss/user/oauth2/refresh-token",
		Header: map[string]string{"Authorization": "Bearer Bearer-SECRET-ACCESS-TOKEN"},
		Body:   map[string]string{"refreshToken": "SECRET-REFRESH-TOKEN", "authorizationCode": "SECRET-AUTH-CODE"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "refresh-token") || !strings.Contains(out, `"status":200`) {
		t.Fatalf("expected a DEBUG line with path and status, got:\n%s", out)
	}
	if !strings.Contains(out, "443731103") {
		t.Errorf("TRACE body logging lost non-secret fields:\n%s", out)
	}
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("log contains secret %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "Bearer") {
		t.Errorf("log carries the Authorization header:\n%s", out)
	}
}

func TestUserAgentNamesProviderAndTerraform(t *testing.T) {
	p := newTestPKI(t)
	var ua string
	srv := p.mtlsServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua = r.UserAgent()
		writeJSON(w, 200, okBody)
	}))
	c := p.newTestClient(srv, Config{UserAgent: "terraform-provider-appsintoss/1.2.3 Terraform/1.11.4"})
	if err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil); err != nil {
		t.Fatal(err)
	}
	if ua != "terraform-provider-appsintoss/1.2.3 Terraform/1.11.4" {
		t.Errorf("User-Agent = %q", ua)
	}
}

// mustBeRedacted is every JSON key whose value may never reach a log line, with where it comes
// from. It is the test's own list, kept apart from sensitiveFields on purpose: dropping an entry
// from the code fails its case below, and an entry the code adds must be added (and explained)
// here too.
var mustBeRedacted = map[string]string{
	"accessToken":       "login tokens (generate-token, refresh-token)",
	"refreshToken":      "login tokens, and the refresh-token request",
	"authorizationCode": "generate-token request",
	"idToken":           "OAuth token answers that carry one",
	"key":               "promotion get-key: the key that grants points",
	"payToken":          "Toss Pay make-payment",
	"decryptionKey":     "the emulator's login secrets",
	"aad":               "the emulator's login secrets",
	"name":              "login-me personal field",
	"phone":             "login-me personal field",
	"email":             "login-me personal field",
	"birthday":          "login-me personal field",
	"gender":            "login-me personal field",
	"nationality":       "login-me personal field",
	"ci":                "login-me personal field",
	"di":                "login-me personal field",
	"callingCode":       "login-me personal field (OAS)",
	"certTxId":          "login-me: the identity verification transaction",
}

func TestEachSensitiveFieldIsRedactedWhereverItAppears(t *testing.T) {
	for field, why := range mustBeRedacted {
		t.Run(field, func(t *testing.T) {
			canary := "CANARY-VALUE-OF-" + field
			body := fmt.Sprintf(`{"resultType":"SUCCESS","success":{"userKey":443731103,%q:%q,"items":[{%q:%q}]}}`,
				field, canary, field, canary)
			out := redactBody([]byte(body))
			if strings.Contains(out, canary) {
				t.Errorf("%s (%s) is not redacted: %s", field, why, out)
			}
			if !strings.Contains(out, "443731103") {
				t.Errorf("redaction lost a field that is not secret: %s", out)
			}
		})
	}
	for field := range sensitiveFields {
		if _, ok := mustBeRedacted[field]; !ok {
			t.Errorf("sensitiveFields redacts %q, which mustBeRedacted does not list: add it there with where it comes from", field)
		}
	}
}

// notSecret are the keys of the golden answers below whose values may be logged.
var notSecret = map[string]bool{"userKey": true, "scope": true, "agreedTerms": true, "policy": true,
	"tokenType": true, "expiresIn": true}

// TestTraceLogsOfRealAnswersCarryNoSecret sends the documented answers that carry credentials
// and personal data (api/golden) through the client at TRACE and looks for every value of them
// in the log: each token, key and ciphertext as the server sent it.
func TestTraceLogsOfRealAnswersCarryNoSecret(t *testing.T) {
	for _, name := range []string{
		"login-login-me-success.json", "login-login-me-success-extra-fields.json",
		"login-generate-token-success.json", "login-refresh-token-success.json",
		"promotion-get-key-success.json", "pay-make-payment-success.json",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body, err := fs.ReadFile(api.Golden, "golden/"+name)
			if err != nil {
				t.Fatal(err)
			}
			var answer struct {
				Success map[string]any `json:"success"`
			}
			if err := json.Unmarshal(body, &answer); err != nil {
				t.Fatal(err)
			}
			secrets := map[string]string{}
			for key, value := range answer.Success {
				// Values shorter than 6 characters ("82") could match anything in a log line;
				// their keys are covered by TestEachSensitiveFieldIsRedactedWhereverItAppears.
				if s, ok := value.(string); ok && !notSecret[key] && len(s) >= 6 {
					secrets[key] = s
				}
			}
			if len(secrets) == 0 {
				t.Fatalf("%s carries no secret value: the test would prove nothing", name)
			}

			p := newTestPKI(t)
			srv := p.mtlsServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, string(body)) }))
			c := p.newTestClient(srv, Config{})
			var logs bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &logs)
			if err := c.Do(ctx, Call{Method: "POST", Path: "/golden/" + name, Body: map[string]string{}}, nil); err != nil {
				t.Fatal(err)
			}
			out := logs.String()
			if !strings.Contains(out, "response body") {
				t.Fatalf("no TRACE body line was logged:\n%s", out)
			}
			for key, value := range secrets {
				if strings.Contains(out, value) {
					t.Errorf("the TRACE log carries the %s value of %s", key, name)
				}
			}
		})
	}
}
