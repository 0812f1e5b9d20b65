package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"
)

// Host selects which Apps in Toss host serves a call (reference §1.1).
type Host int

const (
	// PartnerAPI is apps-in-toss-api.toss.im: login, messages, promotions, IAP, catalog.
	PartnerAPI Host = iota
	// PayAPI is pay-apps-in-toss-api.toss.im: Toss Pay.
	PayAPI
)

// Safety says whether a call may be sent again when its outcome is unknown.
type Safety int

const (
	// Read calls are safe to repeat.
	Read Safety = iota
	// IdempotentWrite is a catalog mutation: one Idempotency-Key is made per call and reused by
	// every retry, so the server applies it at most once.
	IdempotentWrite
	// UnrepeatableWrite moves money, points or messages. It is never sent twice: its outcome is
	// reconciled by a read (get-payment-status, execution-result), not by sending again.
	UnrepeatableWrite
	// UnkeyedWrite is a mutation sent without an idempotency key (a catalog create through the
	// console gateway). It is sent again only after a rate-limit answer, which says the server
	// did not take it; any other failure leaves its outcome unknown, to be reconciled by a read.
	UnkeyedWrite
)

// Call is one logical API operation.
type Call struct {
	Host   Host
	Method string
	Path   string // full path, e.g. /api-partner/v1/apps-in-toss/order/get-order-status
	Query  url.Values
	// Header carries user identification (x-toss-user-key, x-anon-key, Authorization). Header
	// values are never logged.
	Header map[string]string
	Body   any // marshalled as JSON when not nil
	Safety Safety
}

// unrepeatablePaths are the partner endpoints that move money, points or messages (reference
// §3, §5, §6). Whatever a caller declares, a call to one of them is never sent twice: there is no
// documented idempotency that would make a resend safe.
var unrepeatablePaths = map[string]bool{
	"/api-partner/v1/apps-in-toss/pay/make-payment":                    true,
	"/api-partner/v1/apps-in-toss/pay/execute-payment":                 true,
	"/api-partner/v1/apps-in-toss/pay/refund-payment":                  true,
	"/api-partner/v1/apps-in-toss/promotion/execute-promotion":         true,
	"/api-partner/v1/apps-in-toss/promotion/execute-promotion/get-key": true,
	"/api-partner/v1/apps-in-toss/messenger/send-message":              true,
	"/api-partner/v1/apps-in-toss/messenger/send-test-message":         true,
	"/api-partner/v1/apps-in-toss/messenger/send-bulk-message":         true,
}

// effectiveSafety is the call's declared safety, made strict for money, points and messages.
func effectiveSafety(call Call) Safety {
	if unrepeatablePaths[call.Path] {
		return UnrepeatableWrite
	}
	return call.Safety
}

// maxResponseBytes bounds what the client reads: no documented answer comes near it.
const maxResponseBytes = 4 << 20

