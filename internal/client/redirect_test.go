package client

import (
	"context"
	"crypto/tls"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// A redirect would carry the request's credentials to the host it names. The client refuses it
// before anything is sent there, whatever the status and whatever the target's scheme, and does
// not retry the refusal.
func TestRedirectsAreRefusedBeforeAnythingReachesTheTarget(t *testing.T) {
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, scheme := range []string{"https", "http"} {
			t.Run(http.StatusText(status)+" to "+scheme, func(t *testing.T) {
				t.Parallel()
				p := newTestPKI(t)
				var reached atomic.Int32
				countReached := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					reached.Add(1)
					writeJSON(w, 200, okBody)
				})
				// The target is one the client would trust: only the refusal keeps the request away.
				var target *httptest.Server
				if scheme == "https" {
					target = p.mtlsServer(countReached, func(s *httptest.Server) { s.TLS.ClientAuth = tls.NoClientCert })
				} else {
					target = httptest.NewServer(countReached)
					t.Cleanup(target.Close)
				}
				targetURL, _ := url.Parse(target.URL)

				h := &countingHandler{respond: func(_ int, w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, target.URL+"/steal?from=appsintoss", status)
				}}
				c := p.newTestClient(p.mtlsServer(h), Config{MaxRetries: 4})

				err := c.Do(context.Background(), Call{
					Method: http.MethodPost, Path: "/api-partner/v1/apps-in-toss/user/oauth2/refresh-token",
					Header: map[string]string{"Authorization": "Bearer SECRET", "x-toss-user-key": "443731103"},
					Body:   map[string]string{"refreshToken": "SECRET-REFRESH"},
				}, nil)

				var redirect *RedirectError
				if !errors.As(err, &redirect) {
					t.Fatalf("want a RedirectError, got %T %v", err, err)
				}
				if redirect.HTTPStatus != status || redirect.Location != targetURL.Host {
					t.Errorf("RedirectError = %+v, want status %d and host %s", redirect, status, targetURL.Host)
				}
				for _, want := range []string{"HTTP " + strconv.Itoa(status), targetURL.Host, "refresh-token"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error does not name %q: %v", want, err)
					}
				}
				if strings.Contains(err.Error(), "steal") {
					t.Errorf("error quotes the Location beyond its host: %v", err)
				}
				if got := reached.Load(); got != 0 {
					t.Errorf("the redirect target received %d requests, want none", got)
				}
				if got := h.calls.Load(); got != 1 {
					t.Errorf("the refused redirect was retried: the server saw %d requests, want 1", got)
				}
			})
		}
	}
}

// RefuseRedirects is the piece every HTTP client of the provider uses, not only the mTLS one.
func TestRefuseRedirectsWorksForAnyHTTPClient(t *testing.T) {
	var reached atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	t.Cleanup(target.Close)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/token", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(origin.Close)

	c := &http.Client{CheckRedirect: RefuseRedirects}
	resp, err := c.Get(origin.URL + "/oauth/token")
	if err == nil {
		resp.Body.Close()
	}
	var redirect *RedirectError
	if !errors.As(err, &redirect) || redirect.HTTPStatus != http.StatusTemporaryRedirect || redirect.Path != "/oauth/token" {
		t.Fatalf("want a RedirectError for the 307 of GET /oauth/token, got %v", err)
	}
	if reached.Load() != 0 {
		t.Error("the redirect target was reached")
	}
}
