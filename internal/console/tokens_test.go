package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// tokenServer is an OAuth token endpoint that rotates refresh tokens: each refresh token works
// once, and its successor is in the answer (the emulator does the same).
type tokenServer struct {
	t *testing.T
	*httptest.Server

	mu        sync.Mutex
	live      string // the one refresh token that works
	refreshes int
	revoked   bool
	status    int          // when set, answer with this HTTP status and a server error
	echo      bool         // put the refresh token received into error_description
	during    func()       // runs while a refresh is being answered
	noExpiry  bool         // leave expires_in out
	seen      []url.Values // what each request carried
}

func newTokenServer(t *testing.T) *tokenServer {
	s := &tokenServer{t: t, live: testRefreshToken}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *tokenServer) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if s.during != nil {
		s.during()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = append(s.seen, r.PostForm)
	w.Header().Set("Content-Type", "application/json")
	if s.status != 0 {
		w.WriteHeader(s.status)
		fmt.Fprint(w, `{"error":"server_error","error_description":"try later"}`)
		return
	}
	got := r.PostForm.Get("refresh_token")
	if s.revoked || got != s.live || r.PostForm.Get("grant_type") != "refresh_token" ||
		r.PostForm.Get("client_id") != "mcp-gateway" {
		desc := "refresh token is not valid"
		if s.echo {
			desc += ": " + got
		}
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": desc})
		return
	}
	s.refreshes++
	s.live = fmt.Sprintf("rt-SECRET-rotated-%d", s.refreshes)
	answer := map[string]any{"access_token": fmt.Sprintf("at-SECRET-refreshed-%d", s.refreshes), "token_type": "Bearer",
		"refresh_token": s.live, "scope": "console"}
	if !s.noExpiry {
		answer["expires_in"] = 3600
	}
	_ = json.NewEncoder(w).Encode(answer)
}

