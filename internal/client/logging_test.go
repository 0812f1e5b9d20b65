package client

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
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
