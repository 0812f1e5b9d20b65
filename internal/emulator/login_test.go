package emulator_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

type tokens struct {
	TokenType    string `json:"tokenType"`
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
	ExpiresIn    int    `json:"expiresIn"`
	Scope        string `json:"scope"`
}

var fullProfile = map[string]any{
	"name": "홍길동", "phone": "01012345678", "birthday": "19900101", "ci": "ci-value-1",
	"gender": "MALE", "nationality": "LOCAL", "email": "gildong@example.com",
	"agreedTerms": []string{"terms_tag1", "terms_tag2"},
}

func generateToken(t *testing.T, inst *emulatortest.Instance, code string) (int, []byte) {
	t.Helper()
	return inst.Do(t, http.MethodPost, partner+"/user/oauth2/generate-token",
		map[string]any{"authorizationCode": code, "referrer": "DEFAULT"}, nil)
}

func TestGenerateTokenIssuesTokensOnceForACode(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	_, code := inst.SeedUser(t, map[string]any{"name": "홍길동", "phone": "01012345678"})

	status, body := generateToken(t, inst, code)
	var tok tokens
	success(t, status, body, &tok)
	sameShape(t, "login-generate-token-success.json", body)
	if tok.TokenType != "Bearer" || tok.ExpiresIn != 3599 || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Errorf("unexpected tokens: %+v", tok)
	}
	if tok.Scope != "user_name user_phone" {
		t.Errorf("token scope is space-separated: got %q", tok.Scope)
	}
	if strings.Count(tok.AccessToken, ".") != 2 {
		t.Errorf("access token should be JWT-shaped, got %q", tok.AccessToken)
	}

	status, body = generateToken(t, inst, code)
	if status != http.StatusBadRequest || string(body) != "{\"error\":\"invalid_grant\"}\n" {
		t.Fatalf("reused code: want 400 bare invalid_grant, got %d %s", status, body)
	}
	sameShape(t, "login-generate-token-invalid-grant.json", body)
}

func TestGenerateTokenRefusesUnknownAndExpiredCodes(t *testing.T) {
	inst, clock := startWithClock(t, emulator.DefaultConfig())
	status, body := generateToken(t, inst, "no-such-code")
	if status != http.StatusBadRequest || !strings.Contains(string(body), "invalid_grant") {
		t.Fatalf("unknown code: got %d %s", status, body)
	}
	_, code := inst.SeedUser(t, nil)
	clock.Advance(10*time.Minute + time.Second)
	if status, body = generateToken(t, inst, code); status != http.StatusBadRequest || !strings.Contains(string(body), "invalid_grant") {
		t.Fatalf("expired code: got %d %s", status, body)
	}
	// A code just inside its ten minutes still works.
	userKey, _ := inst.SeedUser(t, nil)
	code = inst.NewAuthorizationCode(t, userKey)
	clock.Advance(9*time.Minute + 59*time.Second)
	status, body = generateToken(t, inst, code)
	success(t, status, body, nil)
}

