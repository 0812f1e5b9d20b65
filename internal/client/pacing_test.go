package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Pacing: the server's rate-limit answers (HTTP 429, errorCode 4095) are waited out as the
// server asks, within max_retry_wait and the call's deadline. The tests record the waits instead
// of spending them.

// recordedWaits replaces the client's sleep: it notes each wait and returns at once.
type recordedWaits struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *recordedWaits) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waits = append(r.waits, d)
	return ctx.Err()
}

func (r *recordedWaits) all() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.waits...)
}

// rateLimited is a 4095 answer; retryAfter is the JSON text of retryAfterSeconds ("" leaves it out).
func rateLimited(retryAfter string) string {
	data := ""
	if retryAfter != "" {
		data = `,"data":{"retryAfterSeconds":` + retryAfter + `}`
	}
	return `{"resultType":"FAIL","success":null,"error":{"errorCode":"4095","reason":"요청이 너무 많아요."` + data + `}}`
}

// pacedThenOK answers the first `refusals` requests with body (HTTP 429) and then succeeds.
func pacedThenOK(refusals int, body string) *countingHandler {
	return &countingHandler{respond: func(n int, w http.ResponseWriter, _ *http.Request) {
		if n <= refusals {
			writeJSON(w, http.StatusTooManyRequests, body)
			return
		}
		writeJSON(w, 200, okBody)
	}}
}

func newPacingClient(t *testing.T, h http.Handler, cfg Config) (*Client, *recordedWaits) {
	t.Helper()
	p := newTestPKI(t)
	c := p.newTestClient(p.mtlsServer(h), cfg)
	waits := &recordedWaits{}
	c.policy.sleep = waits.sleep
	return c, waits
}

func TestPacingAnswersAreRetriedPastMaxRetries(t *testing.T) {
	for _, safety := range []Safety{Read, IdempotentWrite} {
		t.Run(fmt.Sprint(safety), func(t *testing.T) {
			t.Parallel()
			h := pacedThenOK(6, rateLimited("1"))
			c, _ := newPacingClient(t, h, Config{MaxRetries: 1})
			if err := c.Do(context.Background(), Call{Method: "PUT", Path: "/x", Body: map[string]int{}, Safety: safety}, nil); err != nil {
				t.Fatalf("six rate-limit answers ended the call (max_retries = 1 is for faults only): %v", err)
			}
			if got := h.calls.Load(); got != 7 {
				t.Errorf("server saw %d requests, want 7", got)
			}
		})
	}
}

func TestTheWaitTheServerAskedForIsHonoured(t *testing.T) {
	for _, tc := range []struct {
		retryAfter string
		asked      time.Duration
	}{
		{"1", time.Second},
		{"2.5", 2500 * time.Millisecond},
		{"20", 20 * time.Second},
	} {
		t.Run(tc.retryAfter, func(t *testing.T) {
			t.Parallel()
			c, waits := newPacingClient(t, pacedThenOK(1, rateLimited(tc.retryAfter)), Config{})
			if err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil); err != nil {
				t.Fatal(err)
			}
			got := waits.all()
			if len(got) != 1 {
				t.Fatalf("waits = %v, want exactly one", got)
			}
			// At least what the server asked; up to a quarter more so that refused requests do not
			// all come back at once.
			if got[0] < tc.asked || got[0] > tc.asked+tc.asked/4 {
				t.Errorf("waited %s after retryAfterSeconds %s, want between %s and %s", got[0], tc.retryAfter, tc.asked, tc.asked+tc.asked/4)
			}
		})
	}
}

func TestNoSingleWaitExceedsMaxRetryWait(t *testing.T) {
	t.Run("server asks for exactly the cap", func(t *testing.T) {
		c, waits := newPacingClient(t, pacedThenOK(3, rateLimited("2")), Config{MaxRetryWait: 2 * time.Second})
		if err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil); err != nil {
			t.Fatal(err)
		}
		for _, w := range waits.all() {
			if w != 2*time.Second {
				t.Errorf("waited %s: the jitter must not push a wait past max_retry_wait (2s), nor below what was asked", w)
			}
		}
	})
	t.Run("backoff of faults", func(t *testing.T) {
		h := &countingHandler{respond: func(n int, w http.ResponseWriter, _ *http.Request) {
			if n <= 4 {
				writeJSON(w, 503, "")
				return
			}
			writeJSON(w, 200, okBody)
		}}
		c, waits := newPacingClient(t, h, Config{MaxRetries: 4, RetryBaseDelay: 5 * time.Second, RetryMaxDelay: time.Minute,
			MaxRetryWait: 3 * time.Second})
		if err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil); err != nil {
			t.Fatal(err)
		}
		got := waits.all()
		if len(got) != 4 {
			t.Fatalf("waits = %v, want 4", got)
		}
		for _, w := range got {
			if w > 3*time.Second {
				t.Errorf("a backoff of %s exceeds max_retry_wait (3s)", w)
			}
		}
	})
}

