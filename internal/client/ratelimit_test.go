package client

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"
)

// fakeTime is a clock that moves only when the limiter sleeps on it, so the tests read the
// limiter's decisions without spending them.
type fakeTime struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeTime() *fakeTime { return &fakeTime{now: time.Now()} }

func (f *fakeTime) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeTime) Sleep(_ context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	return nil
}

func newTestLimiter(perMinute int, clock *fakeTime) *adaptiveLimiter {
	return newAdaptiveLimiter(perMinute, clock.Now, clock.Sleep)
}

// grants lets n requests through one after another and returns when each left.
func grants(t *testing.T, l *adaptiveLimiter, n int) []time.Time {
	t.Helper()
	var out []time.Time
	for range n {
		at, err := l.wait(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, at)
	}
	return out
}

// intervalAt is the gap between two requests at perSecond.
func intervalAt(perSecond float64) time.Duration {
	return time.Duration(float64(time.Second) / perSecond)
}

// sameInterval compares two gaps up to the nanosecond rounding of a fractional rate.
func sameInterval(got, want time.Duration) bool {
	return (got - want).Abs() < time.Microsecond
}

func spacing(times []time.Time) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(times); i++ {
		out = append(out, times[i].Sub(times[i-1]))
	}
	return out
}

func TestLimiterSpacesRequestsEvenlyAtTheConfiguredRate(t *testing.T) {
	l := newTestLimiter(1200, newFakeTime()) // 20 per second, burst 1
	for i, gap := range spacing(grants(t, l, 6)) {
		if gap != 50*time.Millisecond {
			t.Errorf("gap %d = %s, want 50ms (evenly spaced, no burst)", i, gap)
		}
	}
}

func TestLimiterSlowsEveryCallerDownOnARateLimitAnswer(t *testing.T) {
	l := newTestLimiter(1200, newFakeTime())
	sent := grants(t, l, 2)
	if !l.paced(sent[1]) {
		t.Fatal("a refusal of a request sent at the current rate must lower the rate")
	}
	want := intervalAt(20 * pacedDecrease)
	for i, gap := range spacing(grants(t, l, 4)) {
		if !sameInterval(gap, want) {
			t.Errorf("gap %d after the refusal = %s, want %s (the rate times %.1f)", i, gap, want, pacedDecrease)
		}
	}
}

// Fifty requests refused in one burst were all sent at the old rate: they must lower the rate
// once, not fifty times, or one burst would throttle the provider to its floor.
func TestLimiterReactsOnceToRefusalsOfRequestsSentBeforeItSlowedDown(t *testing.T) {
	l := newTestLimiter(3000, newFakeTime())
	sent := grants(t, l, 5)
	if !l.paced(sent[4]) {
		t.Fatal("the first refusal must lower the rate")
	}
	for _, at := range sent[:4] {
		if l.paced(at) {
			t.Fatalf("a refusal of a request sent before the rate dropped lowered it again")
		}
	}
	if got, want := l.perMinute(), 3000*pacedDecrease; got != want {
		t.Errorf("rate = %.1f/min after one burst of refusals, want %.1f", got, want)
	}
	later := grants(t, l, 1)[0]
	if !l.paced(later) {
		t.Error("a refusal of a request sent after the decrease must lower the rate again")
	}
}

func TestLimiterRecoversGraduallyToTheConfiguredRateAndNoFurther(t *testing.T) {
	l := newTestLimiter(600, newFakeTime()) // 10 per second
	for _, at := range grants(t, l, 3) {
		l.paced(at)
		l.wait(context.Background()) //nolint:errcheck // moves past the decrease
	}
	low := l.perMinute()
	l.accepted()
	if got := l.perMinute(); got <= low || got > low*1.1 {
		t.Fatalf("one accepted request moved the rate from %.1f to %.1f/min: want a small step up", low, got)
	}
	// Recovery is about recoveryPerSecond of the configured rate per second of traffic: at
	// least 1/recoveryPerSecond seconds' worth of requests at the configured rate bring it back.
	for range int(10 / recoveryPerSecond) {
		l.accepted()
	}
	if got := l.perMinute(); got != 600 {
		t.Errorf("rate = %.2f/min after a long run of accepted requests, want back at the configured 600", got)
	}
	l.accepted()
	if got := l.perMinute(); got != 600 {
		t.Errorf("rate = %.2f/min: it must never exceed the configured rate", got)
	}
}

