package emulator_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api/contract"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// received is one request the partner's endpoint got.
type received struct {
	Method string
	Path   string
	Query  url.Values
	Auth   string
	Body   []byte
}

// subscriptionURL stands for the 결제 알림 URL, which receives two webhooks of api/openapi.yaml,
// told apart by eventType.
const subscriptionURL = "subscription URL"

// partnerEndpoint is a partner's server on loopback: it records what Toss (the emulator) sends,
// checks each request against the webhook of api/openapi.yaml, and answers with status.
type partnerEndpoint struct {
	URL string

	mu     sync.Mutex
	got    []received
	status int
}

func newPartnerEndpoint(t *testing.T, webhook string) *partnerEndpoint {
	t.Helper()
	p := &partnerEndpoint{status: http.StatusNoContent}
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		p.got = append(p.got, received{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
			Auth: r.Header.Get("Authorization"), Body: body})
		status := p.status
		p.mu.Unlock()
		w.WriteHeader(status)
	})
	v := contract.Load(t)
	handler := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		name := webhook
		if webhook == subscriptionURL {
			name = "subscriptionStatusChanged"
			if bytes.Contains(body, []byte(`"callback.registration_verification"`)) {
				name = "callbackRegistrationVerification"
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		v.WebhookHandler(t, name, record).ServeHTTP(w, r)
	}))
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

func (p *partnerEndpoint) answer(status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = status
}

func (p *partnerEndpoint) requests() []received {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]received(nil), p.got...)
}

// delivery is the callback or webhook part of an admin answer.
type delivery struct {
	Attempted bool
	Delivered bool
	Status    int
	Error     string
}

func basic(value string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(value)) }

func TestUnlinkRevokesTheLoginAndPostsTheCallback(t *testing.T) {
	partnerSide := newPartnerEndpoint(t, "unlinkCallback")
	cfg := emulator.DefaultConfig()
	cfg.UnlinkCallback = emulator.UnlinkCallback{URL: partnerSide.URL + "/toss/unlink", Method: http.MethodPost, Auth: "partner:s3cret"}
	inst := start(t, cfg)
	userKey, code := inst.SeedUser(t, nil)
	access, refresh := inst.LoginTokens(t, inst.NewAuthorizationCode(t, userKey))
	pending := code // an authorization code the mini-app has not exchanged yet

	var out struct {
		UserKey       int64
		Referrer      string
		RevokedTokens int
		Callback      delivery
	}
	inst.Admin(t, http.MethodPost, "users/"+itoa(userKey)+"/unlink", map[string]any{"referrer": "WITHDRAWAL_TERMS"}, &out)
	if out.UserKey != userKey || out.Referrer != "WITHDRAWAL_TERMS" || out.RevokedTokens != 2 ||
		out.Callback != (delivery{Attempted: true, Delivered: true, Status: http.StatusNoContent}) {
		t.Errorf("unlink answer: %+v", out)
	}

	got := partnerSide.requests()
	if len(got) != 1 {
		t.Fatalf("the partner got %d callbacks, want 1", len(got))
	}
	cb := got[0]
	if cb.Method != http.MethodPost || cb.Path != "/toss/unlink" || cb.Auth != basic("partner:s3cret") {
		t.Errorf("callback %s %s, Authorization %q", cb.Method, cb.Path, cb.Auth)
	}
	sameShape(t, "webhooks/unlink-callback-post.json", cb.Body)
	var body struct {
		UserKey  int64
		Referrer string
	}
	if err := json.Unmarshal(cb.Body, &body); err != nil || body.UserKey != userKey || body.Referrer != "WITHDRAWAL_TERMS" {
		t.Errorf("callback body %s", cb.Body)
	}

	// As Toss does: the login is gone.
	if st, b := inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil, map[string]string{"Authorization": "Bearer " + access}); st != http.StatusUnauthorized {
		t.Errorf("login-me after unlink: %d %s", st, b)
	}
	st, b := inst.Do(t, http.MethodPost, partner+"/user/oauth2/refresh-token", map[string]any{"refreshToken": refresh}, nil)
	failure(t, st, b, http.StatusBadRequest, "invalid_grant")
	if st, b := generateToken(t, inst, pending); st != http.StatusBadRequest {
		t.Errorf("a pending authorization code survived the unlink: %d %s", st, b)
	}
	if counts := inst.Stats(t).Webhooks[emulator.WebhookUnlink]; counts != (emulatortest.WebhookCounts{Delivered: 1}) {
		t.Errorf("stats: %+v", counts)
	}
}

func TestUnlinkCallbackByGETKeepsTheURLsQuery(t *testing.T) {
	partnerSide := newPartnerEndpoint(t, "unlinkCallback")
	cfg := emulator.DefaultConfig()
	cfg.UnlinkCallback = emulator.UnlinkCallback{URL: partnerSide.URL + "/unlink?source=toss", Method: http.MethodGet}
	inst := start(t, cfg)
	userKey, _ := inst.SeedUser(t, nil)

	inst.Admin(t, http.MethodPost, "users/"+itoa(userKey)+"/unlink", nil, nil) // referrer defaults to UNLINK
	got := partnerSide.requests()
	if len(got) != 1 {
		t.Fatalf("the partner got %d callbacks, want 1", len(got))
	}
	cb := got[0]
	want := url.Values{"userKey": {itoa(userKey)}, "referrer": {"UNLINK"}, "source": {"toss"}}
	if cb.Method != http.MethodGet || cb.Query.Encode() != want.Encode() || len(cb.Body) != 0 || cb.Auth != "" {
		t.Errorf("callback %s ?%s body %q Authorization %q", cb.Method, cb.Query.Encode(), cb.Body, cb.Auth)
	}
}

