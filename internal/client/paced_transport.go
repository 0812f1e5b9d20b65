package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// PacedTransport carries the client's request discipline (policy.go) to HTTP traffic the client
// does not build itself: the console gateway's MCP session, whose JSON-RPC messages the official
// SDK writes. Each request through it gets a deadline (the caller's, or read_timeout), waits for
// its turn in the transport's own adaptive rate limiter, has request_timeout per attempt, and is
// retried by the same rules as Do: HTTP 429 as the server asks until the deadline (never more
// than max_retry_wait at once); transport errors and HTTP 500/502/503/504 up to max_retries —
// but only when the request's context says the request may be sent again (WithCall). Whatever
// else the server answers (200, 401, 404 ...) is handed up unchanged.
//
// It follows no redirects (a RoundTripper never does); the http.Client around it must refuse
// them too (CheckRedirect: RefuseRedirects), as every client of the project does.
type PacedTransport struct {
	base   http.RoundTripper
	policy *policy
}

var _ http.RoundTripper = (*PacedTransport)(nil)

// NewPacedTransport wraps base (nil: http.DefaultTransport) in the policy cfg describes. Each
// PacedTransport has its own limiter: one per server, since each server keeps its own limit.
func NewPacedTransport(base http.RoundTripper, cfg PolicyConfig) (*PacedTransport, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	p, err := newPolicy(cfg)
	if err != nil {
		return nil, err
	}
	return &PacedTransport{base: base, policy: p}, nil
}

type callKey struct{}

type callInfo struct {
	label  string
	safety Safety
}

// WithCall marks ctx with what the requests made under it are for: a label for messages (for
// example "tools/call iap_product_get") and whether a request may be sent again when its outcome
// is unknown. A request without it is treated as UnrepeatableWrite: never resent.
func WithCall(ctx context.Context, label string, safety Safety) context.Context {
	return context.WithValue(ctx, callKey{}, callInfo{label: label, safety: safety})
}

// RoundTrip sends req under the policy. The answer's body stays readable until it is closed.
func (t *PacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	info, ok := req.Context().Value(callKey{}).(callInfo)
	if !ok {
		info = callInfo{label: req.URL.Path, safety: UnrepeatableWrite}
	}
	op := operation{Method: req.Method, Path: info.label, Safety: info.safety}
	ctx := newLogContext(req.Context())
	ctx, deadline, cancelDeadline := t.policy.withDeadline(ctx)

	var (
		resp          *http.Response
		cancelAttempt context.CancelFunc
	)
	err := t.policy.run(ctx, op, deadline, func(ctx context.Context, attempt int) (int, error) {
		attemptCtx, cancel := context.WithTimeout(ctx, t.policy.requestTimeout)
		answer, err := t.send(attemptCtx, req, attempt) //nolint:bodyclose // handed up, or drained and closed below
		if err != nil {
			cancel()
			return 0, t.policy.transportFailure(ctx, op, err, deadline)
		}
		if refusal := refusalOf(op, answer); refusal != nil {
			drainAndClose(answer.Body)
			cancel()
			return answer.StatusCode, refusal
		}
		resp, cancelAttempt = answer, cancel
		return answer.StatusCode, nil
	})
	if err != nil {
		cancelDeadline()
		return nil, err
	}
	resp.Body = &closeThen{ReadCloser: resp.Body, after: func() { cancelAttempt(); cancelDeadline() }}
	return resp, nil
}

// send performs one attempt with a fresh copy of req's body.
func (t *PacedTransport) send(ctx context.Context, req *http.Request, attempt int) (*http.Response, error) {
	out := req.Clone(ctx)
	if req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			if attempt > 1 {
				return nil, errors.New("the request body cannot be read a second time")
			}
		} else {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("rereading the request body: %w", err)
			}
			out.Body = body
		}
	}
	return t.base.RoundTrip(out)
}

// refusalOf turns the answers the policy acts on into errors: a rate-limit answer (HTTP 429)
// and a server fault (HTTP 500/502/503/504). Every other answer is the caller's to read.
func refusalOf(op operation, resp *http.Response) error {
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		e := &APIError{Method: op.Method, Path: op.Path, HTTPStatus: resp.StatusCode, ErrorCode: CodeRateLimited}
		e.RetryAfterSeconds, e.RetryAfter = retryAfterOfAnswer(resp)
		return e
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return &APIError{Method: op.Method, Path: op.Path, HTTPStatus: resp.StatusCode}
	}
	return nil
}

// retryAfterOfAnswer reads how long a 429 asks to wait, as the server wrote it: the Retry-After
// header in seconds (RFC 9110 §10.2.3), else retryAfterSeconds in the body's error.data (the Apps
// in Toss envelope and the gateway's JSON-RPC error both put it there). Empty when it did not say.
func retryAfterOfAnswer(resp *http.Response) (json.Number, time.Duration) {
	if h := strings.TrimSpace(resp.Header.Get("Retry-After")); h != "" {
		if secs, err := strconv.ParseUint(h, 10, 32); err == nil && secs > 0 {
			return json.Number(h), time.Duration(secs) * time.Second
		}
	}
	var body struct {
		Error json.RawMessage `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxResponseBytes)).Decode(&body); err != nil || len(body.Error) == 0 {
		return "", 0
	}
	return retryAfterOf(body.Error)
}

func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, maxResponseBytes))
	_ = body.Close()
}

// closeThen runs after once the body is closed: the attempt's and the operation's contexts must
// outlive RoundTrip for as long as the caller reads the answer (an SSE stream, say).
type closeThen struct {
	io.ReadCloser
	after func()
}

func (c *closeThen) Close() error {
	err := c.ReadCloser.Close()
	if c.after != nil {
		c.after()
		c.after = nil
	}
	return err
}
