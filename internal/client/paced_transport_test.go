package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The paced transport gives HTTP traffic the client does not build (the console gateway's MCP
// session) the same discipline as Do: pacing answers waited out as asked, faults retried only
// when the request may be sent again, every operation bounded. These tests read the waits
// instead of spending them.

func newPacedForTest(t *testing.T, h http.Handler, cfg PolicyConfig) (*http.Client, string, *recordedWaits) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tr, err := NewPacedTransport(srv.Client().Transport, cfg)
	if err != nil {
		t.Fatal(err)
	}
	waits := &recordedWaits{}
	tr.policy.sleep = waits.sleep
	return &http.Client{Transport: tr, CheckRedirect: RefuseRedirects}, srv.URL, waits
}

func postJSON(ctx context.Context, t *testing.T, hc *http.Client, url string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/call"}`))
	if err != nil {
		t.Fatal(err)
	}
	return hc.Do(req)
}

// postFailing posts a request expected to fail, closing any answer that came anyway.
func postFailing(ctx context.Context, t *testing.T, hc *http.Client, url string) error {
	t.Helper()
	resp, err := postJSON(ctx, t, hc, url)
	if resp != nil {
		resp.Body.Close()
	}
	return err
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer after RoundTrip returned: %v", err)
	}
	return string(b)
}

func TestPacedTransportWaitsWhatRetryAfterAsksThenHandsTheAnswerUp(t *testing.T) {
	h := &countingHandler{respond: func(n int, w http.ResponseWriter, r *http.Request) {
		if body, _ := io.ReadAll(r.Body); !strings.Contains(string(body), "tools/call") {
			t.Errorf("attempt %d arrived without the request body", n)
		}
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			writeJSON(w, http.StatusTooManyRequests, `{"jsonrpc":"2.0","id":1,"error":{"code":-32029,"message":"too many"}}`)
			return
		}
		writeJSON(w, 200, `{"jsonrpc":"2.0","id":1,"result":{}}`)
	}}
	hc, url, waits := newPacedForTest(t, h, PolicyConfig{MaxRetries: 0})
	// Even a create without an idempotency key is sent again after a rate-limit answer: the
	// server refused it unread.
	resp, err := postJSON(WithCall(context.Background(), "tools/call promotion_create", UnkeyedWrite), t, hc, url)
	if err != nil {
		t.Fatal(err)
	}
	if got := readBody(t, resp); !strings.Contains(got, `"result"`) {
		t.Errorf("answer = %s", got)
	}
	if w := waits.all(); len(w) != 1 || w[0] < 2*time.Second || w[0] > 2500*time.Millisecond {
		t.Errorf("waits = %v, want one of 2s plus at most a quarter of jitter", w)
	}
}

func TestPacedTransportReadsRetryAfterSecondsFromTheBody(t *testing.T) {
	hc, url, waits := newPacedForTest(t, pacedThenOK(1,
		`{"jsonrpc":"2.0","id":1,"error":{"code":-32029,"message":"too many","data":{"errorCode":"4095","retryAfterSeconds":1}}}`),
		PolicyConfig{})
	resp, err := postJSON(WithCall(context.Background(), "tools/call promotion_list", Read), t, hc, url)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if w := waits.all(); len(w) != 1 || w[0] < time.Second || w[0] > 1250*time.Millisecond {
		t.Errorf("waits = %v, want one of 1s plus at most a quarter", w)
	}
}

func TestPacedTransportRefusesAWaitAboveTheCapQuotingTheServer(t *testing.T) {
	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "3600")
		writeJSON(w, http.StatusTooManyRequests, `{}`)
	}}
	hc, url, _ := newPacedForTest(t, h, PolicyConfig{MaxRetryWait: 30 * time.Second})
	err := postFailing(WithCall(context.Background(), "tools/call promotion_get", Read), t, hc, url)
	var waitErr *RetryWaitError
	if !errors.As(err, &waitErr) || !waitErr.AboveCap || string(waitErr.RetryAfterSeconds) != "3600" {
		t.Fatalf("want a RetryWaitError above max_retry_wait quoting 3600, got %v", err)
	}
	if !strings.Contains(err.Error(), "tools/call promotion_get") {
		t.Errorf("the error does not name the call: %v", err)
	}
	if n := h.calls.Load(); n != 1 {
		t.Errorf("the server saw %d requests, want 1", n)
	}
}