func TestGenerateTokenValidatesTheRequest(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	_, code := inst.SeedUser(t, nil)
	// Sent raw: the contract itself refuses this request.
	resp, err := inst.RawDo(t, http.MethodPost, partner+"/user/oauth2/generate-token",
		map[string]any{"authorizationCode": code, "referrer": "BOGUS"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	invalidField(t, resp.Status, resp.Body, "referrer")
	// Both documented spellings of the sandbox referrer are accepted (reference §10.9).
	for _, referrer := range []string{"SANDBOX", "sandbox"} {
		code := inst.NewAuthorizationCode(t, mustUserKey(t, inst))
		st, b := inst.Do(t, http.MethodPost, partner+"/user/oauth2/generate-token",
			map[string]any{"authorizationCode": code, "referrer": referrer}, nil)
		success(t, st, b, nil)
	}
}

func mustUserKey(t *testing.T, inst *emulatortest.Instance) int64 {
	t.Helper()
	k, _ := inst.SeedUser(t, nil)
	return k
}

func TestLoginMeEncryptsPersonalFieldsWithTheAppKey(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, code := inst.SeedUser(t, fullProfile)
	var tok tokens
	st, b := generateToken(t, inst, code)
	success(t, st, b, &tok)

	status, body := inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil,
		map[string]string{"Authorization": "Bearer " + tok.AccessToken})
	var me map[string]any
	success(t, status, body, &me)
	sameShape(t, "login-login-me-success.json", body)
	if int64(me["userKey"].(float64)) != userKey {
		t.Errorf("userKey %v, want %d", me["userKey"], userKey)
	}
	if me["di"] != nil {
		t.Errorf("di must be null, got %v", me["di"])
	}
	if scope := me["scope"].(string); !strings.HasSuffix(scope, ", user_key") || !strings.Contains(scope, "user_name,") {
		t.Errorf("login-me scope is comma-separated and ends with user_key: %q", scope)
	}
	for field, want := range map[string]string{"name": "홍길동", "phone": "01012345678", "birthday": "19900101",
		"ci": "ci-value-1", "gender": "MALE", "nationality": "LOCAL", "email": "gildong@example.com"} {
		enc, _ := me[field].(string)
		if enc == want || enc == "" {
			t.Fatalf("%s is not encrypted: %v", field, me[field])
		}
		if got := inst.Decrypt(t, inst.AppName, enc); got != want {
			t.Errorf("%s decrypts to %q, want %q", field, got, want)
		}
	}
	// The other app's key cannot read them: the key is per app.
	otherKey, otherAAD := inst.LoginSecrets(emulator.OtherAppName)
	if _, err := emulator.DecryptPersonalField(otherKey, otherAAD, me["name"].(string)); err == nil {
		t.Error("another app's key decrypted the field")
	}
}

func TestLoginMeShowsNullEmailWhenTheUserHasNone(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	_, code := inst.SeedUser(t, map[string]any{"name": "김토스", "scopes": []string{"user_name", "user_email"}})
	var tok tokens
	st, b := generateToken(t, inst, code)
	success(t, st, b, &tok)
	status, body := inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil,
		map[string]string{"Authorization": "Bearer " + tok.AccessToken})
	var me map[string]any
	success(t, status, body, &me)
	if v, ok := me["email"]; !ok || v != nil {
		t.Errorf("email should be present and null, got %v (present %v)", v, ok)
	}
	if _, ok := me["phone"]; ok {
		t.Error("phone is outside the user's scopes and must be absent")
	}
}

func TestLoginMeRefusesBadAndExpiredTokens(t *testing.T) {
	inst, clock := startWithClock(t, emulator.DefaultConfig())
	status, body := inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil,
		map[string]string{"Authorization": "Bearer nope"})
	if status != http.StatusUnauthorized {
		t.Fatalf("bad token: want 401, got %d %s", status, body)
	}
	sameShape(t, "login-login-me-invalid-grant.json", body)

	_, code := inst.SeedUser(t, nil)
	var tok tokens
	st, b := generateToken(t, inst, code)
	success(t, st, b, &tok)
	clock.Advance(time.Hour)
	status, body = inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil,
		map[string]string{"Authorization": "Bearer " + tok.AccessToken})
	if status != http.StatusUnauthorized || !strings.Contains(string(body), "invalid_grant") {
		t.Fatalf("expired token: want 401 invalid_grant, got %d %s", status, body)
	}
}

