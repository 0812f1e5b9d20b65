package client

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestLimiterSpacesRequestsAtTheConfiguredRate(t *testing.T) {
	p := newTestPKI(t)
	h := &countingHandler{respond: func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okBody) }}
	c := p.newTestClient(p.mtlsServer(h), Config{RateLimitPerMinute: 1200}) // 20 per second, burst 1

	if got := float64(c.limiter.Limit()); got != 20 {
		t.Fatalf("limit = %v/s, want 20", got)
	}
	if c.limiter.Burst() != 1 {
		t.Fatalf("burst = %d, want 1 (evenly spaced)", c.limiter.Burst())
	}
	// A lower bound only: a slow machine makes this slower, never faster.
	start := time.Now()
	for range 6 {
		if err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(start); elapsed < 5*50*time.Millisecond {
		t.Errorf("6 requests at 20/s took %s, want at least 250ms", elapsed)
	}
}

func TestZeroRateLimitSwitchesLimitingOff(t *testing.T) {
	p := newTestPKI(t)
	c := p.newTestClient(p.mtlsServer(okHandler()), Config{RateLimitPerMinute: 0})
	if c.limiter != nil {
		t.Fatal("rate_limit_per_minute = 0 must switch the limiter off")
	}
}
