package client

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// policy is the request discipline every road to Apps in Toss follows, whatever carries the
// request: the mTLS client's Do, and the console gateway's MCP session (PacedTransport). In
// order: every operation ends by a deadline; each attempt waits for its turn in the shared
// adaptive rate limiter; failures are retried by kind (retry.go) — faults with backoff up to
// max_retries, the server's pacing answers as it asks until the deadline — and never a request
// whose resending could repeat an effect.
type policy struct {
	limiter        *adaptiveLimiter // nil when limiting is off
	backoff        backoff
	maxRetries     int
	requestTimeout time.Duration // one attempt
	maxRetryWait   time.Duration // one wait between attempts
	readTimeout    time.Duration // an operation that came without a deadline
	// sleep is every wait of the policy (limiter and retries); tests replace it to see the
	// waits without spending them.
	sleep func(context.Context, time.Duration) error
}

// PolicyConfig shapes a policy; the provider fills it from the same attributes for every road.
// Zero durations take the defaults of the mTLS client.
type PolicyConfig struct {
	RateLimitPerMinute int // 0 switches limiting off
	MaxRetries         int
	RequestTimeout     time.Duration
	ReadTimeout        time.Duration
	MaxRetryWait       time.Duration
	RetryBaseDelay     time.Duration
	RetryMaxDelay      time.Duration
}

func newPolicy(cfg PolicyConfig) (*policy, error) {
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max_retries must not be negative, got %d", cfg.MaxRetries)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = DefaultMaxRetryWait
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = DefaultReadTimeout
	}
	p := &policy{
		backoff:        newBackoff(cfg.RetryBaseDelay, cfg.RetryMaxDelay).capped(cfg.MaxRetryWait),
		maxRetries:     cfg.MaxRetries,
		requestTimeout: cfg.RequestTimeout,
		maxRetryWait:   cfg.MaxRetryWait,
		readTimeout:    cfg.ReadTimeout,
		sleep:          sleepContext,
	}
	if cfg.RateLimitPerMinute > 0 {
		p.limiter = newAdaptiveLimiter(cfg.RateLimitPerMinute, time.Now,
			func(ctx context.Context, d time.Duration) error { return p.sleep(ctx, d) })
	}
	return p, nil
}

// operation names one logical request for messages and says whether it may be sent again.
type operation struct {
	Method string
	Path   string
	Safety Safety
}

// attemptFunc performs one attempt of an operation. It returns the HTTP status of the answer (0
// when none arrived) and the attempt's failure, classified as retry.go expects: *transportError
// below HTTP, *APIError for an answer that says no, *UnexpectedResponseError for one that is not
// the expected shape; any other error ends the operation as it is.
type attemptFunc func(ctx context.Context, attempt int) (status int, err error)

// Every operation ends by a deadline. Create and update carry the resource's `timeouts`; refresh,
// data sources, import and ephemeral resources come without one, and get read_timeout. Without
// it a server that kept answering 429 would keep a plan waiting for ever, since pacing answers
// are retried until the deadline and not counted against max_retries.

// withDeadline returns ctx bounded by the caller's deadline or else by read_timeout, and how to
// name that deadline in messages.
func (p *policy) withDeadline(ctx context.Context) (context.Context, string, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, "the operation's deadline (the resource's `timeouts`)", func() {}
	}
	bounded, cancel := context.WithTimeout(ctx, p.readTimeout)
	return bounded, fmt.Sprintf("read_timeout (%s)", p.readTimeout), cancel
}

// run performs op until an attempt succeeds, a failure is not retried, max_retries faults have
// happened, or the deadline leaves no time for the next wait. ctx must already carry the
// deadline (withDeadline) that `deadline` names.
func (p *policy) run(ctx context.Context, op operation, deadline string, attempt attemptFunc) error {
	var faults, pacings int
	for n := 1; ; n++ {
		sentAt, err := p.waitForRateLimit(ctx, op, deadline)
		if err != nil {
			return err
		}
		status, err := attempt(ctx, n)
		p.learnPace(sentAt, status, err)
		if err == nil {
			return nil
		}

		var wait time.Duration
		switch retryKindOf(op.Safety, err) {
		case fault:
			faults++
			if faults > p.maxRetries {
				return p.finalError(op, err, n)
			}
			wait = p.backoff.delay(faults)
		case pacing:
			pacings++
			var refused error
			if wait, refused = p.pacingWait(op, err, pacings); refused != nil {
				return refused
			}
		default:
			return p.finalError(op, err, n)
		}
		if errors.Is(ctx.Err(), context.Canceled) {
			return p.finalError(op, err, n) // Terraform was interrupted
		}
		if left, ok := timeLeft(ctx); ok && wait > left {
			return p.waitPastDeadline(op, err, n, wait, left, deadline)
		}
		logDebug(ctx, "retrying", map[string]any{"method": op.Method, "path": op.Path,
			"attempt": n, "wait_ms": wait.Milliseconds(), "reason": retryReason(err)})
		if slept := p.sleep(ctx, wait); slept != nil {
			if errors.Is(slept, context.DeadlineExceeded) {
				return p.waitPastDeadline(op, err, n, wait, 0, deadline)
			}
			return p.finalError(op, err, n)
		}
	}
}