func (s *tokenServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// expiredCredentials are credentials whose access token expired, refreshed at s.
func expiredCredentials(s *tokenServer) *Credentials {
	c := fullCredentials()
	c.TokenEndpoint = s.URL + "/token"
	c.Expiry = time.Now().Add(-time.Minute)
	return c
}

func fileTokenSource(t *testing.T, path string, warn func(string)) *TokenSource {
	t.Helper()
	c, err := ReadCredentialsFile(path, "a test")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := NewTokenSource(TokenSourceConfig{Credentials: c, File: path, FileFrom: "a test", HTTPClient: http.DefaultClient,
		Warn: warn})
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func writeCredentials(t *testing.T, c *Credentials) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "console-credentials.json")
	if err := WriteCredentialsFile(path, c); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidTokenIsUsedAsIs(t *testing.T) {
	s := newTokenServer(t)
	c := expiredCredentials(s)
	c.Expiry = time.Now().Add(time.Hour)
	ts, err := NewTokenSource(TokenSourceConfig{Credentials: c, HTTPClient: http.DefaultClient})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := ts.Token()
	if err != nil || tok.AccessToken != testAccessToken || tok.Type() != "Bearer" {
		t.Fatalf("%v %v", tok, err)
	}
	if s.count() != 0 {
		t.Fatal("a valid token was refreshed")
	}
}

// TestRefreshWritesTheNewSetBack: an expired token is refreshed with the refresh token (public
// client: client_id, no secret) under the file's lock, and the rotated set replaces the file.
func TestRefreshWritesTheNewSetBack(t *testing.T) {
	s := newTokenServer(t)
	path := writeCredentials(t, expiredCredentials(s))
	s.during = func() {
		if !lockHeld(t, path) {
			t.Error("the refresh ran without the credentials lock")
		}
	}
	ts := fileTokenSource(t, path, nil)
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "at-SECRET-refreshed-1" {
		t.Fatalf("token %q", tok.AccessToken)
	}
	if seen := s.seen[0]; seen["client_secret"] != nil || seen["client_id"][0] != "mcp-gateway" {
		t.Fatalf("the refresh carried %v", seen)
	}
	written, err := ReadCredentialsFile(path, "a test")
	if err != nil {
		t.Fatal(err)
	}
	if written.AccessToken != "at-SECRET-refreshed-1" || written.RefreshToken != "rt-SECRET-rotated-1" ||
		written.ObtainedAt != fullCredentials().ObtainedAt || time.Until(written.Expiry) < 59*time.Minute {
		t.Fatalf("written %#v (expiry %s)", written, written.Expiry)
	}
	assertMode0600(t, path)
	assertFileMatchesSchema(t, path)
	if again, err := ts.Token(); err != nil || again.AccessToken != tok.AccessToken || s.count() != 1 {
		t.Fatalf("the new token was not reused: %v %v (%d refreshes)", again, err, s.count())
	}
}

// TestAnotherProcessesRefreshIsAdopted: two token sources share a file, as two provider processes
// would. The second finds the first's rotated set in the file and uses it; spending its own (now
// dead) refresh token would fail.
func TestAnotherProcessesRefreshIsAdopted(t *testing.T) {
	s := newTokenServer(t)
	path := writeCredentials(t, expiredCredentials(s))
	first, second := fileTokenSource(t, path, nil), fileTokenSource(t, path, nil)
	a, err := first.Token()
	if err != nil {
		t.Fatal(err)
	}
	b, err := second.Token()
	if err != nil {
		t.Fatal(err)
	}
	if a.AccessToken != b.AccessToken || s.count() != 1 {
		t.Fatalf("tokens %q %q after %d refreshes", a.AccessToken, b.AccessToken, s.count())
	}
}

// TestConcurrentRefreshesSpendTheRefreshTokenOnce: several sources over one file, all expired,
// asking at once: one refresh, and all end with its token.
func TestConcurrentRefreshesSpendTheRefreshTokenOnce(t *testing.T) {
	s := newTokenServer(t)
	path := writeCredentials(t, expiredCredentials(s))
	const processes = 4
	sources := make([]*TokenSource, processes)
	for i := range sources {
		sources[i] = fileTokenSource(t, path, nil)
	}
	tokens := make([]string, processes)
	errs := make([]error, processes)
	var wg sync.WaitGroup
	for i, ts := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, err := ts.Token()
			errs[i] = err
			if err == nil {
				tokens[i] = tok.AccessToken
			}
		}()
	}
	wg.Wait()
	for i := range sources {
		if errs[i] != nil || tokens[i] != "at-SECRET-refreshed-1" {
			t.Fatalf("source %d: %q %v", i, tokens[i], errs[i])
		}
	}
	if s.count() != 1 {
		t.Fatalf("%d refreshes", s.count())
	}
}

// TestEnvironmentCredentialsRefreshInMemory: credentials from APPSINTOSS_CONSOLE_CREDENTIALS are
// refreshed and kept in memory; the rotated refresh token is the one used next.
func TestEnvironmentCredentialsRefreshInMemory(t *testing.T) {
	s := newTokenServer(t)
	data, _ := json.Marshal(expiredCredentials(s))
	c, err := CredentialsFromEnv(string(data))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := NewTokenSource(TokenSourceConfig{Credentials: c, HTTPClient: http.DefaultClient})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	ts.now = func() time.Time { return clock }
	if tok, err := ts.Token(); err != nil || tok.AccessToken != "at-SECRET-refreshed-1" {
		t.Fatalf("%v %v", tok, err)
	}
	clock = clock.Add(2 * time.Hour) // the refreshed token expires too
	if tok, err := ts.Token(); err != nil || tok.AccessToken != "at-SECRET-refreshed-2" {
		t.Fatalf("second refresh: %v %v", tok, err)
	}
}

func TestMissingExpiresInAssumesAnHour(t *testing.T) {
	s := newTokenServer(t)
	s.noExpiry = true
	ts, _ := NewTokenSource(TokenSourceConfig{Credentials: expiredCredentials(s), HTTPClient: http.DefaultClient})
	clock := time.Now()
	ts.now = func() time.Time { return clock }
	tok, err := ts.Token()
	if err != nil || !tok.Expiry.Equal(clock.Add(time.Hour)) {
		t.Fatalf("%v %v", tok, err)
	}
}

