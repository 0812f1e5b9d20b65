package emulator

import (
	"net/http"
	"sync"
	"time"
)

// The console gateway's authorization server, as the MCP authorization spec describes it and the
// official gateway behaves (reference §13.1): discovery through RFC 8414 metadata, the
// authorization code flow with PKCE S256 for the pre-registered public client `mcp-gateway` (no
// dynamic client registration), loopback redirects (RFC 8252), refresh tokens. Here /authorize
// signs in the test console user at once, with no form.
const (
	consoleCodeLifetime    = 10 * time.Minute
	consoleRefreshLifetime = 14 * 24 * time.Hour
)

// consoleAuth holds the authorization codes and refresh tokens in flight and the key access
// tokens are signed with. Nothing here is persisted: console tokens do not survive a restart.
type consoleAuth struct {
	issuer   string
	resource string // the MCP URL: the only resource tokens are issued for
	now      func() time.Time
	lifetime time.Duration

	mu      sync.Mutex
	key     []byte
	codes   map[string]*consoleAuthCode
	refresh map[string]time.Time // refresh token → expiry
}

// consoleAuthCode is an authorization code waiting for its one exchange.
type consoleAuthCode struct {
	redirectURI   string
	codeChallenge string
	expiresAt     time.Time
}

func newConsoleAuth(issuer, resource string, cfg Config) *consoleAuth {
	return &consoleAuth{issuer: issuer, resource: resource, now: cfg.Now, lifetime: cfg.ConsoleTokenLifetime,
		key: randomBytes(32), codes: map[string]*consoleAuthCode{}, refresh: map[string]time.Time{}}
}

// consoleTokenSet is a successful token answer (RFC 6749 §5.1), kept also for the credentials
// the admin surface hands out.
type consoleTokenSet struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type"`
	ExpiresIn    int64     `json:"expires_in"`
	RefreshToken string    `json:"refresh_token"`
	issuedAt     time.Time // on the emulator's clock, in whole seconds as in the JWT
	expiry       time.Time
}

// issue signs an access token for the test console user and records a fresh refresh token.
func (a *consoleAuth) issue() (*consoleTokenSet, error) {
	now := a.now().Truncate(time.Second)
	a.mu.Lock()
	defer a.mu.Unlock()
	expiry := now.Add(a.lifetime)
	access, err := signJWT(a.key, consoleClaims{Issuer: a.issuer, Subject: consoleUserSubject, Name: consoleUserName,
		Audience: a.resource, IssuedAt: now.Unix(), Expiry: expiry.Unix(), ID: randomBase64URL(12)})
	if err != nil {
		return nil, err
	}
	refresh := randomBase64URL(32)
	a.sweepLocked(now)
	a.refresh[refresh] = now.Add(consoleRefreshLifetime)
	return &consoleTokenSet{AccessToken: access, TokenType: "Bearer", ExpiresIn: int64(a.lifetime / time.Second),
		RefreshToken: refresh, issuedAt: now, expiry: expiry}, nil
}

// revoke invalidates every access token (by replacing the signing key) and every refresh token.
func (a *consoleAuth) revoke() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.key = randomBytes(32)
	a.refresh = map[string]time.Time{}
	a.codes = map[string]*consoleAuthCode{}
}

// sweepLocked forgets expired codes and refresh tokens, so that memory stays bounded however
// many sign-ins a long-running emulator sees.
func (a *consoleAuth) sweepLocked(now time.Time) {
	for code, c := range a.codes {
		if !now.Before(c.expiresAt) {
			delete(a.codes, code)
		}
	}
	for token, expiry := range a.refresh {
		if !now.Before(expiry) {
			delete(a.refresh, token)
		}
	}
}

// authServerMetadata is RFC 8414 metadata. There is no registration_endpoint: the official
// gateway has no dynamic client registration, and clients use the client id mcp-gateway.
type authServerMetadata struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
}

func (a *consoleAuth) tokenEndpoint() string { return a.issuer + "/token" }

func (a *consoleAuth) serveMetadata(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, authServerMetadata{
		Issuer:                            a.issuer,
		AuthorizationEndpoint:             a.issuer + "/authorize",
		TokenEndpoint:                     a.tokenEndpoint(),
		ResponseTypesSupported:            []string{"code"},
		GrantTypesSupported:               []string{"authorization_code", "refresh_token"},
		CodeChallengeMethodsSupported:     []string{"S256"},
		TokenEndpointAuthMethodsSupported: []string{"none"},
	})
}