// waitForRateLimit takes the caller's turn in the shared limiter and returns when the request
// left (the zero time when limiting is off).
func (p *policy) waitForRateLimit(ctx context.Context, op operation, deadline string) (time.Time, error) {
	if p.limiter == nil {
		return time.Time{}, nil
	}
	sentAt, err := p.limiter.wait(ctx)
	var past pastDeadlineError
	switch {
	case errors.As(err, &past):
		return time.Time{}, fmt.Errorf("%s %s: the client-side rate limit (now %.0f requests per minute: "+
			"rate_limit_per_minute, lowered after any 429 answers) would hold this call %s more, past %s, so it was "+
			"not sent. Apply again, lower Terraform's -parallelism, or raise that deadline", op.Method, op.Path,
			p.limiter.perMinute(), past.wait.Round(time.Millisecond), deadline)
	case err != nil:
		return time.Time{}, fmt.Errorf("%s %s: interrupted while waiting for the client-side rate limit: %w", op.Method, op.Path, err)
	}
	return sentAt, nil
}

// learnPace tells the limiter how the server took a request that left at sentAt: a rate-limit
// refusal slows every request of the provider down; any other answer lets the rate recover.
// Without an answer (transport errors) there is nothing to learn.
func (p *policy) learnPace(sentAt time.Time, status int, err error) {
	if p.limiter == nil || status == 0 {
		return
	}
	if isPacing(err) {
		p.limiter.paced(sentAt)
		return
	}
	p.limiter.accepted()
}

// pacingWait is how long to wait before retrying after the n-th rate-limit answer of an
// operation: what the server asked for (error.data.retryAfterSeconds) plus up to a quarter more,
// so that the requests refused together do not all come back together; or, when it did not say,
// the jittered backoff. No single wait exceeds max_retry_wait, and a server that asks for more is
// not waited for at all: the operation fails at once, quoting the number it sent.
func (p *policy) pacingWait(op operation, err error, n int) (time.Duration, error) {
	var apiErr *APIError
	errors.As(err, &apiErr)
	asked := apiErr.RetryAfter
	if asked <= 0 {
		return min(p.backoff.delay(n), p.maxRetryWait), nil
	}
	if asked > p.maxRetryWait {
		return 0, &RetryWaitError{Method: op.Method, Path: op.Path, Last: err, Wait: asked,
			RetryAfterSeconds: apiErr.RetryAfterSeconds, Limit: fmt.Sprintf("max_retry_wait (%s)", p.maxRetryWait), AboveCap: true}
	}
	return min(asked+rand.N(asked/4+1), p.maxRetryWait), nil
}

// timeLeft is how long ctx has until its deadline.
func timeLeft(ctx context.Context) (time.Duration, bool) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return 0, false
	}
	return time.Until(deadline), true
}

// waitPastDeadline is run's answer when the wait before the next retry would end after the
// deadline: it fails now instead of sleeping into a certain timeout. A transport failure keeps
// its meaning (for a mutation: the outcome is unknown); an answer becomes a RetryWaitError that
// says which deadline stopped the retry.
func (p *policy) waitPastDeadline(op operation, last error, attempt int, wait, left time.Duration, deadline string) error {
	var te *transportError
	if errors.As(last, &te) {
		return p.finalError(op, &transportError{err: fmt.Errorf("%w (no time left for another attempt before %s)", te.err, deadline)}, attempt)
	}
	e := &RetryWaitError{Method: op.Method, Path: op.Path, Last: last, Wait: wait, Limit: deadline, Left: max(left, 0)}
	var apiErr *APIError
	if errors.As(last, &apiErr) && isPacing(last) {
		e.RetryAfterSeconds = apiErr.RetryAfterSeconds
	}
	return e
}

// transportFailure describes an attempt that got no answer: the operation's own end (its
// deadline, named; or Terraform interrupting it), request_timeout for a single attempt, or the
// transport's error. parent is the operation's context, not the attempt's.
func (p *policy) transportFailure(parent context.Context, op operation, err error, deadline string) error {
	switch {
	case errors.Is(parent.Err(), context.DeadlineExceeded):
		return &transportError{err: fmt.Errorf("%s %s: %s passed before an answer arrived", op.Method, op.Path, deadline)}
	case parent.Err() != nil:
		return &transportError{err: fmt.Errorf("%s %s: interrupted before an answer arrived: %w", op.Method, op.Path, parent.Err())}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return &transportError{err: fmt.Errorf("%s %s: no answer within request_timeout (%s)", op.Method, op.Path, p.requestTimeout)}
	}
	return &transportError{err: fmt.Errorf("%s %s: %w", op.Method, op.Path, err)}
}

// finalError is what run returns when it gives up.
func (p *policy) finalError(op operation, err error, attempts int) error {
	var (
		te     *transportError
		tlsErr *TLSError
	)
	if errors.As(err, &tlsErr) {
		return err // the handshake failed: nothing was sent, whatever the call's safety
	}
	if errors.As(err, &te) && op.Safety != Read {
		return &OutcomeUnknownError{Method: op.Method, Path: op.Path, Attempts: attempts, Err: te.err}
	}
	if te != nil {
		if attempts > 1 {
			return fmt.Errorf("%w (gave up after %d attempts; max_retries = %d)", te.err, attempts, p.maxRetries)
		}
		return te.err
	}
	return err
}
