package console

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// A gateway that redirects is not followed: the request carries the access token, and the
// redirect's target must never see it.
func TestSession_aRedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	var reached atomic.Int64
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	t.Cleanup(target.Close)
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/mcp", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirecting.Close)

	tokens, err := NewTokenSource(TokenSourceConfig{Credentials: &Credentials{Version: 1, ConsoleURL: redirecting.URL,
		TokenEndpoint: redirecting.URL + "/token", ClientID: "mcp-gateway", AccessToken: "a", TokenType: "Bearer",
		Expiry: time.Now().Add(time.Hour)}, HTTPClient: http.DefaultClient})
	if err != nil {
		t.Fatal(err)
	}
	_, err = OpenSession(t.Context(), SessionConfig{URL: redirecting.URL + "/mcp", Policy: testPolicy, Tokens: tokens})
	var redirect *client.RedirectError
	if !errors.As(err, &redirect) || redirect.HTTPStatus != http.StatusTemporaryRedirect {
		t.Fatalf("opening a session at a redirecting gateway: %v, want a *client.RedirectError", err)
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("the redirect's target received %d requests", n)
	}
}
