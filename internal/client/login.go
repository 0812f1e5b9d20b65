package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Toss login (reference §2), on the partner host. Only the reads the provider needs are here:
// renewing an access token from a refresh token, and login-me. Exchanging authorization codes and
// revoking logins are deliberately absent: codes are single use, and Terraform plans and applies
// read more than once.

const (
	loginRefreshTokenPath = "/api-partner/v1/apps-in-toss/user/oauth2/refresh-token"
	loginMePath           = "/api-partner/v1/apps-in-toss/user/oauth2/login-me"
)

// maxUserKey is the largest userKey the wire contract allows (below 2^53: exact in JSON numbers).
const maxUserKey = 1<<53 - 1

// LoginTokens is the success of refresh-token (and generate-token).
type LoginTokens struct {
	TokenType    string
	AccessToken  string
	RefreshToken string
	// ExpiresIn is the access token's lifetime in seconds (the docs: 1 hour, sample 3599). The doc
	// table says string, the samples a number: both are accepted.
	ExpiresIn int64
	// Scope is the granted scopes. The token responses separate them with spaces; ParseScope also
	// accepts commas.
	Scope []string
}

type tokenPayload struct {
	TokenType    string  `json:"tokenType"`
	AccessToken  string  `json:"accessToken"`
	RefreshToken string  `json:"refreshToken"`
	ExpiresIn    flexInt `json:"expiresIn"`
	Scope        string  `json:"scope"`
}

// RefreshLoginToken renews the access token with a refresh token (POST refresh-token). An
// invalid, expired or revoked refresh token is an *APIError with ErrorCode CodeInvalidGrant (the
// bare {"error":"invalid_grant"} form) or a FAIL envelope with the server's errorCode.
//
// The call is sent as a Read, so the pipeline retries it after transport errors and 5xx answers.
// Whether Toss rotates refresh tokens is not documented (reference §2.1). If it does not,
// retrying is harmless. If it does, the request whose answer was lost may already have spent the
// token; then the retry gets invalid_grant — and so would the caller's next attempt without a
// retry, because the only copy of the new token was in the lost answer. Retrying can therefore
// only turn a failure into a success, never the other way round, and never moves money.
func (c *Client) RefreshLoginToken(ctx context.Context, refreshToken string) (*LoginTokens, error) {
	if refreshToken == "" {
		return nil, errors.New("a refresh token is required")
	}
	var p tokenPayload
	err := c.Do(ctx, Call{
		Host:   PartnerAPI,
		Method: http.MethodPost,
		Path:   loginRefreshTokenPath,
		Body:   map[string]string{"refreshToken": refreshToken},
		Safety: Read,
	}, &p)
	if err != nil {
		return nil, err
	}
	if p.AccessToken == "" {
		return nil, &UnexpectedResponseError{Method: http.MethodPost, Path: loginRefreshTokenPath, HTTPStatus: http.StatusOK,
			Problem: "the token response has no accessToken"}
	}
	return &LoginTokens{TokenType: p.TokenType, AccessToken: p.AccessToken, RefreshToken: p.RefreshToken,
		ExpiresIn: p.ExpiresIn.Value, Scope: ParseScope(p.Scope)}, nil
}

// LoginUser is what login-me says about the logged-in user.
type LoginUser struct {
	UserKey int64
	// Scope is the agreed scopes (login-me separates them with commas and a stray space; since
	// 2026-01-02 it includes user_key). Unknown scopes are kept as they are.
	Scope       []string
	AgreedTerms []string
	// Personal holds the decrypted personal fields. It is nil when the client has no login
	// decryption key: the encrypted values are then dropped, never kept or returned.
	Personal *PersonalInfo
}

// PersonalInfo is login-me's personal fields, decrypted. A nil field was absent (the user did not
// agree to its scope) or null (e.g. a user without e-mail).
type PersonalInfo struct {
	Name        *string
	Phone       *string
	Email       *string
	Gender      *string // MALE or FEMALE
	Birthday    *string // yyyyMMdd
	Nationality *string // LOCAL or FOREIGNER
	CI          *string
	// CallingCode appears only in the OAS sample ("82"), where it is not encrypted; it is
	// decrypted when it is a ciphertext and taken as it is when it is a plain country code.
	CallingCode *string
}

