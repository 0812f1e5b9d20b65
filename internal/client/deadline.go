package client

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Every call the client makes ends by a deadline. Create and update carry the resource's
// `timeouts`; refresh, data sources, import and ephemeral resources come without one, and get
// read_timeout. Without it a server that kept answering 429 would keep a plan waiting for ever,
// since pacing answers are retried until the deadline and not counted against max_retries.

// withDeadline returns ctx bounded by the caller's deadline or else by read_timeout, and how to
// name that deadline in messages.
func (c *Client) withDeadline(ctx context.Context) (context.Context, string, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, "the operation's deadline (the resource's `timeouts`)", func() {}
	}
	bounded, cancel := context.WithTimeout(ctx, c.readTimeout)
	return bounded, fmt.Sprintf("read_timeout (%s)", c.readTimeout), cancel
}

// timeLeft is how long ctx has until its deadline.
func timeLeft(ctx context.Context) (time.Duration, bool) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return 0, false
	}
	return time.Until(deadline), true
}

// waitPastDeadline is Do's answer when the wait before the next retry would end after the
// deadline: it fails now instead of sleeping into a certain timeout. A transport failure keeps
// its meaning (for a mutation: the outcome is unknown); an answer becomes a RetryWaitError that
// says which deadline stopped the retry.
func (c *Client) waitPastDeadline(call Call, last error, attempt int, wait, left time.Duration, deadline string) error {
	var te *transportError
	if errors.As(last, &te) {
		return c.finalError(call, &transportError{err: fmt.Errorf("%w (no time left for another attempt before %s)", te.err, deadline)}, attempt)
	}
	e := &RetryWaitError{Method: call.Method, Path: call.Path, Last: last, Wait: wait, Limit: deadline, Left: max(left, 0)}
	var apiErr *APIError
	if errors.As(last, &apiErr) && isPacing(last) {
		e.RetryAfterSeconds = apiErr.RetryAfterSeconds
	}
	return e
}
