package emulator

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Lifetimes of Toss-login credentials (reference §2.1).
const (
	authCodeTTL     = 10 * time.Minute
	accessTokenTTL  = time.Hour
	refreshTokenTTL = 14 * 24 * time.Hour
)

// authCode is what appLogin() hands the mini-app: single use, ten minutes.
type authCode struct {
	Code      string    `json:"code"`
	UserKey   int64     `json:"userKey"`
	Referrer  string    `json:"referrer"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// token is an access or refresh token. Pair links an access token to the refresh token issued
// with it (and back), so revoking one revokes the grant.
type token struct {
	UserKey   int64     `json:"userKey"`
	Scopes    []string  `json:"scopes"`
	ExpiresAt time.Time `json:"expiresAt"`
	Pair      string    `json:"pair,omitempty"`
	// Fixed tokens come from a seed file and never expire (an emulator convenience).
	Fixed bool `json:"fixed,omitempty"`
}

func (t *token) expired(now time.Time) bool { return !t.Fixed && !now.Before(t.ExpiresAt) }

// normalizeReferrer accepts appLogin()'s referrer in both documented spellings (reference §10.9:
// "sandbox" in the guide, "SANDBOX" in the SDK type) and DEFAULT; empty means DEFAULT.
func normalizeReferrer(s string) (string, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "DEFAULT":
		return "DEFAULT", true
	case "SANDBOX":
		return "SANDBOX", true
	}
	return "", false
}

func (a *appState) newAuthCode(userKey int64, referrer string, now time.Time) *authCode {
	c := &authCode{Code: randomBase64URL(24), UserKey: userKey, Referrer: referrer, ExpiresAt: now.Add(authCodeTTL)}
	a.AuthCodes[c.Code] = c
	return c
}

// tokenResponse is the success of generate-token and refresh-token. expiresIn is a number, as in
// the sample (3599), and scope is space-separated, as in the token sample (reference §10.8).
type tokenResponse struct {
	TokenType    string `json:"tokenType"`
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
	ExpiresIn    int    `json:"expiresIn"`
	Scope        string `json:"scope"`
}

func (a *appState) issueTokens(u *user, now time.Time) tokenResponse {
	access := newAccessToken(u.Scopes, now)
	refresh := randomBase64URL(32)
	a.AccessTokens[access] = &token{UserKey: u.UserKey, Scopes: u.Scopes, ExpiresAt: now.Add(accessTokenTTL), Pair: refresh}
	a.RefreshTokens[refresh] = &token{UserKey: u.UserKey, Scopes: u.Scopes, ExpiresAt: now.Add(refreshTokenTTL), Pair: access}
	return tokenResponse{TokenType: "Bearer", AccessToken: access, RefreshToken: refresh,
		ExpiresIn: int(accessTokenTTL/time.Second) - 1, Scope: strings.Join(u.Scopes, " ")}
}

func (a *appState) issueFixedTokens(u *user, access, refresh string) {
	if access != "" {
		a.AccessTokens[access] = &token{UserKey: u.UserKey, Scopes: u.Scopes, Fixed: true, Pair: refresh}
	}
	if refresh != "" {
		a.RefreshTokens[refresh] = &token{UserKey: u.UserKey, Scopes: u.Scopes, Fixed: true, Pair: access}
	}
}

// newAccessToken is JWT-shaped like the docs' sample (header {"kid":"cert","alg":"RS256"},
// claims iss/scope/exp/iat/jti). The signature is random: clients must treat it as opaque.
func newAccessToken(scopes []string, now time.Time) string {
	enc := base64.RawURLEncoding
	header, _ := json.Marshal(map[string]string{"kid": "cert", "alg": "RS256"})
	claims, _ := json.Marshal(map[string]any{"iss": "https://cert.toss.im", "scope": scopes,
		"iat": now.Unix(), "exp": now.Add(accessTokenTTL).Unix(), "jti": newUUIDv7()})
	return enc.EncodeToString(header) + "." + enc.EncodeToString(claims) + "." + enc.EncodeToString(randomBytes(32))
}

// bearerToken reads "Authorization: Bearer <token>" (scheme case-insensitive).
func bearerToken(c *call) string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(c.r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// generateToken trades an authorization code for tokens. A bad, expired or reused code is the
// bare {"error":"invalid_grant"}.
func (e *Emulator) generateToken(c *call) (any, error) {
	var req struct {
		AuthorizationCode *string `json:"authorizationCode"`
		Referrer          *string `json:"referrer"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.AuthorizationCode == nil || *req.AuthorizationCode == "" {
		return nil, invalidParameter("authorizationCode", "authorizationCode가 필요해요.")
	}
	if req.Referrer == nil || *req.Referrer == "" {
		return nil, invalidParameter("referrer", "referrer가 필요해요.")
	}
	if _, ok := normalizeReferrer(*req.Referrer); !ok {
		return nil, invalidParameter("referrer", "referrer는 DEFAULT 또는 SANDBOX여야 해요.")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		code, ok := a.AuthCodes[*req.AuthorizationCode]
		if !ok {
			return nil, invalidGrant()
		}
		delete(a.AuthCodes, code.Code) // single use, even when it turns out expired
		u, known := a.Users[code.UserKey]
		if !known || !c.now.Before(code.ExpiresAt) {
			return nil, invalidGrant()
		}
		return a.issueTokens(u, c.now), nil
	})
}

