package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// failures is every retryable case of the design's "Wire details", each as a handler that
// fails once.
var retryableFailures = map[string]func(w http.ResponseWriter, r *http.Request){
	"connection reset": func(w http.ResponseWriter, _ *http.Request) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	},
	"HTTP 429": func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 429, "") },
	"HTTP 500": func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 500, `{"resultType":"FAIL","success":null,"error":{"errorCode":"INTERNAL_ERROR","reason":"boom"}}`)
	},
	"HTTP 502 (html)": func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>bad gateway</html>"))
	},
	"HTTP 503": func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 503, "") },
	"HTTP 504": func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 504, "") },
	"resultType HTTP_TIMEOUT": func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"resultType":"HTTP_TIMEOUT","success":null}`)
	},
	"resultType NETWORK_ERROR": func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"resultType":"NETWORK_ERROR","success":null}`)
	},
	"resultType INTERNAL_ERROR": func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"resultType":"INTERNAL_ERROR","success":null}`)
	},
	"resultType INTERRUPTED": func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"resultType":"INTERRUPTED","success":null}`)
	},
	"errorCode INTERNAL_ERROR with HTTP 200": func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"resultType":"FAIL","success":null,"error":{"errorCode":"INTERNAL_ERROR","reason":"요청을 처리하는 도중에 문제가 발생했습니다."}}`)
	},
	"rate limit 4095": func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 429, `{"resultType":"FAIL","success":null,"error":{"errorCode":"4095","reason":"too many requests","data":{"retryAfterSeconds":0.01}}}`)
	},
	"attempt timeout": func(_ http.ResponseWriter, r *http.Request) { stall(r) },
	"HTTP 200 that is not JSON": func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `<html><body><h1>502 Bad Gateway</h1></body></html>`)
	},
	"HTTP 200 with truncated JSON": func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, `{"resultType":"SUCC`) },
}

// stall answers nothing for a second — far longer than the request_timeout of the tests that use
// it — whatever happens to the request meanwhile, so an attempt can only end by timing out (the
// server's view of a cancelled request is not something these tests rely on). httptest's Close
// waits for it, so the test binary never leaves a stalled handler behind.
func stall(r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	time.Sleep(time.Second)
}

func TestRetriesEachRetryableFailureThenSucceeds(t *testing.T) {
	for name, fail := range retryableFailures {
		for _, safety := range []Safety{Read, IdempotentWrite} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				p := newTestPKI(t)
				h := &countingHandler{respond: func(n int, w http.ResponseWriter, r *http.Request) {
					if n <= 2 {
						fail(w, r)
						return
					}
					writeJSON(w, 200, okBody)
				}}
				// Two retries are needed; the spare ones absorb an attempt that times out on a loaded
				// machine before it reaches the server (the TLS handshake counts against the 200ms):
				// the assertion is on what the server saw.
				c := p.newTestClient(p.mtlsServer(h), Config{MaxRetries: 4, RequestTimeout: 200 * time.Millisecond})

				var out okPayload
				if err := c.Do(context.Background(), Call{Method: "POST", Path: "/x", Body: map[string]string{}, Safety: safety}, &out); err != nil {
					t.Fatalf("Do: %v", err)
				}
				if got := h.calls.Load(); got != 3 {
					t.Errorf("server saw %d requests, want 3 (two failures, one success)", got)
				}
			})
		}
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	p := newTestPKI(t)
	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 503, "") }}
	c := p.newTestClient(p.mtlsServer(h), Config{MaxRetries: 3})

	err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatus != 503 {
		t.Fatalf("want the last APIError (503), got %v", err)
	}
	if got := h.calls.Load(); got != 4 {
		t.Errorf("server saw %d requests, want 1 + max_retries = 4", got)
	}
}

func TestTimeoutEndsInAClearErrorAfterTheConfiguredRetries(t *testing.T) {
	p := newTestPKI(t)
	h := &countingHandler{respond: func(_ int, _ http.ResponseWriter, r *http.Request) { stall(r) }}
	c := p.newTestClient(p.mtlsServer(h), Config{MaxRetries: 2, RequestTimeout: 50 * time.Millisecond})

	err := c.Do(context.Background(), Call{Method: "GET", Path: "/slow"}, nil)
	if err == nil || !strings.Contains(err.Error(), "no answer within request_timeout (50ms)") {
		t.Fatalf("want a request_timeout error, got %v", err)
	}
	if !strings.Contains(err.Error(), "gave up after 3 attempts") {
		t.Errorf("error does not say how many attempts were made: %v", err)
	}
}