func TestAWaitAboveMaxRetryWaitFailsAtOnceQuotingTheServer(t *testing.T) {
	for _, tc := range []struct {
		retryAfter string
		cap        time.Duration
		capText    string
	}{
		{"3600", 3 * time.Second, "max_retry_wait (3s)"},
		{"2.5", time.Second, "max_retry_wait (1s)"},
		{"1e3", 30 * time.Second, "max_retry_wait (30s)"},
	} {
		t.Run(tc.retryAfter, func(t *testing.T) {
			t.Parallel()
			h := pacedThenOK(1, rateLimited(tc.retryAfter))
			c, waits := newPacingClient(t, h, Config{MaxRetryWait: tc.cap})
			err := c.Do(context.Background(), Call{Method: "GET", Path: "/api-partner/v1/x"}, nil)
			var waitErr *RetryWaitError
			if !errors.As(err, &waitErr) {
				t.Fatalf("want a RetryWaitError, got %T %v", err, err)
			}
			for _, want := range []string{"wait " + tc.retryAfter + " seconds", tc.capText, "errorCode 4095", "요청이 너무 많아요.", "GET /api-partner/v1/x"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not say %q: %v", want, err)
				}
			}
			if got := h.calls.Load(); got != 1 {
				t.Errorf("server saw %d requests, want 1: the call must fail at once", got)
			}
			if got := waits.all(); len(got) != 0 {
				t.Errorf("the client waited %v before failing", got)
			}
		})
	}
}

func TestAWaitPastTheDeadlineFailsAtOnceNamingTheDeadline(t *testing.T) {
	t.Run("the resource's timeouts", func(t *testing.T) {
		h := pacedThenOK(1, rateLimited("20"))
		c, waits := newPacingClient(t, h, Config{MaxRetryWait: time.Hour})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := c.Do(ctx, Call{Method: "POST", Path: "/x", Body: map[string]int{}, Safety: IdempotentWrite}, nil)
		var waitErr *RetryWaitError
		if !errors.As(err, &waitErr) || !strings.Contains(err.Error(), "resource's `timeouts`") ||
			!strings.Contains(err.Error(), "wait 20 seconds") {
			t.Fatalf("want a RetryWaitError naming the resource's timeouts and quoting 20, got %v", err)
		}
		if got := waits.all(); len(got) != 0 || h.calls.Load() != 1 {
			t.Errorf("the client waited %v and sent %d requests: it must fail at once", got, h.calls.Load())
		}
	})
	t.Run("read_timeout", func(t *testing.T) {
		h := pacedThenOK(1, rateLimited("20"))
		c, waits := newPacingClient(t, h, Config{MaxRetryWait: time.Hour, ReadTimeout: 10 * time.Second})
		err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil)
		if err == nil || !strings.Contains(err.Error(), "read_timeout (10s)") || !strings.Contains(err.Error(), "raise read_timeout") {
			t.Fatalf("want an error naming read_timeout (10s), got %v", err)
		}
		if got := waits.all(); len(got) != 0 {
			t.Errorf("the client waited %v before failing", got)
		}
	})
	t.Run("backoff of a fault", func(t *testing.T) {
		h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 503, "") }}
		c, _ := newPacingClient(t, h, Config{MaxRetries: 4, RetryBaseDelay: time.Minute, RetryMaxDelay: time.Minute,
			MaxRetryWait: time.Hour, ReadTimeout: 10 * time.Second})
		err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil)
		if err == nil || !strings.Contains(err.Error(), "read_timeout (10s)") || !strings.Contains(err.Error(), "HTTP 503") {
			t.Fatalf("want an error naming read_timeout and the last answer, got %v", err)
		}
		if got := h.calls.Load(); got != 1 {
			t.Errorf("server saw %d requests, want 1", got)
		}
	})
}

