package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"
)

// The loopback redirect of a native app's sign-in (RFC 8252 §7.3): the authorization server sends
// the browser to http://localhost:PORT/callback with the code, and this listener takes it. It is
// bound to 127.0.0.1 whatever host the redirect URI names (a listener on every interface would let
// another machine deliver a callback), it answers one callback, and it is closed after that one,
// after a timeout, or when the command ends.

const callbackPath = "/callback"

// Redirect hosts --redirect-host accepts. localhost is what the documented clients of mcp-gateway
// send; some authorization servers register the literal address instead.
var redirectHosts = []string{"localhost", "127.0.0.1"}

// loopback is the one-use callback listener.
type loopback struct {
	ln          net.Listener
	redirectURI string
	used        atomic.Bool
}

// callback is what the authorization server sent back through the browser.
type callback struct {
	code  string
	state string
	iss   string // RFC 9207, when the server sends it
}

// callbackOutcome is a callback or the reason there is none.
type callbackOutcome struct {
	result *callback
	err    error
}

// listenLoopback binds 127.0.0.1 on a free port; the redirect URI names redirectHost and that
// port. The port must be known before the SDK's OAuth handler is built: it fixes the redirect URI.
func listenLoopback(redirectHost string) (*loopback, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("cannot open a loopback port for the sign-in redirect: %w", err)
	}
	_, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		ln.Close()
		return nil, err
	}
	redirect := url.URL{Scheme: "http", Host: net.JoinHostPort(redirectHost, port), Path: callbackPath}
	return &loopback{ln: ln, redirectURI: redirect.String()}, nil
}

// close releases the port when await never ran (a sign-in that failed before the browser step).
func (l *loopback) close() { _ = l.ln.Close() }

// await serves the listener until the one callback arrives (checked against wantState), ctx
// ends, or timeout passes. The listener is closed when it returns, after the callback's page has
// been written. It can be used once.
func (l *loopback) await(ctx context.Context, wantState string, timeout time.Duration) (*callback, error) {
	if !l.used.CompareAndSwap(false, true) {
		return nil, errors.New("the loopback listener has already taken its one redirect; run `appsintoss login` again")
	}
	outcomes := make(chan callbackOutcome, 1)
	srv := &http.Server{
		Handler:           callbackHandler(wantState, outcomes),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l.ln) }()

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var outcome callbackOutcome
	select {
	case outcome = <-outcomes:
	case <-timer.C:
		outcome.err = fmt.Errorf("no sign-in came back to %s within %s (the --timeout): finish signing in in the "+
			"browser sooner, or give --timeout more time, and run `appsintoss login` again", l.redirectURI, timeout)
	case <-ctx.Done():
		outcome.err = fmt.Errorf("login stopped before the browser came back: %w", context.Cause(ctx))
	}
	_ = stopServing(srv, served) // the outcome is decided, and the listener is closed either way
	return outcome.result, outcome.err
}

// stopServing closes the listener at once, then waits a little for the page being written.
func stopServing(srv *http.Server, served <-chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	shutdownErr := srv.Shutdown(ctx)
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return shutdownErr
}

// callbackHandler answers the one callback with a short page and hands its outcome over; any
// other path is 404, and callbacks after the first are refused.
func callbackHandler(wantState string, outcomes chan<- callbackOutcome) http.Handler {
	var claimed atomic.Bool
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != callbackPath {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", http.MethodGet)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if !claimed.CompareAndSwap(false, true) {
			writeCallbackPage(w, http.StatusConflict, pageAlreadyUsed)
			return
		}
		outcome := readCallback(r.URL.Query(), wantState)
		if outcome.err != nil {
			writeCallbackPage(w, http.StatusBadRequest, pageFailed)
		} else {
			writeCallbackPage(w, http.StatusOK, pageSignedIn)
		}
		outcomes <- outcome
	})
}

// readCallback checks the authorization response (RFC 6749 §4.1.2): the state first, since a
// response that does not carry ours is not an answer to this sign-in at all.
func readCallback(q url.Values, wantState string) callbackOutcome {
	if q.Get("state") != wantState {
		return callbackOutcome{err: errors.New("the redirect to the loopback listener carried a state this login did not " +
			"send (a stale browser tab, or a request forged by something else on this machine), so its code was not " +
			"used; run `appsintoss login` again")}
	}
	if q.Has("error") {
		return callbackOutcome{err: &authorizationError{Code: q.Get("error"), Description: q.Get("error_description")}}
	}
	code := q.Get("code")
	if code == "" {
		return callbackOutcome{err: errors.New("the redirect to the loopback listener carried neither a code nor an " +
			"error; run `appsintoss login` again")}
	}
	return callbackOutcome{result: &callback{code: code, state: q.Get("state"), iss: q.Get("iss")}}
}

// authorizationError is the authorization server's refusal, as the browser brought it back.
type authorizationError struct {
	Code        string // error, e.g. access_denied
	Description string // error_description
}

func (e *authorizationError) Error() string {
	// %q: both values came through a URL anyone on this machine could have sent, and must not
	// reach the terminal as control characters.
	msg := fmt.Sprintf("the authorization server did not sign you in: error %q", e.Code)
	if e.Description != "" {
		msg += fmt.Sprintf(", error_description %q", e.Description)
	}
	if e.Code == "access_denied" {
		return msg + ". The sign-in was declined in the browser; run `appsintoss login` again to retry"
	}
	return msg + ". Run `appsintoss login` again; if it persists, check --console-url"
}

// callbackPage is the page the browser shows after the redirect: one line in English, one in
// Korean. Pages echo nothing from the request.
type callbackPage struct{ en, ko string }

var (
	pageSignedIn = callbackPage{"Signed in to the Apps in Toss console. You can close this tab.",
		"앱인토스 콘솔에 로그인했어요. 이 탭을 닫아도 돼요."}
	pageFailed = callbackPage{"Sign-in failed: the terminal running appsintoss login says why. You can close this tab.",
		"로그인하지 못했어요. appsintoss login을 실행한 터미널에서 이유를 확인해 주세요."}
	pageAlreadyUsed = callbackPage{"This sign-in was already completed or refused. You can close this tab.",
		"이미 처리된 로그인이에요. 이 탭을 닫아도 돼요."}
)

func writeCallbackPage(w http.ResponseWriter, status int, page callbackPage) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("Referrer-Policy", "no-referrer") // the page's URL holds the code
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Connection", "close")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>appsintoss login</title>\n"+
		"<p>%s</p>\n<p lang=\"ko\">%s</p>\n</html>\n", page.en, page.ko)
}