// refreshToken issues a new access token for a refresh token. The docs do not say whether
// refresh tokens rotate (reference §2.1, §10.13); they give the refresh token a 14-day life, and
// the provider's login data sources are built on using one refresh token for that whole time.
// So the emulator does not rotate: the answer carries the same refresh token, which stays valid
// until it expires or is revoked. A refused refresh token is the documented failure envelope
// (errorCode and reason, reference §2.3), not the bare form generate-token and login-me use.
func (e *Emulator) refreshToken(c *call) (any, error) {
	var req struct {
		RefreshToken *string `json:"refreshToken"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.RefreshToken == nil || *req.RefreshToken == "" {
		return nil, invalidParameter("refreshToken", "refreshToken이 필요해요.")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		refresh, ok := a.RefreshTokens[*req.RefreshToken]
		if !ok || refresh.expired(c.now) {
			return nil, refreshTokenRefused()
		}
		u, known := a.Users[refresh.UserKey]
		if !known {
			return nil, refreshTokenRefused()
		}
		access := newAccessToken(u.Scopes, c.now)
		a.AccessTokens[access] = &token{UserKey: u.UserKey, Scopes: u.Scopes, ExpiresAt: c.now.Add(accessTokenTTL), Pair: *req.RefreshToken}
		if !refresh.Fixed {
			refresh.Pair = access
		}
		return tokenResponse{TokenType: "Bearer", AccessToken: access, RefreshToken: *req.RefreshToken,
			ExpiresIn: int(accessTokenTTL/time.Second) - 1, Scope: strings.Join(u.Scopes, " ")}, nil
	})
}

// userOfBearer resolves the access token of the Authorization header, or answers 401
// invalid_grant.
func (a *appState) userOfBearer(c *call) (*user, string, error) {
	tok := bearerToken(c)
	t, ok := a.AccessTokens[tok]
	if tok == "" || !ok || t.expired(c.now) {
		return nil, "", invalidBearerToken()
	}
	u, ok := a.Users[t.UserKey]
	if !ok {
		return nil, "", businessError(codeUserKeyNotFound, "로그인 서비스의 사용자 키를 찾을 수 없어요.")
	}
	return u, tok, nil
}

// loginMe returns the user with personal fields encrypted (reference §2.4, §2.5). Only fields
// whose scope the user agreed to are present; di is always null; email is null when the user
// agreed to user_email but has none. The scope string is comma-separated with user_key appended,
// stray space included, exactly as the docs' sample shows it.
func (e *Emulator) loginMe(c *call) (any, error) {
	e.mu.Lock()
	a := e.st.app(c.app)
	u, _, err := a.userOfBearer(c)
	if err != nil {
		e.mu.Unlock()
		return nil, err
	}
	profile := *u
	e.mu.Unlock()

	secret := e.loginSecret(c.app)
	key, err := decodeLoginKey(secret.DecryptionKey)
	if err != nil {
		return nil, internalError()
	}
	out := map[string]any{
		"userKey":     profile.UserKey,
		"scope":       loginMeScope(profile.Scopes),
		"agreedTerms": profile.AgreedTerms,
		"di":          nil,
	}
	for _, f := range scopeOfField {
		if !slices.Contains(profile.Scopes, f.scope) {
			continue
		}
		name := strings.TrimPrefix(f.scope, "user_")
		value := f.value(&profile)
		if value == "" {
			out[name] = nil
			continue
		}
		enc, err := encryptPersonalField(key, secret.AAD, value)
		if err != nil {
			return nil, internalError()
		}
		out[name] = enc
	}
	return out, nil
}

func loginMeScope(scopes []string) string {
	if len(scopes) == 0 {
		return "user_key"
	}
	return strings.Join(scopes, ",") + ", user_key"
}

// removeByAccessToken revokes the token of the Authorization header and the refresh token issued
// with it. It does not fire the unlink callback (reference §2.6).
func (e *Emulator) removeByAccessToken(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		u, tok, err := a.userOfBearer(c)
		if err != nil {
			return nil, err
		}
		if pair := a.AccessTokens[tok].Pair; pair != "" {
			delete(a.RefreshTokens, pair)
		}
		delete(a.AccessTokens, tok)
		return map[string]any{"userKey": u.UserKey}, nil
	})
}

// removeByUserKey revokes every token of a user. The docs disagree on whether an Authorization
// header is sent (reference §10.5); the emulator accepts the call with or without one.
func (e *Emulator) removeByUserKey(c *call) (any, error) {
	var req struct {
		UserKey *int64 `json:"userKey"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.UserKey == nil || *req.UserKey <= 0 {
		return nil, invalidParameter("userKey", "userKey(양의 정수)가 필요해요.")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		if _, ok := a.Users[*req.UserKey]; !ok {
			return nil, businessError(codeUserKeyNotFound, "로그인 서비스의 사용자 키를 찾을 수 없어요.")
		}
		for _, tokens := range []map[string]*token{a.AccessTokens, a.RefreshTokens} {
			for k, t := range tokens {
				if t.UserKey == *req.UserKey {
					delete(tokens, k)
				}
			}
		}
		return map[string]any{"userKey": *req.UserKey}, nil
	})
}

// LoginSecret is an app's login decryption key and AAD, as the console would e-mail them.
func (e *Emulator) LoginSecret(app string) LoginSecret { return e.loginSecret(app) }

// DefaultApp is the mini-app of client.pem: the app seeds belong to unless they name another.
func (e *Emulator) DefaultApp() string { return e.certs.DefaultApp }

// loginSecret is the app's key and AAD: from login-secrets.json, or generated on first sight for
// an app that only has a certificate.
func (e *Emulator) loginSecret(app string) LoginSecret {
	if s, ok := e.certs.LoginSecrets[app]; ok {
		return s
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	s, ok := e.st.GeneratedSecrets[app]
	if !ok {
		s = newLoginSecret(app)
		e.st.GeneratedSecrets[app] = s
	}
	return s
}