func TestLimiterNeverGoesBelowItsFloor(t *testing.T) {
	l := newTestLimiter(3000, newFakeTime())
	for range 100 {
		at := grants(t, l, 1)[0]
		l.paced(at)
	}
	if got, want := l.perMinute(), 3000*floorFraction; got != want {
		t.Errorf("rate = %.2f/min after 100 refusals, want the floor %.2f", got, want)
	}
}

// A caller that reserved a slot spaced for the old, faster rate must not go out early when the
// rate drops while it waits: it queues again behind the new spacing.
func TestLimiterRequeuesCallersWhoseSlotWasSpacedForTheOldRate(t *testing.T) {
	clock := newFakeTime()
	asleep := make(chan struct{})
	wake := make(chan struct{})
	var sleeps int
	l := newAdaptiveLimiter(1200, clock.Now, func(ctx context.Context, d time.Duration) error {
		sleeps++
		if sleeps == 1 {
			close(asleep)
			<-wake
		}
		return clock.Sleep(ctx, d)
	})
	first := grants(t, l, 1)[0] // leaves at once: no sleep
	got := make(chan time.Time)
	go func() {
		at, _ := l.wait(context.Background()) // reserves first+50ms, then sleeps
		got <- at
	}()
	<-asleep
	l.paced(first) // the rate drops to 14/s while the second caller sleeps
	close(wake)
	at := <-got
	// One interval of the new rate after the decrease: not earlier (spaced for the old rate),
	// and not later either (the turn it held at the old rate is forgotten, not charged twice).
	if want := first.Add(intervalAt(20 * pacedDecrease)); !sameInterval(at.Sub(first), want.Sub(first)) {
		t.Errorf("the waiting caller left %s after the first, want %s (one interval at the new rate)", at.Sub(first), want.Sub(first))
	}
}

func TestLimiterRefusesATurnPastTheDeadlineWithoutTakingIt(t *testing.T) {
	clock := newFakeTime()
	l := newTestLimiter(60, clock) // one per second
	first := grants(t, l, 1)[0]
	ctx, cancel := context.WithDeadline(context.Background(), clock.Now().Add(500*time.Millisecond))
	defer cancel()
	_, err := l.wait(ctx)
	var past pastDeadlineError
	if !errors.As(err, &past) || past.wait != time.Second {
		t.Fatalf("want pastDeadlineError for a turn 1s away with 500ms left, got %v", err)
	}
	if next := grants(t, l, 1)[0]; next.Sub(first) != time.Second {
		t.Errorf("the next request left %s after the first, want 1s: the refused turn was taken anyway", next.Sub(first))
	}
}

func TestRateLimitAnswersTeachTheSharedLimiter(t *testing.T) {
	p := newTestPKI(t)
	h := &countingHandler{respond: func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			writeJSON(w, 429, `{"resultType":"FAIL","success":null,"error":{"errorCode":"4095","reason":"slow down","data":{"retryAfterSeconds":1}}}`)
			return
		}
		writeJSON(w, 200, okBody)
	}}
	c := p.newTestClient(p.mtlsServer(h), Config{RateLimitPerMinute: 3000})
	c.policy.sleep = newFakeTime().Sleep
	if err := c.Do(context.Background(), Call{Method: "GET", Path: "/x"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := c.policy.limiter.perMinute(); got >= 3000 {
		t.Errorf("the limiter still runs at %.0f/min after a 429: it must slow down", got)
	}
}

func TestZeroRateLimitSwitchesLimitingOff(t *testing.T) {
	p := newTestPKI(t)
	c := p.newTestClient(p.mtlsServer(okHandler()), Config{RateLimitPerMinute: 0})
	if c.policy.limiter != nil {
		t.Fatal("rate_limit_per_minute = 0 must switch the limiter off")
	}
}
