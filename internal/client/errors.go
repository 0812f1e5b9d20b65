package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is an answer from Apps in Toss (or the emulator) that is not a success: an envelope
// whose resultType is not SUCCESS, the bare OAuth form {"error":"invalid_grant"}, or an HTTP
// error status. Callers branch on ErrorCode, never on HTTPStatus alone: the API reports business
// errors with HTTP 200.
type APIError struct {
	Method     string
	Path       string
	HTTPStatus int
	ResultType string
	ErrorType  int
	ErrorCode  string
	Reason     string
	Title      string
	Data       map[string]any
	// RetryAfter is error.data.retryAfterSeconds of a rate-limit (4095) answer, zero otherwise.
	RetryAfter time.Duration
	// RetryAfterSeconds is that number exactly as the server wrote it ("3600", "2.5"), for
	// messages that quote it.
	RetryAfterSeconds json.Number
}

func (e *APIError) Error() string {
	code := e.ErrorCode
	if code == "" {
		code = "(no errorCode)"
	}
	reason := e.Reason
	if reason == "" {
		reason = "(no reason given)"
	}
	return fmt.Sprintf("%s %s: HTTP %d, resultType %s, errorCode %s, reason: %s",
		e.Method, e.Path, e.HTTPStatus, orDash(e.ResultType), code, reason)
}

// Field is the request field the API blamed (error.data.field), if any.
func (e *APIError) Field() string {
	if f, ok := e.Data["field"].(string); ok {
		return f
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Error codes the provider branches on.
const (
	CodeNotFound             = "NOT_FOUND"
	CodeConflict             = "CONFLICT"
	CodeInvalidParameter     = "INVALID_PARAMETER"
	CodeIdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED"
	CodeInternalError        = "INTERNAL_ERROR"
	CodeRateLimited          = "4095"
	CodeInvalidGrant         = "invalid_grant"
)

// Refusal is what a road to the catalog that does not speak the envelope (the console gateway)
// reports when it refuses a call: its errorCode ("" when it gave none), the request field it
// blamed, and whether it said the object does not exist. *APIError carries the same facts in its
// fields; IsNotFound and HasCode read either, so resources treat both roads alike.
type Refusal interface {
	error
	NotFound() bool
	Code() string
	Field() string
}

// IsNotFound reports whether err says the addressed object does not exist: the API's NOT_FOUND
// (or an HTTP 404 without a code), or a Refusal that says so.
func IsNotFound(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode == CodeNotFound || (apiErr.ErrorCode == "" && apiErr.HTTPStatus == http.StatusNotFound)
	}
	var refusal Refusal
	return errors.As(err, &refusal) && refusal.NotFound()
}

// HasCode reports whether err carries the given errorCode (an *APIError or a Refusal).
func HasCode(err error, code string) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode == code
	}
	var refusal Refusal
	return errors.As(err, &refusal) && refusal.Code() == code
}

// UnexpectedResponseError is an answer that is not the documented envelope at all: not JSON,
// truncated JSON, or JSON of the wrong shape. The body is not quoted: it may carry secrets.
type UnexpectedResponseError struct {
	Method      string
	Path        string
	HTTPStatus  int
	ContentType string
	BodyBytes   int
	Problem     string
}

func (e *UnexpectedResponseError) Error() string {
	return fmt.Sprintf("%s %s: unexpected response (HTTP %d, %d bytes, Content-Type %q): %s",
		e.Method, e.Path, e.HTTPStatus, e.BodyBytes, e.ContentType, e.Problem)
}

// OutcomeUnknownError wraps the last error of a mutation whose retries ran out without an answer
// (timeouts, reset connections): the server may or may not have applied it. Resources turn it
// into advice about a possible orphan.
type OutcomeUnknownError struct {
	Method   string
	Path     string
	Attempts int
	Err      error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s %s: no answer after %d attempts, the outcome is unknown: %v",
		e.Method, e.Path, e.Attempts, e.Err)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// RetryWaitError is a retry the client would not wait for: the server asked for a longer pause
// than max_retry_wait allows, or the pause would end after the call's deadline. Sleeping into a
// certain failure helps nobody, so the call fails at once and says why.
//
// It deliberately does not unwrap to the *APIError that asked for the wait: callers that explain
// API errors generically ("retry later") would replace this more precise message.
type RetryWaitError struct {
	Method string
	Path   string
	// Last is the answer that called for the retry.
	Last error
	// RetryAfterSeconds is error.data.retryAfterSeconds exactly as the server sent it; empty when
	// the wait was the client's own backoff.
	RetryAfterSeconds json.Number
	// Wait is how long the retry would have waited.
	Wait time.Duration
	// Limit names what forbids the wait: max_retry_wait, read_timeout or the resource's timeouts.
	Limit string
	// AboveCap is true when Limit is max_retry_wait; otherwise Left is the time that was left
	// before the deadline.
	AboveCap bool
	Left     time.Duration
}

func (e *RetryWaitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	switch {
	case e.AboveCap:
		fmt.Fprintf(&b, "Apps in Toss asked to wait %s seconds before retrying (error.data.retryAfterSeconds), "+
			"longer than %s allows, so the provider gave up at once instead of waiting.", e.RetryAfterSeconds, e.Limit)
	case e.RetryAfterSeconds != "":
		fmt.Fprintf(&b, "Apps in Toss asked to wait %s seconds before retrying (error.data.retryAfterSeconds), "+
			"but only %s was left before %s, so the provider gave up at once instead of waiting.",
			e.RetryAfterSeconds, e.Left.Round(time.Millisecond), e.Limit)
	default:
		fmt.Fprintf(&b, "the next retry would have waited %s, but only %s was left before %s, so the provider "+
			"gave up at once instead of waiting.", e.Wait.Round(time.Millisecond), e.Left.Round(time.Millisecond), e.Limit)
	}
	fmt.Fprintf(&b, " Last answer: %s.", describeAnswer(e.Last))
	switch {
	case e.AboveCap:
		b.WriteString(" Apply again later; raise max_retry_wait only if the provider may wait that long between two attempts.")
	case strings.HasPrefix(e.Limit, "read_timeout"):
		b.WriteString(" Apply again later, or raise read_timeout in the provider block.")
	default:
		b.WriteString(" Apply again later, or raise the limit in the resource's `timeouts` block.")
	}
	return b.String()
}

// describeAnswer quotes an API answer's errorCode and reason without repeating its method and
// path; other failures are described by their own message.
func describeAnswer(err error) string {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return err.Error()
	}
	reason := apiErr.Reason
	if reason == "" {
		reason = "(no reason given)"
	}
	code := apiErr.ErrorCode
	if code == "" {
		code = "(no errorCode)"
	}
	return fmt.Sprintf("HTTP %d, errorCode %s, reason: %q", apiErr.HTTPStatus, code, reason)
}
