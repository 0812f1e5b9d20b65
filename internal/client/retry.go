package client

import (
	"errors"
	"math/rand/v2"
	"net"
	"time"
)

// retryableResultTypes are the envelope resultTypes that describe a transient failure on the
// server's side (reference §1.4; design "Wire details").
var retryableResultTypes = map[string]bool{
	"HTTP_TIMEOUT":   true,
	"NETWORK_ERROR":  true,
	"INTERNAL_ERROR": true,
	"INTERRUPTED":    true,
}

// shouldRetry decides whether err is one of the retryable cases of the design, and how long the
// server asked us to wait (zero: use the backoff). Unrepeatable writes are never retried.
func (c *Client) shouldRetry(safety Safety, err error) (bool, time.Duration) {
	if safety == UnrepeatableWrite {
		return false, 0
	}
	var te *transportError
	if errors.As(err, &te) {
		return true, 0
	}
	var unexpected *UnexpectedResponseError
	if errors.As(err, &unexpected) {
		// An HTTP 200 whose body is not the envelope (a truncated or proxy-mangled answer) says
		// nothing about the request; reads and idempotent catalog mutations can be sent again.
		return unexpected.HTTPStatus >= 200 && unexpected.HTTPStatus < 300, 0
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false, 0
	}
	switch {
	case apiErr.ErrorCode == CodeRateLimited:
		return true, apiErr.RetryAfter
	case apiErr.ErrorCode == CodeInternalError, retryableResultTypes[apiErr.ResultType]:
		return true, 0
	}
	switch apiErr.HTTPStatus {
	case 429, 500, 502, 503, 504:
		return true, 0
	}
	return false, 0
}

// backoff is capped exponential backoff with jitter: attempt n waits a random time between half
// and all of base·2ⁿ⁻¹, at most max, so parallel retries spread out instead of colliding.
type backoff struct {
	base time.Duration
	max  time.Duration
}

func newBackoff(base, maxDelay time.Duration) backoff {
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	if maxDelay <= 0 {
		maxDelay = 10 * time.Second
	}
	return backoff{base: base, max: maxDelay}
}

func (b backoff) delay(attempt int) time.Duration {
	d := b.base << min(attempt-1, 20)
	if d <= 0 || d > b.max {
		d = b.max
	}
	half := d / 2
	return half + rand.N(half+1)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// retryReason names a failure for logs without quoting any body.
func retryReason(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return "errorCode " + orDash(apiErr.ErrorCode) + ", resultType " + orDash(apiErr.ResultType)
	}
	return err.Error()
}
