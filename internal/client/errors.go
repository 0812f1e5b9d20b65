package client

import (
	"errors"
	"fmt"
	"net/http"
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

// IsNotFound reports whether err is the API saying the addressed object does not exist.
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && (apiErr.ErrorCode == CodeNotFound ||
		(apiErr.ErrorCode == "" && apiErr.HTTPStatus == http.StatusNotFound))
}

// HasCode reports whether err is an APIError with the given errorCode.
func HasCode(err error, code string) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode == code
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