func TestRefusedRefreshSaysToLogIn(t *testing.T) {
	cases := []struct {
		name    string
		env     bool
		prepare func(s *tokenServer, c *Credentials)
		want    []string
	}{
		{name: "file, revoked", prepare: func(s *tokenServer, _ *Credentials) { s.revoked = true },
			want: []string{"the authorization server refused the refresh token (invalid_grant: refresh token is not valid)",
				"Run `appsintoss login --credentials-file"}},
		{name: "environment, revoked", env: true, prepare: func(s *tokenServer, _ *Credentials) { s.revoked = true },
			want: []string{"the console credentials in APPSINTOSS_CONSOLE_CREDENTIALS can no longer be used",
				"update the APPSINTOSS_CONSOLE_CREDENTIALS secret with the contents of the fresh credentials file"}},
		{name: "the server echoes the token", prepare: func(s *tokenServer, _ *Credentials) { s.revoked, s.echo = true, true },
			want: []string{"refresh token is not valid: [redacted]"}},
		{name: "no refresh token", prepare: func(_ *tokenServer, c *Credentials) { c.RefreshToken = "" },
			want: []string{"the credentials hold no refresh token"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newTokenServer(t)
			c := expiredCredentials(s)
			tc.prepare(s, c)
			cfg := TokenSourceConfig{Credentials: c, HTTPClient: http.DefaultClient}
			if !tc.env {
				cfg.File, cfg.FileFrom = writeCredentials(t, c), "console.credentials_file"
			}
			ts, err := NewTokenSource(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ts.Token()
			var login *LoginRequiredError
			if !errors.As(err, &login) {
				t.Fatalf("err = %v, want *LoginRequiredError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%s", w, err)
				}
			}
			if !tc.env && !strings.Contains(err.Error(), cfg.File+" (from console.credentials_file)") {
				t.Errorf("the file is not named: %s", err)
			}
			assertNoSecret(t, err.Error())
		})
	}
}

func TestServerErrorIsNotALoginProblem(t *testing.T) {
	s := newTokenServer(t)
	s.status = http.StatusBadGateway
	ts, _ := NewTokenSource(TokenSourceConfig{Credentials: expiredCredentials(s), HTTPClient: http.DefaultClient})
	_, err := ts.Token()
	var login *LoginRequiredError
	if err == nil || errors.As(err, &login) || !strings.Contains(err.Error(), "HTTP 502 (server_error: try later)") {
		t.Fatalf("err = %v", err)
	}
}

// TestRefreshLeavesAChangedFileAlone: the file was removed (appsintoss logout) or now holds
// another sign-in; the refreshed tokens stay in memory, the file is neither recreated nor
// overwritten, and a warning says so.
func TestRefreshLeavesAChangedFileAlone(t *testing.T) {
	other := fullCredentials()
	other.ConsoleURL = "https://other.example/mcp"
	for name, change := range map[string]func(path string) error{
		"removed":         os.Remove,
		"another sign-in": func(path string) error { return WriteCredentialsFile(path, other) },
	} {
		t.Run(name, func(t *testing.T) {
			s := newTokenServer(t)
			path := writeCredentials(t, expiredCredentials(s))
			var warnings []string
			ts := fileTokenSource(t, path, func(m string) { warnings = append(warnings, m) })
			if err := change(path); err != nil {
				t.Fatal(err)
			}
			if tok, err := ts.Token(); err != nil || tok.AccessToken != "at-SECRET-refreshed-1" {
				t.Fatalf("%v %v", tok, err)
			}
			if name == "removed" {
				if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("the removed file came back: %v", err)
				}
			} else {
				kept, err := ReadCredentialsFile(path, "a test")
				if err != nil || *kept != *other {
					t.Fatalf("the other sign-in was overwritten: %v %v", kept, err)
				}
			}
			if len(warnings) != 1 || !strings.Contains(warnings[0], "was removed or now holds another sign-in") {
				t.Fatalf("warnings %q", warnings)
			}
			assertNoSecret(t, strings.Join(warnings, " "))
		})
	}
}

// closeRecorder is a response body that records that it was closed.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// rejection is a request the gateway refused, as the SDK hands it to Authorize.
type rejection struct {
	req  *http.Request
	resp *http.Response
	body *closeRecorder
}

