package client

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// The client's rate limiter is shared by every resource of a provider instance. It starts at the
// configured rate (rate_limit_per_minute) and spaces requests evenly (burst 1), so a busy apply
// never bursts past the server's own bucket. The configured rate is only what the client believes:
// a mini-app's real limit may differ (Toss sets it per app, and other runs may share it), so the
// limiter learns from the server's rate-limit answers (HTTP 429, errorCode 4095):
//
//   - each refusal multiplies the rate by pacedDecrease, for every request of the provider at
//     once — but only a refusal of a request sent after the last decrease counts, because the
//     requests already in flight when the rate dropped were paced for the old rate and say nothing
//     about the new one;
//   - each accepted request adds to the rate, so that it climbs back by about recoveryPerSecond
//     of the configured rate for every second of traffic, up to the configured rate.
//
// This is additive increase, multiplicative decrease: the rate settles in a narrow band around
// the server's limit, where the server's bucket absorbs the small overshoots. The decrease is
// gentler than a halving because time spent below the server's limit is throughput lost for good,
// while a refusal costs one retry of one request (the server does not charge it to the bucket).
const (
	pacedDecrease     = 0.7
	recoveryPerSecond = 0.02 // of the configured rate: 1 request/s per second at 3,000 per minute
	// floorFraction bounds the decrease: below 1% of the configured rate the limiter would take
	// minutes to recover from a burst of refusals that had another cause.
	floorFraction = 0.01
)

type adaptiveLimiter struct {
	ceiling  float64 // the configured rate, requests per second
	floor    float64
	recovery float64 // requests per second gained per second of accepted traffic

	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	mu sync.Mutex
	// bucket spaces requests at the current rate: burst 1, so they leave evenly spaced. A
	// decrease replaces it with a new, empty bucket at the lower rate; a recovery raises its limit.
	bucket    *rate.Limiter
	epoch     uint64 // counts decreases: a turn taken from an older bucket was spaced for a faster rate
	loweredAt time.Time
}

func newAdaptiveLimiter(perMinute int, now func() time.Time, sleep func(context.Context, time.Duration) error) *adaptiveLimiter {
	ceiling := float64(perMinute) / 60
	return &adaptiveLimiter{
		ceiling:  ceiling,
		floor:    ceiling * floorFraction,
		recovery: ceiling * recoveryPerSecond,
		now:      now,
		sleep:    sleep,
		bucket:   rate.NewLimiter(rate.Limit(ceiling), 1),
	}
}

// pastDeadlineError is wait's answer when the request's turn would come after ctx's deadline.
type pastDeadlineError struct{ wait time.Duration }

func (e pastDeadlineError) Error() string { return "the limiter's queue is longer than the time left" }

// wait blocks until the caller may send a request and returns when it was let go, which paced
// needs to tell a refusal of the current rate from a refusal of an older one. A turn that would
// come after ctx's deadline is refused at once (pastDeadlineError), without taking a slot.
func (l *adaptiveLimiter) wait(ctx context.Context) (time.Time, error) {
	for {
		l.mu.Lock()
		now := l.now()
		turn := l.bucket.ReserveN(now, 1)
		at := now.Add(turn.DelayFrom(now))
		if deadline, ok := ctx.Deadline(); ok && at.After(deadline) {
			turn.CancelAt(now)
			l.mu.Unlock()
			return time.Time{}, pastDeadlineError{wait: at.Sub(now)}
		}
		epoch := l.epoch
		l.mu.Unlock()

		if d := at.Sub(now); d > 0 {
			if err := l.sleep(ctx, d); err != nil {
				return time.Time{}, err
			}
		}
		l.mu.Lock()
		current := l.epoch == epoch
		l.mu.Unlock()
		if current {
			return at, nil
		}
		// The rate dropped while this caller waited for a turn spaced for the faster rate:
		// queue again behind the new spacing instead of going out too early.
	}
}

// paced lowers the rate after the server refused a request that left at sentAt for exceeding its
// rate limit. It reports whether the rate was lowered.
func (l *adaptiveLimiter) paced(sentAt time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loweredAt.IsZero() && !sentAt.After(l.loweredAt) {
		return false
	}
	now := l.now()
	slower := rate.Limit(max(l.floor, float64(l.bucket.Limit())*pacedDecrease))
	// A new bucket forgets the turns handed out at the old rate (their holders queue again, see
	// wait), and starts empty: the next request leaves one full interval from now.
	l.bucket = rate.NewLimiter(slower, 1)
	l.bucket.ReserveN(now, 1)
	l.loweredAt = now
	l.epoch++
	return true
}

// accepted raises the rate after the server took a request without a rate-limit refusal: by
// recovery/rate per request, which is recovery per second while requests flow at the rate.
func (l *adaptiveLimiter) accepted() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if current := float64(l.bucket.Limit()); current < l.ceiling {
		l.bucket.SetLimitAt(l.now(), rate.Limit(min(l.ceiling, current+l.recovery/current)))
	}
}

// perMinute is the current rate, for messages.
func (l *adaptiveLimiter) perMinute() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return float64(l.bucket.Limit()) * 60
}

// sleepContext waits d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