func TestPacedTransportRetriesFaultsOnlyWhenTheCallMayBeSentAgain(t *testing.T) {
	for _, tc := range []struct {
		name     string
		ctx      context.Context
		requests int32
		ok       bool
	}{
		{"read", WithCall(context.Background(), "tools/call iap_product_list", Read), 2, true},
		{"idempotent", WithCall(context.Background(), "tools/call promotion_change_status", IdempotentWrite), 2, true},
		{"create", WithCall(context.Background(), "tools/call promotion_create", UnkeyedWrite), 1, false},
		{"unmarked", context.Background(), 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &countingHandler{respond: func(n int, w http.ResponseWriter, _ *http.Request) {
				if n == 1 {
					writeJSON(w, http.StatusBadGateway, `<html>bad gateway</html>`)
					return
				}
				writeJSON(w, 200, `{"jsonrpc":"2.0","id":1,"result":{}}`)
			}}
			hc, url, _ := newPacedForTest(t, h, PolicyConfig{MaxRetries: 3})
			resp, err := postJSON(tc.ctx, t, hc, url)
			if tc.ok && err != nil {
				t.Fatal(err)
			}
			if !tc.ok {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.HTTPStatus != http.StatusBadGateway {
					t.Fatalf("want the 502 as an APIError, got %v", err)
				}
			}
			if resp != nil {
				readBody(t, resp)
			}
			if n := h.calls.Load(); n != tc.requests {
				t.Errorf("the server saw %d requests, want %d", n, tc.requests)
			}
		})
	}
}

func TestPacedTransportReportsALostAnswerToACreateAsOutcomeUnknown(t *testing.T) {
	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // the request arrived; its answer never leaves
		}
	}}
	hc, url, _ := newPacedForTest(t, h, PolicyConfig{MaxRetries: 3})
	err := postFailing(WithCall(context.Background(), "tools/call iap_product_create_inspection", UnkeyedWrite), t, hc, url)
	var unknown *OutcomeUnknownError
	if !errors.As(err, &unknown) || unknown.Path != "tools/call iap_product_create_inspection" {
		t.Fatalf("want OutcomeUnknownError naming the tool call, got %v", err)
	}
	if n := h.calls.Load(); n != 1 {
		t.Errorf("the server saw %d requests, want 1: a create is never resent", n)
	}
}

func TestPacedTransportNeverResendsAnUnmarkedRequest(t *testing.T) {
	h := pacedThenOK(1, `{}`)
	hc, url, _ := newPacedForTest(t, h, PolicyConfig{MaxRetries: 3})
	err := postFailing(context.Background(), t, hc, url)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != http.StatusTooManyRequests {
		t.Fatalf("want the 429 handed back, got %v", err)
	}
	if n := h.calls.Load(); n != 1 {
		t.Errorf("an unmarked request was sent %d times, want 1", n)
	}
}

func TestPacedTransportHandsOtherAnswersUpUnchanged(t *testing.T) {
	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer resource_metadata="https://example.test/prm"`)
		writeJSON(w, http.StatusUnauthorized, `{"error":"invalid_token"}`)
	}}
	hc, url, _ := newPacedForTest(t, h, PolicyConfig{MaxRetries: 3})
	resp, err := postJSON(WithCall(context.Background(), "tools/list", Read), t, hc, url)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("got HTTP %d with WWW-Authenticate %q: the OAuth handler above needs the 401 as it came", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	readBody(t, resp)
	if n := h.calls.Load(); n != 1 {
		t.Errorf("a 401 was sent %d times, want 1", n)
	}
}

func TestPacedTransportBoundsARequestWithoutADeadlineByReadTimeout(t *testing.T) {
	release := make(chan struct{})
	h := &countingHandler{respond: func(_ int, _ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}}
	hc, url, _ := newPacedForTest(t, h, PolicyConfig{ReadTimeout: 50 * time.Millisecond, RequestTimeout: time.Hour})
	t.Cleanup(func() { close(release) }) // before the server's Close, which waits for this handler
	err := postFailing(WithCall(context.Background(), "tools/call push_template_list", Read), t, hc, url)
	if err == nil || !strings.Contains(err.Error(), "read_timeout (50ms)") {
		t.Fatalf("want an error naming read_timeout, got %v", err)
	}
}

func TestPacedTransportTeachesItsLimiterFromRateLimitAnswers(t *testing.T) {
	hc, url, _ := newPacedForTest(t, pacedThenOK(1, `{}`), PolicyConfig{RateLimitPerMinute: 600})
	resp, err := postJSON(WithCall(context.Background(), "tools/list", Read), t, hc, url)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	tr := hc.Transport.(*PacedTransport)
	if got := tr.policy.limiter.perMinute(); got >= 600 {
		t.Errorf("rate after a 429 = %.0f/min, want below the configured 600", got)
	}
}

// An MCP answer may be an SSE stream read long after RoundTrip returned: the attempt's context
// must live until the body is closed, not end with RoundTrip.
func TestPacedTransportKeepsAStreamingAnswerReadableUntilClosed(t *testing.T) {
	rest := make(chan struct{})
	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, "event: message\n")
		w.(http.Flusher).Flush()
		<-rest
		_, _ = io.WriteString(w, "data: {}\n\n")
	}}
	hc, url, _ := newPacedForTest(t, h, PolicyConfig{})
	resp, err := postJSON(WithCall(context.Background(), "tools/call push_template_list", Read), t, hc, url)
	if err != nil {
		t.Fatal(err)
	}
	close(rest) // the second half leaves only now, after RoundTrip returned
	if got := readBody(t, resp); got != "event: message\ndata: {}\n\n" {
		t.Errorf("stream = %q", got)
	}
}
