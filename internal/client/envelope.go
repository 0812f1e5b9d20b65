package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// envelope is every shape Apps in Toss answers with (reference §1.4): the common
// {resultType, success, error} object, whose payload is an object or a bare string; the old
// "result" key that some messenger pages still show; and the OAuth form {"error":"invalid_grant"},
// where "error" is a string instead of an object.
type envelope struct {
	ResultType string          `json:"resultType"`
	Success    json.RawMessage `json:"success"`
	Result     json.RawMessage `json:"result"`
	Error      json.RawMessage `json:"error"`
}

type envelopeError struct {
	ErrorType json.RawMessage `json:"errorType"`
	ErrorCode json.RawMessage `json:"errorCode"`
	Reason    string          `json:"reason"`
	Data      map[string]any  `json:"data"`
	Title     string          `json:"title"`
}

const resultSuccess = "SUCCESS"

// decodeEnvelope turns an HTTP answer into the success payload or a typed error. It never panics
// on odd input: anything that is not an envelope becomes an UnexpectedResponseError.
func decodeEnvelope(method, path string, status int, header http.Header, body []byte) (json.RawMessage, error) {
	unexpected := func(problem string) error {
		return &UnexpectedResponseError{Method: method, Path: path, HTTPStatus: status,
			ContentType: header.Get("Content-Type"), BodyBytes: len(body), Problem: problem}
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		if status >= 400 {
			return nil, &APIError{Method: method, Path: path, HTTPStatus: status}
		}
		return nil, unexpected("empty body, expected the Apps in Toss JSON envelope")
	}
	if trimmed[0] != '{' {
		if status >= 400 {
			// Proxies and load balancers answer errors with HTML: report the status, not the body.
			return nil, &APIError{Method: method, Path: path, HTTPStatus: status}
		}
		return nil, unexpected("the body is not a JSON object")
	}
	var env envelope
	if err := json.Unmarshal(trimmed, &env); err != nil {
		return nil, unexpected(fmt.Sprintf("invalid JSON envelope (%v)", describeJSONError(err)))
	}

	if len(env.Error) > 0 && env.Error[0] == '"' {
		// The OAuth form: {"error":"invalid_grant"}.
		var code string
		if err := json.Unmarshal(env.Error, &code); err != nil {
			return nil, unexpected("invalid \"error\" string")
		}
		return nil, &APIError{Method: method, Path: path, HTTPStatus: status, ErrorCode: code,
			Reason: oauthReason(code)}
	}

	payload := env.Success
	if isAbsent(payload) {
		payload = env.Result
	}
	if env.ResultType == resultSuccess || (env.ResultType == "" && !isAbsent(payload) && isAbsent(env.Error)) {
		if status >= 300 {
			return nil, unexpected(fmt.Sprintf("resultType SUCCESS with HTTP status %d", status))
		}
		return payload, nil
	}
	if env.ResultType == "" && isAbsent(env.Error) {
		if status >= 400 {
			return nil, &APIError{Method: method, Path: path, HTTPStatus: status}
		}
		return nil, unexpected("neither resultType, success nor error is present")
	}

	apiErr := &APIError{Method: method, Path: path, HTTPStatus: status, ResultType: env.ResultType}
	if !isAbsent(env.Error) {
		var e envelopeError
		if err := json.Unmarshal(env.Error, &e); err != nil {
			return nil, unexpected(fmt.Sprintf("invalid \"error\" object (%v)", describeJSONError(err)))
		}
		apiErr.ErrorCode = codeString(e.ErrorCode)
		apiErr.Reason = e.Reason
		apiErr.Title = e.Title
		apiErr.Data = e.Data
		if n, err := strconv.Atoi(strings.Trim(string(e.ErrorType), `" `)); err == nil {
			apiErr.ErrorType = n // documented as an integer; tolerated as a numeric string
		}
		apiErr.RetryAfterSeconds, apiErr.RetryAfter = retryAfterOf(env.Error)
	}
	return nil, apiErr
}

// retryAfterOf reads error.data.retryAfterSeconds: the number's text exactly as the server sent
// it, for messages that quote it, and the wait it asks for. It is documented as a number and
// tolerated as a numeric string; anything else, zero or negative asks for no particular wait.
func retryAfterOf(rawError json.RawMessage) (json.Number, time.Duration) {
	var e struct {
		Data map[string]any `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(rawError))
	dec.UseNumber()
	if dec.Decode(&e) != nil {
		return "", 0
	}
	var n json.Number
	switch v := e.Data["retryAfterSeconds"].(type) {
	case json.Number:
		n = v
	case string:
		n = json.Number(strings.TrimSpace(v))
	default:
		return "", 0
	}
	secs, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsNaN(secs) || secs <= 0 {
		return "", 0
	}
	if secs >= maxRetryAfterSeconds {
		return n, time.Duration(math.MaxInt64)
	}
	return n, time.Duration(secs * float64(time.Second))
}

// maxRetryAfterSeconds is where a wait stops fitting in a time.Duration (about 292 years); any
// such request is far beyond every cap anyway.
const maxRetryAfterSeconds = float64(math.MaxInt64 / int64(time.Second))

// codeString accepts errorCode as a string ("4095") or, defensively, a number (4095).
func codeString(raw json.RawMessage) string {
	if isAbsent(raw) {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

func isAbsent(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

func oauthReason(code string) string {
	if code == CodeInvalidGrant {
		return "the authorization code, access token or refresh token is invalid, expired or already used"
	}
	return ""
}

// describeJSONError keeps the position and type of a JSON error but drops any quoted input.
func describeJSONError(err error) string {
	var (
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("syntax error at byte %d", syntaxErr.Offset)
	case errors.As(err, &typeErr):
		return fmt.Sprintf("field %q has JSON type %s, expected %s", typeErr.Field, typeErr.Value, typeErr.Type)
	case errors.Is(err, io.ErrUnexpectedEOF) || err.Error() == "unexpected end of JSON input":
		return "truncated JSON"
	default:
		return "malformed JSON"
	}
}

// decodePayload unmarshals a success payload into out. A nil out discards it; a *string out
// accepts the bare-string payloads of execution-result and anon-key verify.
func decodePayload(method, path string, status int, payload json.RawMessage, out any) error {
	if out == nil {
		return nil
	}
	if isAbsent(payload) {
		return &UnexpectedResponseError{Method: method, Path: path, HTTPStatus: status,
			Problem: "resultType SUCCESS without a success payload"}
	}
	if err := json.Unmarshal(payload, out); err != nil {
		return &UnexpectedResponseError{Method: method, Path: path, HTTPStatus: status, BodyBytes: len(payload),
			Problem: fmt.Sprintf("the success payload does not have the documented shape (%s)", describeJSONError(err))}
	}
	return nil
}
