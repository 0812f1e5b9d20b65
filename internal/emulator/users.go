package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// user is one Toss user of one mini-app. userKey is per mini-app (reference §2.4), so the same
// person in two apps is two users here.
type user struct {
	UserKey     int64    `json:"userKey"`
	Name        string   `json:"name,omitempty"`
	Phone       string   `json:"phone,omitempty"`
	Email       string   `json:"email,omitempty"`
	Gender      string   `json:"gender,omitempty"`
	Birthday    string   `json:"birthday,omitempty"`
	Nationality string   `json:"nationality,omitempty"`
	CI          string   `json:"ci,omitempty"`
	Scopes      []string `json:"scopes"`
	AgreedTerms []string `json:"agreedTerms"`
	// AnonKey is the user's hash from getAnonymousKey() for this app (reference §7.1).
	AnonKey string `json:"anonKey"`
	// NotificationAgreed says the user accepted the app's 알림 동의문; templates with
	// agreementRequired only reach such users.
	NotificationAgreed bool `json:"notificationAgreed"`
	// RewardBlocked makes execute-promotion answer 4110 for this user, standing in for Toss'
	// "cannot grant" internal failure.
	RewardBlocked bool `json:"rewardBlocked,omitempty"`
}

// UserSpec describes a user for POST /_emulator/users and the "users" of a seed file. Every field
// is optional; personal fields that are set are returned (encrypted) by login-me.
type UserSpec struct {
	// App is the mini-app the user belongs to (seed files only; admin calls use the certificate's
	// app). Default: the app of client.pem.
	App         string   `json:"app,omitempty"`
	UserKey     int64    `json:"userKey,omitempty"`
	Name        string   `json:"name,omitempty"`
	Phone       string   `json:"phone,omitempty"`
	Email       string   `json:"email,omitempty"`
	Gender      string   `json:"gender,omitempty"`
	Birthday    string   `json:"birthday,omitempty"`
	Nationality string   `json:"nationality,omitempty"`
	CI          string   `json:"ci,omitempty"`
	Scopes      []string `json:"scopes,omitempty"`
	AgreedTerms []string `json:"agreedTerms,omitempty"`
	AnonKey     string   `json:"anonKey,omitempty"`
	// Referrer of the authorization code handed back (DEFAULT or SANDBOX; default DEFAULT).
	Referrer string `json:"referrer,omitempty"`
	// AccessToken and RefreshToken, when set, are fixed tokens that never expire while the
	// emulator runs: an emulator convenience for demos and smoke tests, not real behaviour.
	AccessToken        string `json:"accessToken,omitempty"`
	RefreshToken       string `json:"refreshToken,omitempty"`
	NotificationAgreed *bool  `json:"notificationAgreed,omitempty"`
	RewardBlocked      bool   `json:"rewardBlocked,omitempty"`
}

// scopeOfField maps personal fields to the console's scopes, in the order of the docs' sample.
var scopeOfField = []struct {
	scope string
	value func(u *user) string
}{
	{"user_ci", func(u *user) string { return u.CI }},
	{"user_birthday", func(u *user) string { return u.Birthday }},
	{"user_nationality", func(u *user) string { return u.Nationality }},
	{"user_name", func(u *user) string { return u.Name }},
	{"user_phone", func(u *user) string { return u.Phone }},
	{"user_gender", func(u *user) string { return u.Gender }},
	{"user_email", func(u *user) string { return u.Email }},
}

var birthdayPattern = regexp.MustCompile(`^\d{8}$`)

func (s UserSpec) validate() error {
	if s.UserKey < 0 || s.UserKey >= 1<<53 {
		return invalidParameter("userKey", "userKey must be a positive integer below 2^53")
	}
	if s.Gender != "" && s.Gender != "MALE" && s.Gender != "FEMALE" {
		return invalidParameter("gender", "gender must be MALE or FEMALE")
	}
	if s.Nationality != "" && s.Nationality != "LOCAL" && s.Nationality != "FOREIGNER" {
		return invalidParameter("nationality", "nationality must be LOCAL or FOREIGNER")
	}
	if s.Birthday != "" {
		if _, err := time.Parse("20060102", s.Birthday); err != nil || !birthdayPattern.MatchString(s.Birthday) {
			return invalidParameter("birthday", "birthday must be yyyyMMdd")
		}
	}
	if s.Referrer != "" {
		if _, ok := normalizeReferrer(s.Referrer); !ok {
			return invalidParameter("referrer", "referrer must be DEFAULT or SANDBOX")
		}
	}
	return nil
}

