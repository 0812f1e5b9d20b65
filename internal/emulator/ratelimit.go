package emulator

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// rateLimits holds the two documented limits (reference §1.5): a per-app token bucket for the
// 3,000 QPM and a per-user sliding minute for promotion and messenger calls (10 per minute).
// Both read the emulator's clock, so tests move time instead of sleeping.
type rateLimits struct {
	mu           sync.Mutex
	appPerMinute int
	userPerMin   int
	apps         map[string]*tokenBucket
	users        map[string][]time.Time // app/family/userKey → call times in the last minute
}

// Families of calls that share one per-user budget.
const (
	familyPromotion = "promotion"
	familyMessenger = "messenger"
)

func newRateLimits(appPerMinute, userPerMinute int) *rateLimits {
	return &rateLimits{appPerMinute: appPerMinute, userPerMin: userPerMinute,
		apps: map[string]*tokenBucket{}, users: map[string][]time.Time{}}
}

// allowApp takes one token from the app's bucket; when empty it says how many whole seconds
// until one is back.
func (l *rateLimits) allowApp(app string, now time.Time) (bool, int) {
	if l.appPerMinute <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.apps[app]
	if !ok {
		perSecond := float64(l.appPerMinute) / 60
		b = &tokenBucket{perSecond: perSecond, burst: math.Max(1, perSecond), last: now}
		b.tokens = b.burst
		l.apps[app] = b
	}
	ok, wait := b.take(now)
	return ok, wholeSeconds(wait)
}

// allowUser records one call of a user in a family unless the last minute is full.
func (l *rateLimits) allowUser(app, family string, userKey int64, now time.Time) (bool, int) {
	if l.userPerMin < 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	key := app + "/" + family + "/" + strconv.FormatInt(userKey, 10)
	recent := pruneOlderThan(l.users[key], now.Add(-time.Minute))
	if len(recent) >= l.userPerMin {
		l.users[key] = recent
		return false, wholeSeconds(recent[0].Add(time.Minute).Sub(now))
	}
	l.users[key] = append(recent, now)
	return true, 0
}

// sweep forgets users with no call in the last minute, keeping the map bounded.
func (l *rateLimits) sweep(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for key, calls := range l.users {
		if recent := pruneOlderThan(calls, now.Add(-time.Minute)); len(recent) == 0 {
			delete(l.users, key)
		} else {
			l.users[key] = recent
		}
	}
}

func pruneOlderThan(calls []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(calls) && !calls[i].After(cutoff) {
		i++
	}
	return calls[i:]
}

// wholeSeconds rounds a wait up to whole seconds, at least 1: retryAfterSeconds is a number of
// seconds, and 0 would invite an immediate retry.
func wholeSeconds(d time.Duration) int {
	secs := int(math.Ceil(d.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return secs
}

// tokenBucket refills continuously at perSecond up to burst.
type tokenBucket struct {
	perSecond float64
	burst     float64
	tokens    float64
	last      time.Time
}

func (b *tokenBucket) take(now time.Time) (bool, time.Duration) {
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(b.burst, b.tokens+elapsed*b.perSecond)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	missing := 1 - b.tokens
	return false, time.Duration(missing / b.perSecond * float64(time.Second))
}

// checkUserLimit is the per-user limit as handlers use it: nil, or the 429 4095 answer.
func (e *Emulator) checkUserLimit(c *call, family string, userKey int64) error {
	if ok, retry := e.limits.allowUser(c.app, family, userKey, c.now); !ok {
		e.stats.countRateLimited()
		return rateLimited(retry)
	}
	return nil
}
