package emulator

import "net/http"

// errorFamily is what a FAIL error object's errorType (integer) and title (string) say. The OAS
// declares both fields (reference §1.4, §13.3) but documents no values, so the emulator numbers
// the families of errors it answers with and gives each a Korean title; api/openapi.yaml lists
// them under ErrorBody's x-emulator-error-families. Family 0 with the title 요청 실패 is the one
// the docs' full error sample shows (api/golden/common-fail-success-null.json).
type errorFamily struct {
	ErrorType int    `json:"errorType"`
	Title     string `json:"title"`
}

var (
	// familyRequest: the request itself is wrong (bad or missing data, too large).
	familyRequest = errorFamily{0, "요청 실패"}
	// familyAuthentication: the caller, user, token or key is not known.
	familyAuthentication = errorFamily{1, "인증 실패"}
	// familyPermission: known, but not allowed (no agreement, template not approved).
	familyPermission = errorFamily{2, "권한 없음"}
	// familyNotFound: what the request names does not exist.
	familyNotFound = errorFamily{3, "찾을 수 없음"}
	// familyState: the request is well formed but the state forbids it (duplicates, budgets,
	// used keys, conflicts).
	familyState = errorFamily{4, "처리할 수 없는 요청"}
	// familyRateLimit: too many requests; wait retryAfterSeconds.
	familyRateLimit = errorFamily{5, "요청 한도 초과"}
	// familyTemporary: Toss' side failed or is in maintenance; try again later.
	familyTemporary = errorFamily{6, "일시적인 오류"}
)

// familyOfCode places the codes whose HTTP status alone would say too little: business errors
// come back with HTTP 200 whatever their family.
var familyOfCode = map[string]errorFamily{
	"4010":                   familyAuthentication,
	codeUserNotFound:         familyAuthentication,
	codeUserKeyNotFound:      familyAuthentication,
	codeInvalidGrant:         familyAuthentication,
	"4100":                   familyNotFound,
	"4111":                   familyNotFound,
	"4110":                   familyTemporary,
	codeInternalError:        familyTemporary,
	codeBreakTimeOfBank:      familyTemporary,
	codeRateLimited:          familyRateLimit,
	codeInvalidParameter:     familyRequest,
	codePayloadTooLarge:      familyRequest,
	codeNotFound:             familyNotFound,
	codeForbidden:            familyPermission,
	codeUnauthorized:         familyAuthentication,
	codeConflict:             familyState,
	codeIdempotencyKeyReused: familyState,
	codePaymentExisting:      familyState,
	codePaymentInvalidStatus: familyState,
}

// familyOf is the family of an error: by its code, else by its HTTP status (every other HTTP 200
// FAIL is a business rule, hence familyState).
func familyOf(e *apiError) errorFamily {
	if f, ok := familyOfCode[e.Code]; ok {
		return f
	}
	switch {
	case e.HTTPStatus == http.StatusBadRequest, e.HTTPStatus == http.StatusRequestEntityTooLarge:
		return familyRequest
	case e.HTTPStatus == http.StatusUnauthorized:
		return familyAuthentication
	case e.HTTPStatus == http.StatusForbidden:
		return familyPermission
	case e.HTTPStatus == http.StatusNotFound:
		return familyNotFound
	case e.HTTPStatus == http.StatusTooManyRequests:
		return familyRateLimit
	case e.HTTPStatus >= http.StatusInternalServerError:
		return familyTemporary
	}
	return familyState
}
