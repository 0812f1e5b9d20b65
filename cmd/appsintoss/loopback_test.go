package main

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
)

// Whatever host the redirect URI names, the listener is bound to 127.0.0.1 only.
func TestLoopbackListensOn127001(t *testing.T) {
	t.Parallel()
	for _, host := range redirectHosts {
		lb, err := listenLoopback(host)
		if err != nil {
			t.Fatal(err)
		}
		addr, ok := lb.ln.Addr().(*net.TCPAddr)
		if !ok || !addr.IP.Equal(net.IPv4(127, 0, 0, 1)) {
			t.Errorf("--redirect-host %s: listening on %v, want 127.0.0.1", host, lb.ln.Addr())
		}
		want := "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/callback"
		if lb.redirectURI != want {
			t.Errorf("redirect URI %s, want %s", lb.redirectURI, want)
		}
		lb.close()
	}
}

func TestCallbackHandler(t *testing.T) {
	t.Parallel()
	outcomes := make(chan callbackOutcome, 1)
	h := callbackHandler("the-state", outcomes)
	get := func(target string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		return rec
	}

	if rec := get("/?code=c&state=the-state"); rec.Code != http.StatusNotFound {
		t.Errorf("GET /: HTTP %d, want 404", rec.Code)
	}
	post := httptest.NewRecorder()
	h.ServeHTTP(post, httptest.NewRequest(http.MethodPost, "/callback?code=c&state=the-state", nil))
	if post.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /callback: HTTP %d, want 405", post.Code)
	}
	if len(outcomes) != 0 {
		t.Fatal("a request that was not the callback was taken for it")
	}

	rec := get("/callback?code=the-code&state=the-state&iss=https%3A%2F%2Fissuer")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
		rec.Header().Get("Referrer-Policy") != "no-referrer" || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("the callback: HTTP %d, headers %v", rec.Code, rec.Header())
	}
	for _, want := range []string{pageSignedIn.en, pageSignedIn.ko} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the page lacks %q:\n%s", want, rec.Body.String())
		}
	}
	outcome := <-outcomes
	if outcome.err != nil || *outcome.result != (callback{code: "the-code", state: "the-state", iss: "https://issuer"}) {
		t.Errorf("outcome %+v, %v", outcome.result, outcome.err)
	}

	if rec := get("/callback?code=another&state=the-state"); rec.Code != http.StatusConflict {
		t.Errorf("a second callback: HTTP %d, want 409", rec.Code)
	}
	if len(outcomes) != 0 {
		t.Error("a second callback was handed over")
	}
}

func TestReadCallback(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		query string
		want  string // the error's text, "" for a good callback
	}{
		"good":                 {query: "code=c&state=s"},
		"wrong state":          {query: "code=c&state=other", want: "carried a state this login did not send"},
		"no state":             {query: "code=c", want: "carried a state this login did not send"},
		"error with our state": {query: "error=access_denied&error_description=no&state=s", want: `error "access_denied", error_description "no"`},
		"error, wrong state":   {query: "error=access_denied&state=x", want: "carried a state this login did not send"},
		"other error":          {query: "error=server_error&state=s", want: `error "server_error". Run`},
		"no code":              {query: "state=s", want: "neither a code nor an error"},
		"control characters":   {query: "error=x%1b%5B31m&error_description=a%0Ab&state=s", want: `error "x\x1b[31m", error_description "a\nb"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			outcome := readCallback(q, "s")
			switch {
			case tc.want == "" && outcome.err != nil:
				t.Fatalf("refused: %v", outcome.err)
			case tc.want == "" && outcome.result.code != "c":
				t.Fatalf("result %+v", outcome.result)
			case tc.want != "" && (outcome.err == nil || !strings.Contains(outcome.err.Error(), tc.want)):
				t.Fatalf("err = %v, want it to contain %q", outcome.err, tc.want)
			case tc.want != "" && outcome.result != nil:
				t.Fatalf("a refused callback still carries a result: %+v", outcome.result)
			}
		})
	}
}

func TestLoopbackIsOneUse(t *testing.T) {
	t.Parallel()
	lb, err := listenLoopback("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	defer lb.close()
	if _, err := lb.await(t.Context(), "s", time.Millisecond); err == nil || !strings.Contains(err.Error(), "within 1ms") {
		t.Fatalf("await: %v, want the timeout", err)
	}
	if _, err := lb.await(t.Context(), "s", time.Hour); err == nil || !strings.Contains(err.Error(), "already taken its one redirect") {
		t.Fatalf("a second await: %v, want a refusal", err)
	}
	if conn, err := net.Dial("tcp", lb.ln.Addr().String()); err == nil {
		conn.Close()
		t.Fatal("the listener still accepts connections after its one use")
	}
}

func TestAwaitStopsWhenTheCommandIsInterrupted(t *testing.T) {
	t.Parallel()
	lb, err := listenLoopback("localhost")
	if err != nil {
		t.Fatal(err)
	}
	defer lb.close()
	ctx, cancel := contextWithCancelCause(t)
	cancel(errors.New("interrupt"))
	if _, err := lb.await(ctx, "s", time.Hour); err == nil || !strings.Contains(err.Error(), "login stopped before the browser came back: interrupt") {
		t.Fatalf("await: %v", err)
	}
}

// A second browser step in one login (the gateway refusing the token it just issued) is refused
// without showing another URL.
func TestOneBrowserStepPerLogin(t *testing.T) {
	t.Parallel()
	r := newRun(nil)
	lb, err := listenLoopback("localhost")
	if err != nil {
		t.Fatal(err)
	}
	defer lb.close()
	s := &signIn{c: r.cmd, lb: lb, noBrowser: true, timeout: time.Millisecond, attempted: true}
	_, err = s.fetchCode(t.Context(), &auth.AuthorizationArgs{URL: "https://issuer/authorize?state=s"})
	if err == nil || !strings.Contains(err.Error(), "asked for a second sign-in") {
		t.Fatalf("fetchCode: %v", err)
	}
	if out := r.output(); out != "" {
		t.Errorf("a second browser step printed %q", out)
	}
}
