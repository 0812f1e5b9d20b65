package console

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// Road names the console gateway in messages that must say which way to the catalog was taken.
const Road = "the Apps in Toss console gateway"

// rpcNotFoundCode and rpcNotFoundMessage are the JSON-RPC error the gateway answers for anything
// it does not have (reference §13.1: "-32000 존재하지 않는 정보 입니다").
const (
	rpcNotFoundCode    = -32000
	rpcNotFoundMessage = "존재하지 않는 정보 입니다"
)

// ToolError is a tool call the gateway refused: a result with isError set, or a JSON-RPC error.
// It quotes what the gateway said; the methods mirror client.APIError so that client.IsNotFound,
// client.HasCode and the resources' diagnostics can treat both roads alike.
type ToolError struct {
	Tool string
	// ErrorCode is the gateway's errorCode, when its error text was JSON that carried one.
	ErrorCode string
	// Reason is the gateway's reason, or its whole error text when that was not JSON.
	Reason string
	// BlamedField is the argument the gateway blamed (its "field"), when it named one.
	BlamedField string
	// RPCCode is the JSON-RPC error code when the gateway failed the call at the protocol level
	// (e.g. -32000); zero for an isError result.
	RPCCode int64
}

func (e *ToolError) Error() string {
	var b strings.Builder
	if e.RPCCode != 0 {
		fmt.Fprintf(&b, "%s: tool %s failed with JSON-RPC error %d: %s", Road, e.Tool, e.RPCCode, orNone(e.Reason))
	} else {
		fmt.Fprintf(&b, "%s: tool %s refused the call", Road, e.Tool)
		if e.ErrorCode != "" {
			fmt.Fprintf(&b, ": errorCode %s, reason: %s", e.ErrorCode, orNone(e.Reason))
		} else {
			fmt.Fprintf(&b, ": %s", orNone(e.Reason))
		}
	}
	if e.BlamedField != "" {
		fmt.Fprintf(&b, " (field %s)", e.BlamedField)
	}
	return b.String()
}

// NotFound reports whether the gateway said the addressed object does not exist: errorCode
// NOT_FOUND, or the JSON-RPC error -32000 "존재하지 않는 정보 입니다".
func (e *ToolError) NotFound() bool {
	return e.ErrorCode == client.CodeNotFound ||
		(e.RPCCode == rpcNotFoundCode && strings.TrimSpace(e.Reason) == rpcNotFoundMessage)
}

// Code is the gateway's errorCode ("" when it gave none), to compare with the client.Code*
// constants.
func (e *ToolError) Code() string { return e.ErrorCode }

// Field is the argument the gateway blamed, if any (as client.APIError.Field).
func (e *ToolError) Field() string { return e.BlamedField }

// NotFoundError is a read of an object that the gateway's list does not contain. The console has
// no single-object read for some types (push templates), so absence from the list is how a
// missing object shows.
type NotFoundError struct {
	Kind string // e.g. "push template"
	ID   string
	Tool string // the list tool whose answer lacked it
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s: %s %q not found (absent from the %s answer)", Road, e.Kind, e.ID, e.Tool)
}

// NotFound is always true: see ToolError.NotFound.
func (e *NotFoundError) NotFound() bool { return true }

// Code is client.CodeNotFound, so that client.HasCode agrees with NotFound.
func (e *NotFoundError) Code() string { return client.CodeNotFound }

// Field is empty: no request field is to blame for an absence.
func (e *NotFoundError) Field() string { return "" }

// Both refusals are client.Refusals, which is how the resources recognise them.
var (
	_ client.Refusal = (*ToolError)(nil)
	_ client.Refusal = (*NotFoundError)(nil)
)

// LostAnswerError is what a ToolCaller returns when a call was sent but no answer came back
// (a timeout or a dropped connection after the request left): the gateway may or may not have
// acted on it. The catalog never sends a create again after one; it reconciles by reading.
type LostAnswerError struct {
	Tool string
	// Attempts is how many times the caller sent the call (1 for a create, which is never resent).
	Attempts int
	Err      error
}

func (e *LostAnswerError) Error() string {
	return fmt.Sprintf("%s: tool %s was sent but no answer came back after %d attempt(s): %v", Road, e.Tool,
		e.Attempts, e.Err)
}

func (e *LostAnswerError) Unwrap() error { return e.Err }

// outcomeUnknown is the client's error for a mutation whose effect is unknown, for a tool call:
// the resources already turn *client.OutcomeUnknownError into advice about a possible orphan.
func outcomeUnknown(lost *LostAnswerError, err error) *client.OutcomeUnknownError {
	attempts := lost.Attempts
	if attempts < 1 {
		attempts = 1
	}
	return &client.OutcomeUnknownError{Method: "tools/call", Path: lost.Tool, Attempts: attempts, Err: err}
}

// UnexpectedAnswerError is a tool answer that does not have the shape the mapping expects: a
// required field missing, a value of the wrong type, or a status value the provider does not know
// (which is never guessed into a known one).
type UnexpectedAnswerError struct {
	Tool    string
	Field   string // our name of the field, e.g. reviewStatus
	Problem string
}

func (e *UnexpectedAnswerError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: tool %s answered in an unexpected shape: %s", Road, e.Tool, e.Problem)
	}
	return fmt.Sprintf("%s: tool %s answered in an unexpected shape: field %s: %s", Road, e.Tool, e.Field, e.Problem)
}

// ArgumentNotAcceptedError is a call refused before it was sent: a value is set (the user
// configured it) but the tool's live input schema has no property that takes it. Dropping the
// value would silently lose configuration, so nothing is sent.
type ArgumentNotAcceptedError struct {
	Tool  string
	Field string   // our name of the value, e.g. landingUrl
	Tried []string // the property names looked for, in order of preference
}

func (e *ArgumentNotAcceptedError) Error() string {
	return fmt.Sprintf("%s: tool %s has no property for %s (looked for %s), but a value is set; nothing was sent. "+
		"Leave the setting unset, or use the catalog contract instead of the console",
		Road, e.Tool, e.Field, quoteAll(e.Tried))
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(none given)"
	}
	return s
}

func quoteAll(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}