func TestRefreshTokenRotatesAndExpires(t *testing.T) {
	inst, clock := startWithClock(t, emulator.DefaultConfig())
	_, code := inst.SeedUser(t, map[string]any{"name": "홍길동"})
	var tok tokens
	st, b := generateToken(t, inst, code)
	success(t, st, b, &tok)

	refresh := func(rt string) (int, []byte) {
		return inst.Do(t, http.MethodPost, partner+"/user/oauth2/refresh-token", map[string]any{"refreshToken": rt}, nil)
	}
	status, body := refresh(tok.RefreshToken)
	var next tokens
	success(t, status, body, &next)
	sameShape(t, "login-refresh-token-success.json", body)
	if next.AccessToken == tok.AccessToken || next.RefreshToken != tok.RefreshToken {
		t.Error("refresh must issue a new access token and keep the refresh token (no rotation)")
	}
	if status, body = refresh(tok.RefreshToken); status != http.StatusOK {
		t.Fatalf("a refresh token stays valid for its 14 days: want 200, got %d %s", status, body)
	}
	clock.Advance(14*24*time.Hour + time.Second)
	status, body = refresh(next.RefreshToken)
	// The documented failure envelope (errorCode and reason), not generate-token's bare form.
	failure(t, status, body, http.StatusBadRequest, "invalid_grant")
	sameShape(t, "login-refresh-token-invalid-grant.json", body)
}

func TestRemoveByAccessTokenRevokesTheLogin(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, code := inst.SeedUser(t, nil)
	var tok tokens
	st, b := generateToken(t, inst, code)
	success(t, st, b, &tok)
	bearer := map[string]string{"Authorization": "Bearer " + tok.AccessToken}

	status, body := inst.Do(t, http.MethodPost, partner+"/user/oauth2/access/remove-by-access-token", nil, bearer)
	var out struct{ UserKey int64 }
	success(t, status, body, &out)
	sameShape(t, "login-remove-by-access-token-success.json", body)
	if out.UserKey != userKey {
		t.Errorf("userKey %d, want %d", out.UserKey, userKey)
	}
	if status, _ := inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil, bearer); status != http.StatusUnauthorized {
		t.Errorf("revoked token still works: %d", status)
	}
	st, b = inst.Do(t, http.MethodPost, partner+"/user/oauth2/refresh-token", map[string]any{"refreshToken": tok.RefreshToken}, nil)
	failure(t, st, b, http.StatusBadRequest, "invalid_grant") // the envelope, not the bare OAuth form
}

func TestRemoveByUserKeyWithAndWithoutBearer(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	for _, withBearer := range []bool{false, true} {
		userKey, code := inst.SeedUser(t, nil)
		var tok tokens
		st, b := generateToken(t, inst, code)
		success(t, st, b, &tok)
		headers := map[string]string{}
		if withBearer {
			headers["Authorization"] = "Bearer " + tok.AccessToken
		}
		status, body := inst.Do(t, http.MethodPost, partner+"/user/oauth2/access/remove-by-user-key",
			map[string]any{"userKey": userKey}, headers)
		success(t, status, body, nil)
		sameShape(t, "login-remove-by-user-key-success.json", body)
		if st, _ := inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil,
			map[string]string{"Authorization": "Bearer " + tok.AccessToken}); st != http.StatusUnauthorized {
			t.Errorf("withBearer=%v: token still valid after remove-by-user-key", withBearer)
		}
	}
	status, body := inst.Do(t, http.MethodPost, partner+"/user/oauth2/access/remove-by-user-key",
		map[string]any{"userKey": 123456789}, nil)
	failure(t, status, body, http.StatusOK, "USER_KEY_NOT_FOUND")
}

func TestSeededFixedTokensDoNotExpire(t *testing.T) {
	cfg := emulator.DefaultConfig()
	seed, err := emulator.LoadSeed("testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed = seed
	inst, clock := startWithClock(t, cfg)
	clock.Advance(30 * 24 * time.Hour)
	status, body := inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil,
		map[string]string{"Authorization": "Bearer demo-access-token"})
	var me struct{ UserKey int64 }
	success(t, status, body, &me)
	if me.UserKey != 443731103 {
		t.Errorf("seeded user %d", me.UserKey)
	}
	for range 2 { // a fixed refresh token is never spent
		st, b := inst.Do(t, http.MethodPost, partner+"/user/oauth2/refresh-token", map[string]any{"refreshToken": "demo-refresh-token"}, nil)
		success(t, st, b, nil)
	}
}