// createUser adds a user to an app and hands back a fresh authorization code. Call with e.mu held.
func (e *Emulator) createUser(a *appState, spec UserSpec, now time.Time) (*user, *authCode, error) {
	if err := spec.validate(); err != nil {
		return nil, nil, err
	}
	key := spec.UserKey
	if key == 0 {
		key = e.unusedUserKey()
	} else if e.userKeyTaken(key) {
		return nil, nil, conflict(fmt.Sprintf("userKey %d already exists", key))
	}
	u := &user{UserKey: key, Name: spec.Name, Phone: spec.Phone, Email: spec.Email, Gender: spec.Gender,
		Birthday: spec.Birthday, Nationality: spec.Nationality, CI: spec.CI,
		AgreedTerms: spec.AgreedTerms, AnonKey: spec.AnonKey, NotificationAgreed: true,
		RewardBlocked: spec.RewardBlocked}
	if spec.NotificationAgreed != nil {
		u.NotificationAgreed = *spec.NotificationAgreed
	}
	if u.AgreedTerms == nil {
		u.AgreedTerms = []string{}
	}
	u.Scopes = spec.Scopes
	if u.Scopes == nil {
		u.Scopes = []string{}
		for _, f := range scopeOfField {
			if f.value(u) != "" {
				u.Scopes = append(u.Scopes, f.scope)
			}
		}
	}
	if u.AnonKey == "" {
		u.AnonKey = randomHex(32)
	}
	a.Users[key] = u
	if spec.AccessToken != "" || spec.RefreshToken != "" {
		a.issueFixedTokens(u, spec.AccessToken, spec.RefreshToken)
	}
	referrer, _ := normalizeReferrer(spec.Referrer)
	return u, a.newAuthCode(u.UserKey, referrer, now), nil
}

// userKeyTaken keeps keys unique across apps, so a key used in the wrong app is caught.
func (e *Emulator) userKeyTaken(key int64) bool {
	for _, a := range e.st.Apps {
		if _, ok := a.Users[key]; ok {
			return true
		}
	}
	return false
}

func (e *Emulator) unusedUserKey() int64 {
	for {
		if k := randomUserKey(); !e.userKeyTaken(k) {
			return k
		}
	}
}

// User identification headers (reference §1.6).
const (
	headerUserKey = "x-toss-user-key"
	headerAnonKey = "x-anon-key"
)

// userFromHeaders finds the calling user: x-toss-user-key (a number sent as a string), or, per
// the 2026 update the reference reports for promotion, messages and Toss Pay, x-anon-key.
// A user the app does not know is refused: a wrong key is a bug the emulator should surface.
func (a *appState) userFromHeaders(r *http.Request, allowAnon bool, unknown func(string) error) (*user, error) {
	raw := strings.TrimSpace(r.Header.Get(headerUserKey))
	if raw == "" && allowAnon {
		if anon := strings.TrimSpace(r.Header.Get(headerAnonKey)); anon != "" {
			if u := a.userByAnonKey(anon); u != nil {
				return u, nil
			}
			return nil, unknown(headerAnonKey)
		}
	}
	if raw == "" {
		return nil, invalidParameter(headerUserKey, "x-toss-user-key 헤더가 필요해요.")
	}
	key, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || key <= 0 {
		return nil, invalidParameter(headerUserKey, "x-toss-user-key는 양의 정수여야 해요.")
	}
	u, ok := a.Users[key]
	if !ok {
		return nil, unknown(headerUserKey)
	}
	return u, nil
}

// unknownUser401 is the answer of endpoints that declare 401 for an unauthenticated user
// (messenger, promotion).
func unknownUser401(header string) error {
	return &apiError{HTTPStatus: http.StatusUnauthorized, Code: codeUserNotFound,
		Reason: "인증되지 않은 사용자예요.", Data: map[string]any{"field": header}}
}

// unknownUser400 is the answer of endpoints that only declare 400 (Toss Pay, IAP).
func unknownUser400(header string) error {
	return invalidParameter(header, "이 미니앱에 없는 사용자예요.")
}