// A call without a deadline of its own (refresh, data sources, import, ephemeral resources) gets
// read_timeout, so a server that keeps answering 429 cannot keep a plan waiting for ever.
func TestCallsWithoutADeadlineGetReadTimeout(t *testing.T) {
	c, _ := newPacingClient(t, okHandler(), Config{ReadTimeout: 90 * time.Second})
	ctx, what, cancel := c.policy.withDeadline(context.Background())
	defer cancel()
	if left, ok := timeLeft(ctx); !ok || left > 90*time.Second || left < 80*time.Second || what != "read_timeout (1m30s)" {
		t.Fatalf("a call without a deadline got %v (ok=%v) named %q, want read_timeout (1m30s)", left, ok, what)
	}

	own, cancelOwn := context.WithTimeout(context.Background(), time.Hour)
	defer cancelOwn()
	ctx, what, cancel = c.policy.withDeadline(own)
	defer cancel()
	if left, _ := timeLeft(ctx); left < 50*time.Minute || !strings.Contains(what, "resource's `timeouts`") {
		t.Errorf("a call with its own deadline (1h) got %v named %q: its own deadline must stand", left, what)
	}
}

// A 429 to a call that moves money is not resent (design: never retried), but it still teaches
// the limiter.
func TestAPacingAnswerToAMoneyCallIsNotResentButSlowsTheLimiter(t *testing.T) {
	h := pacedThenOK(5, rateLimited("1"))
	c, _ := newPacingClient(t, h, Config{RateLimitPerMinute: 600})
	err := c.Do(context.Background(), Call{Method: "POST", Path: "/api-partner/v1/apps-in-toss/pay/execute-payment", Body: map[string]int{}}, nil)
	if !HasCode(err, CodeRateLimited) || h.calls.Load() != 1 {
		t.Fatalf("want the 4095 of the single attempt, got %v after %d requests", err, h.calls.Load())
	}
	if c.policy.limiter.perMinute() >= 600 {
		t.Error("the limiter did not slow down after the money call's 429")
	}
}

// Requests refused together must not all come back together: the waits after one and the same
// retryAfterSeconds differ between calls, each at least what the server asked.
func TestPacingWaitsAreSpreadOut(t *testing.T) {
	c, _ := newPacingClient(t, okHandler(), Config{})
	answer := &APIError{HTTPStatus: 429, ErrorCode: CodeRateLimited, RetryAfter: time.Second, RetryAfterSeconds: "1"}
	seen := map[time.Duration]bool{}
	for range 50 {
		wait, err := c.policy.pacingWait(operation{Method: "GET", Path: "/x"}, answer, 1)
		if err != nil {
			t.Fatal(err)
		}
		if wait < time.Second {
			t.Fatalf("waited %s, less than the 1s the server asked", wait)
		}
		seen[wait] = true
	}
	if len(seen) < 10 {
		t.Errorf("50 refusals led to only %d distinct waits: the retries would wake together", len(seen))
	}
}

// A deadline that passes while the client waits to retry ends the call with an error naming it,
// not with the rate-limit answer that started the wait (which would read as "gave up on 429s").
func TestADeadlinePassingDuringAWaitIsNamed(t *testing.T) {
	c, _ := newPacingClient(t, pacedThenOK(1, rateLimited("1")), Config{ReadTimeout: time.Minute})
	c.policy.sleep = func(context.Context, time.Duration) error { return context.DeadlineExceeded }
	err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil)
	var waitErr *RetryWaitError
	if !errors.As(err, &waitErr) || !strings.Contains(err.Error(), "read_timeout (1m0s)") {
		t.Fatalf("want a RetryWaitError naming read_timeout, got %T %v", err, err)
	}
}

// A turn in the shared limiter that would come after the call's deadline is not waited for.
func TestALimiterQueuePastTheDeadlineFailsAtOnce(t *testing.T) {
	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okBody) }}
	c, waits := newPacingClient(t, h, Config{RateLimitPerMinute: 1, ReadTimeout: 10 * time.Second}) // one request a minute
	if err := c.Do(context.Background(), Call{Method: "GET", Path: "/first"}, nil); err != nil {
		t.Fatal(err)
	}
	err := c.Do(context.Background(), Call{Method: "GET", Path: "/second"}, nil)
	if err == nil || !strings.Contains(err.Error(), "client-side rate limit") || !strings.Contains(err.Error(), "read_timeout (10s)") {
		t.Fatalf("want an error naming the rate limit and read_timeout, got %v", err)
	}
	if h.calls.Load() != 1 || len(waits.all()) != 0 {
		t.Errorf("server saw %d requests after waits %v: the second call must fail at once, unsent", h.calls.Load(), waits.all())
	}
}