func TestUnlinkWithoutACallbackURLStillRevokes(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	access, _ := inst.LoginTokens(t, inst.NewAuthorizationCode(t, userKey))
	var out struct{ Callback delivery }
	inst.Admin(t, http.MethodPost, "users/"+itoa(userKey)+"/unlink", map[string]any{"referrer": "WITHDRAWAL_TOSS"}, &out)
	if out.Callback.Attempted || out.Callback.Delivered {
		t.Errorf("callback without a URL: %+v", out.Callback)
	}
	if st, _ := inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil, map[string]string{"Authorization": "Bearer " + access}); st != http.StatusUnauthorized {
		t.Errorf("login-me after unlink: %d", st)
	}
	for _, tc := range []struct {
		path string
		body any
	}{
		{"users/" + itoa(userKey) + "/unlink", map[string]any{"referrer": "LOGOUT"}},
		{"users/999999999/unlink", nil},
	} {
		resp, err := inst.RawDo(t, http.MethodPost, "/_emulator/"+tc.path, tc.body, nil) // outside the contract on purpose
		if err != nil || (resp.Status != http.StatusBadRequest && resp.Status != http.StatusNotFound) {
			t.Errorf("%s %v: %v %+v", tc.path, tc.body, err, resp)
		}
	}
	if counts := inst.Stats(t).Webhooks[emulator.WebhookUnlink]; counts != (emulatortest.WebhookCounts{}) {
		t.Errorf("nothing was sent, yet stats say %+v", counts)
	}
}

// The revocation APIs end a login without the callback (reference §2.6).
func TestRevocationAPIsSendNoUnlinkCallback(t *testing.T) {
	partnerSide := newPartnerEndpoint(t, "unlinkCallback")
	cfg := emulator.DefaultConfig()
	cfg.UnlinkCallback = emulator.UnlinkCallback{URL: partnerSide.URL, Method: http.MethodPost}
	inst := start(t, cfg)
	userKey, code := inst.SeedUser(t, nil)
	access, _ := inst.LoginTokens(t, code)
	st, b := inst.Do(t, http.MethodPost, partner+"/user/oauth2/access/remove-by-access-token", nil, map[string]string{"Authorization": "Bearer " + access})
	success(t, st, b, nil)
	st, b = inst.Do(t, http.MethodPost, partner+"/user/oauth2/access/remove-by-user-key", map[string]any{"userKey": userKey}, nil)
	success(t, st, b, nil)
	if got := partnerSide.requests(); len(got) != 0 {
		t.Errorf("revocation sent %d callbacks", len(got))
	}
}

// A callback the partner does not take is counted and logged, never fatal: the admin call
// succeeds, says why, and the emulator goes on.
func TestCallbackFailuresAreCountedAndLoggedNeverFatal(t *testing.T) {
	partnerSide := newPartnerEndpoint(t, "unlinkCallback")
	var redirected atomic.Bool
	stalled := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/target", http.StatusFound) })
	mux.HandleFunc("/target", func(http.ResponseWriter, *http.Request) { redirected.Store(true) })
	mux.HandleFunc("/stall", func(http.ResponseWriter, *http.Request) { <-stalled }) // answers when the test ends
	other := httptest.NewServer(mux)
	t.Cleanup(other.Close)
	t.Cleanup(func() { close(stalled) }) // runs first
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	var logs lockedLog
	cases := []struct {
		name, url string
		status    int
		errorHas  string
	}{
		{"HTTP 500", partnerSide.URL + "/unlink", http.StatusInternalServerError, "HTTP 500"},
		{"a redirect, not followed", other.URL + "/moved", http.StatusFound, "HTTP 302"},
		{"no answer in time", other.URL + "/stall", 0, "did not answer in time"},
		{"connection refused", closed.URL + "/unlink", 0, "request failed"},
	}
	partnerSide.answer(http.StatusInternalServerError)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := emulator.DefaultConfig()
			cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			cfg.WebhookTimeout = 200 * time.Millisecond
			cfg.UnlinkCallback = emulator.UnlinkCallback{URL: tc.url + "?token=url-secret", Method: http.MethodPost, Auth: "auth-secret"}
			inst := start(t, cfg)
			userKey, _ := inst.SeedUser(t, nil)
			var out struct{ Callback delivery }
			inst.Admin(t, http.MethodPost, "users/"+itoa(userKey)+"/unlink", nil, &out)
			if !out.Callback.Attempted || out.Callback.Delivered || out.Callback.Status != tc.status || !strings.Contains(out.Callback.Error, tc.errorHas) {
				t.Errorf("delivery %+v, want status %d and an error saying %q", out.Callback, tc.status, tc.errorHas)
			}
			if counts := inst.Stats(t).Webhooks[emulator.WebhookUnlink]; counts != (emulatortest.WebhookCounts{Failed: 1}) {
				t.Errorf("stats after failure %d: %+v", i, counts)
			}
			inst.Admin(t, http.MethodGet, "health", nil, nil) // still serving
		})
	}
	if redirected.Load() {
		t.Error("a redirect was followed")
	}
	log := logs.String()
	if strings.Count(log, "callback not delivered") != len(cases) {
		t.Errorf("want one log line per failed delivery:\n%s", log)
	}
	for _, secret := range []string{"url-secret", "auth-secret", base64.StdEncoding.EncodeToString([]byte("auth-secret"))} {
		if strings.Contains(log, secret) {
			t.Errorf("the log carries %q:\n%s", secret, log)
		}
	}
}

// lockedLog collects log output written from request goroutines.
type lockedLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