func TestNeverRetried(t *testing.T) {
	cases := map[string]struct {
		safety  Safety
		respond func(w http.ResponseWriter, r *http.Request)
	}{
		"validation error 400": {Read, func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 400, `{"resultType":"FAIL","success":null,"error":{"errorCode":"INVALID_PARAMETER","reason":"bad","data":{"field":"name"}}}`)
		}},
		"business error with HTTP 200": {Read, func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"resultType":"FAIL","success":null,"error":{"errorCode":"PAYMENT_EXISTING_PAYMENT","reason":"exists"}}`)
		}},
		"money call answered 500": {UnrepeatableWrite, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 500, "") }},
		"money call reset": {UnrepeatableWrite, func(w http.ResponseWriter, _ *http.Request) {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		}},
		"money call rate limited": {UnrepeatableWrite, func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 429, `{"resultType":"FAIL","error":{"errorCode":"4095","reason":"slow down","data":{"retryAfterSeconds":1}}}`)
		}},
		"money call answered garbage": {UnrepeatableWrite, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, `{"resultType":"SUCC`) }},
		"success payload of the wrong shape": {Read, func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"resultType":"SUCCESS","success":{"value":42}}`)
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newTestPKI(t)
			h := &countingHandler{respond: func(_ int, w http.ResponseWriter, r *http.Request) { tc.respond(w, r) }}
			c := p.newTestClient(p.mtlsServer(h), Config{MaxRetries: 4})
			var out okPayload
			if err := c.Do(context.Background(), Call{Method: "POST", Path: "/x", Body: map[string]int{"a": 1}, Safety: tc.safety}, &out); err == nil {
				t.Fatal("want an error")
			}
			if got := h.calls.Load(); got != 1 {
				t.Errorf("server saw %d requests, want exactly 1", got)
			}
		})
	}
}

func TestUnknownOutcomeOfAMutationIsReportedAsSuch(t *testing.T) {
	p := newTestPKI(t)
	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}}
	c := p.newTestClient(p.mtlsServer(h), Config{MaxRetries: 1})
	err := c.Do(context.Background(), Call{Method: "POST", Path: "/catalog/x", Body: map[string]int{}, Safety: IdempotentWrite}, nil)
	var unknown *OutcomeUnknownError
	if !errors.As(err, &unknown) || unknown.Attempts != 2 {
		t.Fatalf("want OutcomeUnknownError after 2 attempts, got %T %v", err, err)
	}
}

func TestOneIdempotencyKeyPerOperationReusedByItsRetries(t *testing.T) {
	p := newTestPKI(t)
	var mu sync.Mutex
	var keys []string
	h := &countingHandler{respond: func(n int, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		mu.Unlock()
		if n%3 != 0 { // two failures, then success, for each operation
			writeJSON(w, 500, "")
			return
		}
		writeJSON(w, 200, okBody)
	}}
	c := p.newTestClient(p.mtlsServer(h), Config{MaxRetries: 4})
	for range 2 {
		if err := c.Do(context.Background(), Call{Method: "PUT", Path: "/catalog/x", Body: map[string]int{}, Safety: IdempotentWrite}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if len(keys) != 6 {
		t.Fatalf("saw %d requests, want 6", len(keys))
	}
	if keys[0] == "" || keys[0] != keys[1] || keys[1] != keys[2] {
		t.Errorf("first operation's retries used keys %q, want one key reused", keys[:3])
	}
	if keys[3] == keys[0] || keys[3] != keys[5] {
		t.Errorf("second operation's keys %q must differ from the first's and be reused", keys[3:])
	}

	mu.Lock()
	keys = nil
	mu.Unlock()
	if err := c.Do(context.Background(), Call{Method: "GET", Path: "/catalog/x"}, nil); err != nil {
		t.Fatalf("the read (two failures, then success) failed: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(keys) != 3 {
		t.Fatalf("the read made %d requests, want 3", len(keys))
	}
	for _, k := range keys {
		if k != "" {
			t.Errorf("a read carried Idempotency-Key %q", k)
		}
	}
}

func TestBackoffIsCappedAndJittered(t *testing.T) {
	b := newBackoff(100*time.Millisecond, time.Second)
	for attempt := 1; attempt <= 30; attempt++ {
		d := b.delay(attempt)
		want := min(100*time.Millisecond<<(attempt-1), time.Second)
		if attempt > 20 {
			want = time.Second
		}
		if d < want/2 || d > want {
			t.Errorf("attempt %d: delay %s outside [%s, %s]", attempt, d, want/2, want)
		}
	}
}

// Money, points and messages are never resent, even when a caller mislabels the call as safe:
// the pipeline itself knows those endpoints.
func TestMoneyPointsAndMessagesAreNeverRetriedWhateverTheCallerSays(t *testing.T) {
	for path := range unrepeatablePaths {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			p := newTestPKI(t)
			h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 500, "") }}
			c := p.newTestClient(p.mtlsServer(h), Config{MaxRetries: 4})
			err := c.Do(context.Background(), Call{Method: "POST", Path: path, Body: map[string]int{"amount": 1000}, Safety: Read}, nil)
			if err == nil {
				t.Fatal("want the 500 as an error")
			}
			if got := h.calls.Load(); got != 1 {
				t.Errorf("%s was sent %d times, want exactly once", path, got)
			}
		})
	}
}
