package client

import (
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
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

// retryKind says whether and how a failed attempt is tried again.
type retryKind int

const (
	// notRetried: the failure would repeat (validation, business errors, certificates,
	// redirects), or resending could repeat an effect (money, points, messages).
	notRetried retryKind = iota
	// fault: a transient failure (design "Wire details"), retried with backoff up to
	// max_retries.
	fault
	// pacing: the server asks the client to slow down (HTTP 429, errorCode 4095). Nothing went
	// wrong, so max_retries does not end it: it is retried, as the server asks, until the deadline.
	pacing
)

// retryKindOf classifies a failed attempt. Unrepeatable writes are never retried, whatever the
// failure: their outcome is reconciled by a read.
func retryKindOf(safety Safety, err error) retryKind {
	var tlsErr *TLSError
	switch {
	case safety == UnrepeatableWrite || errors.As(err, &tlsErr):
		return notRetried // a TLSError wraps the transport error, but no retry can fix a certificate
	case safety == UnkeyedWrite:
		if isPacing(err) {
			return pacing
		}
		return notRetried
	}
	var (
		te         *transportError
		apiErr     *APIError
		unexpected *UnexpectedResponseError
	)
	switch {
	case errors.As(err, &te):
		return fault
	case isPacing(err):
		return pacing
	case errors.As(err, &unexpected):
		// An HTTP 200 whose body is not the envelope (a truncated or proxy-mangled answer) says
		// nothing about the request; reads and idempotent catalog mutations can be sent again.
		if unexpected.HTTPStatus >= 200 && unexpected.HTTPStatus < 300 {
			return fault
		}
		return notRetried
	case !errors.As(err, &apiErr):
		return notRetried
	case apiErr.ErrorCode == CodeInternalError, retryableResultTypes[apiErr.ResultType]:
		return fault
	}
	switch apiErr.HTTPStatus {
	case 500, 502, 503, 504:
		return fault
	}
	return notRetried
}

// isPacing reports whether err is the server's rate-limit answer.
func isPacing(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && (apiErr.ErrorCode == CodeRateLimited || apiErr.HTTPStatus == http.StatusTooManyRequests)
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

// capped lowers the longest delay to limit: no single wait exceeds max_retry_wait.
func (b backoff) capped(limit time.Duration) backoff {
	b.max = min(b.max, limit)
	return b
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