func rejected(token string, status int) rejection {
	req := httptest.NewRequest(http.MethodPost, "https://gateway.example/mcp", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	body := &closeRecorder{Reader: strings.NewReader("unauthorized")}
	return rejection{req: req, resp: &http.Response{StatusCode: status, Body: body}, body: body}
}

func (r rejection) authorize(h interface {
	Authorize(context.Context, *http.Request, *http.Response) error
}) error {
	return h.Authorize(context.Background(), r.req, r.resp)
}

// TestAuthorizeRefreshesOnceThenAsksForLogin: the SDK calls Authorize after a 401. A token that
// looks valid but was refused is refreshed once; a refusal of the refreshed token is a
// *LoginRequiredError, with no second refresh and no interactive flow.
func TestAuthorizeRefreshesOnceThenAsksForLogin(t *testing.T) {
	s := newTokenServer(t)
	c := expiredCredentials(s)
	c.Expiry = time.Now().Add(time.Hour)
	path := writeCredentials(t, c)
	ts := fileTokenSource(t, path, nil)
	handler := ts.OAuthHandler()
	ctx := context.Background()

	source, err := handler.TokenSource(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := source.Token()
	first := rejected(tok.AccessToken, http.StatusUnauthorized)
	if err := first.authorize(handler); err != nil {
		t.Fatal(err)
	}
	if !first.body.closed {
		t.Error("the response body was not closed")
	}
	fresh, _ := source.Token()
	if fresh.AccessToken != "at-SECRET-refreshed-1" || s.count() != 1 {
		t.Fatalf("after Authorize: %q, %d refreshes", fresh.AccessToken, s.count())
	}

	// A request that failed with the old token while another replaced it: nothing to do.
	if err := rejected(tok.AccessToken, http.StatusUnauthorized).authorize(handler); err != nil || s.count() != 1 {
		t.Fatalf("a stale rejection refreshed again: %v, %d refreshes", err, s.count())
	}

	// The freshly refreshed token refused too: no refresh can help.
	err = rejected(fresh.AccessToken, http.StatusUnauthorized).authorize(handler)
	var login *LoginRequiredError
	if !errors.As(err, &login) || !strings.Contains(err.Error(), "refused an access token that had just been refreshed") {
		t.Fatalf("err = %v", err)
	}
	if s.count() != 1 {
		t.Fatalf("%d refreshes", s.count())
	}
	assertNoSecret(t, err.Error())
}

// TestAuthorizeAfterAConcurrentRefresh: requests that failed with the old token while another
// request's Authorize replaced it do not refresh again (in memory: no file to re-read).
func TestAuthorizeAfterAConcurrentRefresh(t *testing.T) {
	s := newTokenServer(t)
	c := expiredCredentials(s)
	c.Expiry = time.Now().Add(time.Hour)
	ts, _ := NewTokenSource(TokenSourceConfig{Credentials: c, HTTPClient: http.DefaultClient})
	handler := ts.OAuthHandler()
	for range 3 {
		if err := rejected(testAccessToken, http.StatusUnauthorized).authorize(handler); err != nil {
			t.Fatal(err)
		}
	}
	if s.count() != 1 {
		t.Fatalf("%d refreshes for one rejected token", s.count())
	}
}

func TestAuthorizeForbiddenIsAPermissionProblem(t *testing.T) {
	s := newTokenServer(t)
	ts, _ := NewTokenSource(TokenSourceConfig{Credentials: expiredCredentials(s), HTTPClient: http.DefaultClient})
	forbidden := rejected(testAccessToken, http.StatusForbidden)
	err := forbidden.authorize(ts.OAuthHandler())
	if err == nil || !strings.Contains(err.Error(), "refused access (HTTP 403)") || !forbidden.body.closed || s.count() != 0 {
		t.Fatalf("err = %v, closed %v, %d refreshes", err, forbidden.body.closed, s.count())
	}
}

func TestNewTokenSourceNeedsCredentialsAndAClient(t *testing.T) {
	if _, err := NewTokenSource(TokenSourceConfig{HTTPClient: http.DefaultClient}); err == nil {
		t.Fatal("no credentials accepted")
	}
	if _, err := NewTokenSource(TokenSourceConfig{Credentials: fullCredentials()}); err == nil {
		t.Fatal("no HTTP client accepted")
	}
}
