package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
)

// The common response envelope (reference §1.4). Successes carry no "error" key; failures carry
// "success": null, as production is observed to send.
type envelope struct {
	ResultType string     `json:"resultType"`
	Success    any        `json:"success"`
	Error      *errorBody `json:"error,omitempty"`
}

// errorBody is the OAS error object: errorType and title come from the error's family
// (error_families.go).
type errorBody struct {
	ErrorType int            `json:"errorType"`
	ErrorCode string         `json:"errorCode"`
	Reason    string         `json:"reason"`
	Data      map[string]any `json:"data,omitempty"`
	Title     string         `json:"title"`
}

// Error codes the emulator answers with. The numeric ones are the promotion, anon-key and rate
// limit codes of the reference; the words are the reference's or the catalog contract's.
const (
	codeInvalidParameter     = "INVALID_PARAMETER"
	codeNotFound             = "NOT_FOUND"
	codeConflict             = "CONFLICT"
	codeIdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED"
	codeInternalError        = "INTERNAL_ERROR"
	codePayloadTooLarge      = "PAYLOAD_TOO_LARGE"
	codeUnauthorized         = "UNAUTHORIZED"
	codeForbidden            = "FORBIDDEN"
	codeRateLimited          = "4095"
	codeUserKeyNotFound      = "USER_KEY_NOT_FOUND"
	codeUserNotFound         = "USER_NOT_FOUND"
	codeInvalidGrant         = "invalid_grant"
	codeBreakTimeOfBank      = "COMMON_BREAK_TIME_OF_BANK"
)

// apiError is a failure a handler returns; the adapter renders it as the FAIL envelope (partner
// and catalog routes) or a plain {"error":…} object (admin routes) with HTTPStatus.
type apiError struct {
	HTTPStatus int
	Code       string
	Reason     string
	Data       map[string]any
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.HTTPStatus, e.Code, e.Reason) }

// invalidParameter is the 400 the docs give for bad or missing request data; the field is named
// in error.data.field so a client can point at the attribute.
func invalidParameter(field, reason string) *apiError {
	return &apiError{HTTPStatus: http.StatusBadRequest, Code: codeInvalidParameter, Reason: reason,
		Data: map[string]any{"field": field}}
}

func notFound(reason string) *apiError {
	return &apiError{HTTPStatus: http.StatusNotFound, Code: codeNotFound, Reason: reason}
}

func conflict(reason string) *apiError {
	return &apiError{HTTPStatus: http.StatusConflict, Code: codeConflict, Reason: reason}
}

// businessError is the documented HTTP 200 + resultType FAIL form of domain failures.
func businessError(code, reason string) *apiError {
	return &apiError{HTTPStatus: http.StatusOK, Code: code, Reason: reason}
}

func rateLimited(retryAfterSeconds int) *apiError {
	return &apiError{HTTPStatus: http.StatusTooManyRequests, Code: codeRateLimited,
		Reason: "요청이 너무 많아요. 잠시 후 다시 시도해 주세요.",
		Data:   map[string]any{"retryAfterSeconds": retryAfterSeconds}}
}

func internalError() *apiError {
	return &apiError{HTTPStatus: http.StatusInternalServerError, Code: codeInternalError,
		Reason: "요청을 처리하는 도중에 문제가 발생했습니다."}
}

// resultHTTPTimeout is the documented resultType for an answer Toss did not get in time
// (reference §1.4).
const resultHTTPTimeout = "HTTP_TIMEOUT"

// unsettledResult is an answer whose resultType is neither SUCCESS nor FAIL and that carries no
// error object, e.g. {"resultType":"HTTP_TIMEOUT","success":null}: the outcome is not known yet.
type unsettledResult struct {
	ResultType string
}

func (u *unsettledResult) Error() string { return u.ResultType }

// oauthError is the bare {"error":"invalid_grant"} of login (reference §2.2, §2.4): no envelope.
// The docs leave its HTTP status open; the emulator answers 400 on the token endpoints (as OAuth
// 2.0, RFC 6749 §5.2, does) and 401 where a Bearer token was refused.
type oauthError struct {
	HTTPStatus int
}

func (e *oauthError) Error() string { return "invalid_grant" }

func invalidGrant() *oauthError { return &oauthError{HTTPStatus: http.StatusBadRequest} }

// refreshTokenRefused is refresh-token's failure: the documented envelope with errorCode and
// reason (reference §2.3). The docs name no code; the emulator uses OAuth's invalid_grant, what
// the same condition is called on generate-token, with HTTP 400 as there.
func refreshTokenRefused() *apiError {
	return &apiError{HTTPStatus: http.StatusBadRequest, Code: codeInvalidGrant,
		Reason: "리프레시 토큰이 유효하지 않아요. 만료되었거나(14일) 로그인이 끊겼어요. 다시 로그인해 주세요."}
}
func invalidBearerToken() *oauthError { return &oauthError{HTTPStatus: http.StatusUnauthorized} }

// writeEnvelope renders a handler's outcome as the partner API does.
func writeEnvelope(w http.ResponseWriter, payload any, err error) {
	if err == nil {
		writeJSON(w, http.StatusOK, envelope{ResultType: "SUCCESS", Success: payload})
		return
	}
	var oauth *oauthError
	if errors.As(err, &oauth) {
		writeJSON(w, oauth.HTTPStatus, map[string]string{"error": "invalid_grant"})
		return
	}
	var unsettled *unsettledResult
	if errors.As(err, &unsettled) {
		writeJSON(w, http.StatusOK, envelope{ResultType: unsettled.ResultType, Success: nil})
		return
	}
	writeFail(w, asAPIError(err))
}

func writeFail(w http.ResponseWriter, e *apiError) {
	if secs, ok := e.Data["retryAfterSeconds"].(int); ok {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	family := familyOf(e)
	writeJSON(w, e.HTTPStatus, envelope{ResultType: "FAIL", Success: nil,
		Error: &errorBody{ErrorType: family.ErrorType, ErrorCode: e.Code, Reason: e.Reason, Data: e.Data, Title: family.Title}})
}

func asAPIError(err error) *apiError {
	var e *apiError
	if errors.As(err, &e) {
		return e
	}
	return internalError()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"resultType":"FAIL","success":null,"error":{"errorCode":"INTERNAL_ERROR","reason":"encoding failed"}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// decodeBody unmarshals a required JSON object body. Unknown fields are tolerated (the API adds
// fields over time); wrong types and malformed JSON are a 400 naming the field.
func decodeBody(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return invalidParameter("body", "요청 본문(JSON 객체)이 필요해요.")
	}
	return decodeOptionalBody(body, v)
}

// decodeOptionalBody is decodeBody for endpoints whose body may be empty (get-key sends {} or
// nothing).
func decodeOptionalBody(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return jsonProblem(err)
	}
	return nil
}

func jsonProblem(err error) *apiError {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		field := typeErr.Field
		if field == "" {
			return invalidParameter("body", "요청 본문은 JSON 객체여야 해요.")
		}
		return invalidParameter(field, fmt.Sprintf("%s 값은 %s 형식이어야 해요. (받은 값: JSON %s)", field, jsonTypeName(typeErr.Type), typeErr.Value))
	}
	return invalidParameter("body", "요청 본문이 올바른 JSON이 아니에요.")
}

func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "문자열"
	case reflect.Bool:
		return "불리언(true/false)"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "정수"
	case reflect.Float32, reflect.Float64:
		return "숫자"
	case reflect.Slice, reflect.Array:
		return "배열"
	default:
		return "객체"
	}
}