type loginMePayload struct {
	UserKey     flexInt  `json:"userKey"`
	Scope       string   `json:"scope"`
	AgreedTerms []string `json:"agreedTerms"`
	Name        *string  `json:"name"`
	Phone       *string  `json:"phone"`
	Email       *string  `json:"email"`
	Gender      *string  `json:"gender"`
	Birthday    *string  `json:"birthday"`
	Nationality *string  `json:"nationality"`
	CI          *string  `json:"ci"`
	CallingCode *string  `json:"callingCode"`
}

// plainCallingCode is a country calling code sent in clear, as in the OAS sample.
var plainCallingCode = regexp.MustCompile(`^\+?[0-9]{1,4}$`)

// LoginMe reads the user of an access token (GET login-me). With a login decryption key the
// personal fields are decrypted; a key or AAD that does not fit is a *LoginDecryptionError. An
// invalid or expired access token is an *APIError with ErrorCode CodeInvalidGrant.
func (c *Client) LoginMe(ctx context.Context, accessToken string) (*LoginUser, error) {
	if accessToken == "" {
		return nil, errors.New("an access token is required")
	}
	var p loginMePayload
	err := c.Do(ctx, Call{
		Host:   PartnerAPI,
		Method: http.MethodGet,
		Path:   loginMePath,
		Header: map[string]string{"Authorization": "Bearer " + accessToken},
		Safety: Read,
	}, &p)
	if err != nil {
		return nil, err
	}
	if !p.UserKey.Set || p.UserKey.Value <= 0 || p.UserKey.Value > maxUserKey {
		return nil, &UnexpectedResponseError{Method: http.MethodGet, Path: loginMePath, HTTPStatus: http.StatusOK,
			Problem: "userKey is missing or not a positive integer below 2^53"}
	}
	u := &LoginUser{UserKey: p.UserKey.Value, Scope: ParseScope(p.Scope), AgreedTerms: p.AgreedTerms}
	if u.AgreedTerms == nil {
		u.AgreedTerms = []string{}
	}
	if !c.HasLoginDecryptionKey() {
		return u, nil
	}
	info := &PersonalInfo{}
	for _, f := range []struct {
		name string
		in   *string
		out  **string
	}{
		{"name", p.Name, &info.Name},
		{"phone", p.Phone, &info.Phone},
		{"email", p.Email, &info.Email},
		{"gender", p.Gender, &info.Gender},
		{"birthday", p.Birthday, &info.Birthday},
		{"nationality", p.Nationality, &info.Nationality},
		{"ci", p.CI, &info.CI},
		{"callingCode", p.CallingCode, &info.CallingCode},
	} {
		if f.in == nil || *f.in == "" {
			continue
		}
		plain, err := c.decryptLoginField(f.name, *f.in)
		if err != nil {
			if f.name == "callingCode" && plainCallingCode.MatchString(*f.in) {
				v := *f.in
				*f.out = &v
				continue
			}
			return nil, err
		}
		*f.out = &plain
	}
	u.Personal = info
	return u, nil
}

// ParseScope splits a scope string on commas and white space, trims each entry and drops empty
// ones: login-me sends "a,b, user_key", the token responses "a b c". Order is kept.
func ParseScope(s string) []string {
	out := make([]string, 0)
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// flexInt decodes an integer sent as a JSON number or as a string of digits (the docs disagree on
// several fields, reference §10.8); null or absent leaves Set false.
type flexInt struct {
	Value int64
	Set   bool
}

func (f *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*f = flexInt{}
		return nil
	}
	text := string(b)
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		text = strings.TrimSpace(s)
		if text == "" {
			*f = flexInt{}
			return nil
		}
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		// A JSON number like 3599.0 is still an integer.
		fl, ferr := strconv.ParseFloat(text, 64)
		if ferr != nil || fl != float64(int64(fl)) {
			return &json.UnmarshalTypeError{Value: "non-integer " + describeKind(b), Type: reflect.TypeFor[int64]()}
		}
		n = int64(fl)
	}
	*f = flexInt{Value: n, Set: true}
	return nil
}

// ptr returns a pointer to the value, or nil when it is not set.
func (f flexInt) ptr() *int64 {
	if !f.Set {
		return nil
	}
	v := f.Value
	return &v
}

func describeKind(b []byte) string {
	if len(b) > 0 && b[0] == '"' {
		return "string"
	}
	return "value"
}