// Do sends the call through the pipeline — the policy's deadline, rate limiter and retries
// (policy.go), one HTTP exchange per attempt with its own timeout, envelope decoding, typed
// errors — and decodes the success payload into out (nil discards it).
//
// Every call has a deadline: the caller's (a resource's `timeouts`), or else read_timeout, so
// that no loop of retries can run forever during a refresh, a data source read or an import.
// Two kinds of failure are retried, each its own way (retry.go): faults — transport errors, 5xx,
// INTERNAL_ERROR, an unreadable body — up to max_retries; the server's pacing answers (429,
// 4095) for as long as the deadline allows, because they say "later", not "broken".
func (c *Client) Do(ctx context.Context, call Call, out any) error {
	ctx = newLogContext(ctx)
	ctx, deadline, cancel := c.policy.withDeadline(ctx)
	defer cancel()
	var body []byte
	if call.Body != nil {
		var err error
		if body, err = json.Marshal(call.Body); err != nil {
			return fmt.Errorf("encoding the %s %s request: %w", call.Method, call.Path, err)
		}
	}
	call.Safety = effectiveSafety(call)
	idempotencyKey := ""
	if call.Safety == IdempotentWrite {
		idempotencyKey = uuid.NewString()
	}

	var (
		payload   json.RawMessage
		status    int
		rotations int
	)
	op := operation{Method: call.Method, Path: call.Path, Safety: call.Safety}
	err := c.policy.run(ctx, op, deadline, func(ctx context.Context, attempt int) (int, error) {
		for {
			presented := c.certs.current()
			var err error
			payload, status, err = c.attempt(ctx, call, body, idempotencyKey, attempt, deadline)
			if isClientCertificateRejected(err) && rotations < len(c.certs.order)-1 && c.certs.advance(presented) {
				// The server refused the certificate during the handshake, so it never saw the
				// request: trying the next live pair is safe for every kind of call.
				rotations++
				logWarn(ctx, "server rejected the client certificate; trying the next configured pair",
					map[string]any{"rejected": presented.Label, "next": c.certs.current().Label})
				continue
			}
			if err != nil {
				if tlsErr := asTLSError(err, c.endpointFor(call.Host).Host); tlsErr != nil {
					return status, tlsErr // never retried: the same handshake cannot fix a certificate
				}
			}
			return status, err
		}
	})
	if err != nil {
		return err
	}
	return decodePayload(call.Method, call.Path, status, payload, out)
}

// attempt performs one HTTP exchange and decodes the envelope.
func (c *Client) attempt(parent context.Context, call Call, body []byte, idempotencyKey string, attempt int, deadline string) (json.RawMessage, int, error) {
	ctx, cancel := context.WithTimeout(parent, c.policy.requestTimeout)
	defer cancel()

	req, err := c.newRequest(ctx, call, body, idempotencyKey)
	if err != nil {
		return nil, 0, err
	}
	started := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		var redirect *RedirectError
		if errors.As(err, &redirect) {
			return nil, redirect.HTTPStatus, redirect
		}
		logDebug(ctx, "request failed", map[string]any{"method": call.Method, "path": call.Path,
			"attempt": attempt, "duration_ms": time.Since(started).Milliseconds(), "error": retryReason(err)})
		return nil, 0, c.policy.transportFailure(parent, operation{Method: call.Method, Path: call.Path}, err, deadline)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, resp.StatusCode, c.policy.transportFailure(parent, operation{Method: call.Method, Path: call.Path}, err, deadline)
	}
	logDebug(ctx, "request", map[string]any{"method": call.Method, "path": call.Path, "status": resp.StatusCode,
		"attempt": attempt, "duration_ms": time.Since(started).Milliseconds()})
	logTrace(ctx, "request body", map[string]any{"method": call.Method, "path": call.Path, "body": redactedBody{body}})
	logTrace(ctx, "response body", map[string]any{"method": call.Method, "path": call.Path, "body": redactedBody{raw}})

	payload, err := decodeEnvelope(call.Method, call.Path, resp.StatusCode, resp.Header, raw)
	return payload, resp.StatusCode, err
}

func (c *Client) newRequest(ctx context.Context, call Call, body []byte, idempotencyKey string) (*http.Request, error) {
	u := *c.endpointFor(call.Host)
	u.Path += call.Path
	if len(call.Query) > 0 {
		u.RawQuery = call.Query.Encode()
	}
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, call.Method, u.String(), reader)
	if err != nil {
		return nil, fmt.Errorf("building the %s %s request: %w", call.Method, call.Path, err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if idempotencyKey != "" {
		req.Header.Set("Idempotency-Key", idempotencyKey)
	}
	for k, v := range call.Header {
		req.Header.Set(k, v)
	}
	return req, nil
}

func (c *Client) endpointFor(h Host) *url.URL {
	if h == PayAPI {
		return c.payBase
	}
	return c.apiBase
}

// transportError is a failure below HTTP: connection refused or reset, timeout, EOF.
type transportError struct {
	err error
}

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }
