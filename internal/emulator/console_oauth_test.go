package emulator_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
	"golang.org/x/oauth2"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

// TestConsoleSignInWithTheSDKsOwnOAuthClient drives the whole flow as an MCP client does it: a
// 401 with resource_metadata, protected-resource metadata, authorization-server metadata, the
// code flow with PKCE for the pre-registered client mcp-gateway and a loopback redirect, then
// tools/list — which must be exactly api/console-tools.json.
func TestConsoleSignInWithTheSDKsOwnOAuthClient(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	session, handler, authorizations := sdkSignIn(t, inst)
	if *authorizations != 1 {
		t.Errorf("the client signed in %d times, want 1", *authorizations)
	}
	tok := currentToken(t, handler)
	if tok.RefreshToken == "" || tok.TokenType != "Bearer" {
		t.Fatalf("token set: refresh token present %v, type %q", tok.RefreshToken != "", tok.TokenType)
	}
	claims := jwtClaims(t, tok.AccessToken)
	if claims["sub"] != "console-tester" || claims["name"] != "에뮬레이터 테스터" || claims["exp"] == nil {
		t.Errorf("access token claims %v", claims)
	}

	listed, err := session.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	assertToolsAreTheFile(t, listed.Tools)
}

// TestConsoleSDKClientRefreshesThroughTheTokenEndpoint: with a token lifetime under the oauth2
// package's 10-second margin, the SDK's client refreshes before each request, so the refresh
// grant (as golang.org/x/oauth2 sends it) and the rotation are exercised without waiting.
func TestConsoleSDKClientRefreshesThroughTheTokenEndpoint(t *testing.T) {
	cfg := emulator.DefaultConfig()
	cfg.ConsoleTokenLifetime = 9 * time.Second
	inst := startConsole(t, cfg)
	session, handler, _ := sdkSignIn(t, inst)
	first := currentToken(t, handler)
	if _, err := session.ListTools(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	callOK(t, session, "workspace_list", nil, nil)
	second := currentToken(t, handler)
	if second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
		t.Error("the SDK client did not refresh its tokens")
	}
	c := consoleHTTPClient(t, inst)
	status, body := refresh(t, inst, c, first.RefreshToken)
	wantTokenError(t, "the first refresh token, rotated away", status, body, "invalid_grant")
}

// sdkSignIn connects the SDK's MCP client with its OAuth handler: a loopback redirect URL bound
// first (the handler fixes it when built) and a fetcher that reads /authorize's redirect with a
// client that does not follow it. It returns how many sign-ins the handler asked for.
func sdkSignIn(t *testing.T, inst *emulatortest.Instance) (*mcp.ClientSession, *auth.AuthorizationCodeHandler, *int) {
	t.Helper()
	httpClient := consoleHTTPClient(t, inst)
	callback, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { callback.Close() })
	_, port, _ := net.SplitHostPort(callback.Addr().String())
	redirectURL := "http://localhost:" + port + "/callback"

	authorizations := new(int)
	handler, err := auth.NewAuthorizationCodeHandler(&auth.AuthorizationCodeHandlerConfig{
		PreregisteredClient: &oauthex.ClientCredentials{ClientID: "mcp-gateway"},
		RedirectURL:         redirectURL,
		RequestRefreshToken: true,
		Client:              httpClient,
		AuthorizationCodeFetcher: func(ctx context.Context, args *auth.AuthorizationArgs) (*auth.AuthorizationResult, error) {
			*authorizations++
			location := authorizeRedirect(t, httpClient, args.URL)
			if !strings.HasPrefix(location.String(), redirectURL+"?") {
				t.Errorf("redirected to %s, want %s?…", location, redirectURL)
			}
			return &auth.AuthorizationResult{Code: location.Query().Get("code"), State: location.Query().Get("state")}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "emulator-test", Version: "0"}, nil)
	session, err := client.Connect(t.Context(), &mcp.StreamableClientTransport{Endpoint: inst.ConsoleURL,
		HTTPClient: httpClient, OAuthHandler: handler, MaxRetries: -1}, nil)
	if err != nil {
		t.Fatalf("connect with OAuth: %v", err)
	}
	t.Cleanup(func() { _ = session.Close() })
	return session, handler, authorizations
}

func currentToken(t *testing.T, handler *auth.AuthorizationCodeHandler) *oauth2.Token {
	t.Helper()
	tokens, err := handler.TokenSource(t.Context())
	if err != nil || tokens == nil {
		t.Fatalf("no token source after sign-in: %v", err)
	}
	tok, err := tokens.Token()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// assertToolsAreTheFile compares a tools/list answer with api/console-tools.json: the same
// names, descriptions (empty), input and output schemas, nothing more.
func assertToolsAreTheFile(t *testing.T, tools []*mcp.Tool) {
	t.Helper()
	want := consoleToolsFile(t)
	var got []string
	for _, tool := range tools {
		got = append(got, tool.Name)
		file, ok := want[tool.Name]
		if !ok {
			t.Errorf("tools/list has %s, which api/console-tools.json does not", tool.Name)
			continue
		}
		if tool.Description != file.Description {
			t.Errorf("%s: description %q, want %q", tool.Name, tool.Description, file.Description)
		}
		if in := mustJSON(t, tool.InputSchema); !jsonEqual(t, []byte(in), file.InputSchema) {
			t.Errorf("%s: inputSchema %s differs from the file", tool.Name, in)
		}
		if out := mustJSON(t, tool.OutputSchema); !jsonEqual(t, []byte(out), file.OutputSchema) {
			t.Errorf("%s: outputSchema %s differs from the file", tool.Name, out)
		}
	}
	if len(got) != len(want) {
		t.Errorf("tools/list has %d tools %v, the file %d", len(got), got, len(want))
	}
}

// authorizeRedirect GETs an authorization URL and returns where it redirects.
func authorizeRedirect(t *testing.T, c *http.Client, authURL string) *url.URL {
	t.Helper()
	resp, err := c.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("/authorize: HTTP %d, want 302: %s", resp.StatusCode, body)
	}
	location, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return location
}

func jwtClaims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("the access token is not a JWT (%d parts)", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

// signIn is a hand-driven authorization code flow; it returns the code and the PKCE verifier.
type signIn struct {
	verifier, redirectURI string
}

func newSignIn() signIn {
	return signIn{verifier: "verifier-" + strings.Repeat("x", 50), redirectURI: "http://127.0.0.1:49152/callback"}
}

func (s signIn) challenge() string {
	sum := sha256.Sum256([]byte(s.verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func (s signIn) authorizeURL(inst *emulatortest.Instance, change func(url.Values)) string {
	q := url.Values{"client_id": {"mcp-gateway"}, "redirect_uri": {s.redirectURI}, "response_type": {"code"},
		"code_challenge": {s.challenge()}, "code_challenge_method": {"S256"}, "state": {"st-1"},
		"resource": {inst.ConsoleURL}}
	if change != nil {
		change(q)
	}
	return issuerOf(inst) + "/authorize?" + q.Encode()
}

func (s signIn) code(t *testing.T, inst *emulatortest.Instance, c *http.Client) string {
	t.Helper()
	location := authorizeRedirect(t, c, s.authorizeURL(inst, nil))
	if location.Query().Get("state") != "st-1" {
		t.Errorf("state not echoed: %s", location)
	}
	return location.Query().Get("code")
}

func (s signIn) exchange(t *testing.T, inst *emulatortest.Instance, c *http.Client, code string) (int, map[string]any) {
	t.Helper()
	return postForm(t, c, issuerOf(inst)+"/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {s.redirectURI}, "client_id": {"mcp-gateway"}, "code_verifier": {s.verifier}})
}

func refresh(t *testing.T, inst *emulatortest.Instance, c *http.Client, refreshToken string) (int, map[string]any) {
	t.Helper()
	return postForm(t, c, issuerOf(inst)+"/token", url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {refreshToken}, "client_id": {"mcp-gateway"}})
}

func wantTokenError(t *testing.T, what string, status int, body map[string]any, code string) {
	t.Helper()
	if status != http.StatusBadRequest || body["error"] != code {
		t.Errorf("%s: want HTTP 400 %s, got %d %v", what, code, status, body)
	}
}

func TestConsoleTokenEndpointChecksPKCEAndSingleUseCodes(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	c := consoleHTTPClient(t, inst)
	s := newSignIn()

	wrong := s
	wrong.verifier = "another-verifier-" + strings.Repeat("y", 40)
	status, body := wrong.exchange(t, inst, c, s.code(t, inst, c))
	wantTokenError(t, "wrong code_verifier", status, body, "invalid_grant")

	code := s.code(t, inst, c)
	status, body = s.exchange(t, inst, c, code)
	if status != http.StatusOK || body["token_type"] != "Bearer" || body["access_token"] == "" ||
		body["refresh_token"] == "" || body["expires_in"] != 3600.0 {
		t.Fatalf("exchange: %d %v", status, body)
	}
	status, body = s.exchange(t, inst, c, code)
	wantTokenError(t, "reused code", status, body, "invalid_grant")

	other := s
	other.redirectURI = "http://localhost:49153/callback"
	status, body = other.exchange(t, inst, c, s.code(t, inst, c))
	wantTokenError(t, "another redirect_uri", status, body, "invalid_grant")

	status, body = postForm(t, c, issuerOf(inst)+"/token", url.Values{"grant_type": {"authorization_code"},
		"code": {s.code(t, inst, c)}, "redirect_uri": {s.redirectURI}, "client_id": {"someone-else"},
		"code_verifier": {s.verifier}})
	if status != http.StatusBadRequest || body["error"] != "invalid_client" {
		t.Errorf("another client_id: %d %v", status, body)
	}
	status, body = postForm(t, c, issuerOf(inst)+"/token", url.Values{"grant_type": {"password"}, "client_id": {"mcp-gateway"}})
	wantTokenError(t, "password grant", status, body, "unsupported_grant_type")
}

func TestConsoleAuthorizationCodesExpireAfterTenMinutes(t *testing.T) {
	clock := emulatortest.NewClock(time.Time{})
	cfg := emulator.DefaultConfig()
	cfg.Now = clock.Now
	inst := startConsole(t, cfg)
	c := consoleHTTPClient(t, inst)
	s := newSignIn()
	code := s.code(t, inst, c)
	clock.Advance(10 * time.Minute)
	status, body := s.exchange(t, inst, c, code)
	wantTokenError(t, "a code 10 minutes old", status, body, "invalid_grant")
}

func TestConsoleRefreshTokensRotate(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	c := consoleHTTPClient(t, inst)
	first := consoleCredentials(t, inst)

	status, body := refresh(t, inst, c, first.RefreshToken)
	if status != http.StatusOK || body["refresh_token"] == first.RefreshToken || body["refresh_token"] == "" {
		t.Fatalf("refresh: %d, new refresh token differs from the old: %v", status, body["refresh_token"] != first.RefreshToken)
	}
	second, _ := body["refresh_token"].(string)
	status, body = refresh(t, inst, c, first.RefreshToken)
	wantTokenError(t, "the old refresh token again", status, body, "invalid_grant")
	status, body = refresh(t, inst, c, second)
	if status != http.StatusOK {
		t.Fatalf("the new refresh token: %d %v", status, body)
	}
	access, _ := body["access_token"].(string)
	if resp, err := newRawMCPMaybe(t, inst, access); err != nil || resp.Status != http.StatusOK {
		t.Fatalf("the refreshed access token was refused: %v %+v", err, resp)
	}
}

func TestConsoleRevokeInvalidatesAccessAndRefreshTokens(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	c := consoleHTTPClient(t, inst)
	creds := consoleCredentials(t, inst)
	if resp, err := newRawMCPMaybe(t, inst, creds.AccessToken); err != nil || resp.Status != http.StatusOK {
		t.Fatalf("before revoking: %v %+v", err, resp)
	}

	inst.RevokeConsole(t)

	resp, err := newRawMCPMaybe(t, inst, creds.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	wantUnauthorized(t, inst, resp)
	status, body := refresh(t, inst, c, creds.RefreshToken)
	wantTokenError(t, "a revoked refresh token", status, body, "invalid_grant")

	// Signing in again works.
	fresh := consoleCredentials(t, inst)
	if resp, err := newRawMCPMaybe(t, inst, fresh.AccessToken); err != nil || resp.Status != http.StatusOK {
		t.Fatalf("after signing in again: %v %+v", err, resp)
	}
}

func TestConsoleExpiredAccessTokenIsUnauthorized(t *testing.T) {
	clock := emulatortest.NewClock(time.Time{})
	cfg := emulator.DefaultConfig()
	cfg.Now = clock.Now
	cfg.ConsoleTokenLifetime = 5 * time.Minute
	inst := startConsole(t, cfg)
	creds := consoleCredentials(t, inst)
	if got := creds.Expiry.Sub(creds.ObtainedAt); got != 5*time.Minute {
		t.Errorf("expiry is %v after obtainedAt, want the configured 5m", got)
	}
	if resp, err := newRawMCPMaybe(t, inst, creds.AccessToken); err != nil || resp.Status != http.StatusOK {
		t.Fatalf("a fresh token: %v %+v", err, resp)
	}
	clock.Advance(5 * time.Minute)
	resp, err := newRawMCPMaybe(t, inst, creds.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	wantUnauthorized(t, inst, resp)
	if !strings.Contains(string(resp.Body), "the access token expired; refresh it") {
		t.Errorf("the 401 does not say the token expired: %s", resp.Body)
	}
}

func TestConsoleMCPWithoutATokenPointsToTheMetadata(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	for _, token := range []string{"", "not-a-jwt", forgedToken(t, consoleCredentials(t, inst).AccessToken)} {
		resp, err := newRawMCPMaybe(t, inst, token)
		if err != nil {
			t.Fatal(err)
		}
		wantUnauthorized(t, inst, resp)
	}
}

// forgedToken keeps a real token's header and signature but claims another user.
func forgedToken(t *testing.T, token string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	claims := jwtClaims(t, token)
	claims["sub"] = "someone-else"
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(mustJSON(t, claims)))
	return strings.Join(parts, ".")
}

// newRawMCPMaybe sends initialize with a token and returns the HTTP answer.
func newRawMCPMaybe(t *testing.T, inst *emulatortest.Instance, token string) (*emulatortest.Response, error) {
	t.Helper()
	m := &rawMCP{t: t, client: consoleHTTPClient(t, inst), url: inst.ConsoleURL, token: token}
	return m.post(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize",
		"params": map[string]any{"protocolVersion": "2025-06-18", "capabilities": map[string]any{},
			"clientInfo": map[string]any{"name": "raw", "version": "0"}}})
}

func wantUnauthorized(t *testing.T, inst *emulatortest.Instance, resp *emulatortest.Response) {
	t.Helper()
	want := `Bearer resource_metadata="` + issuerOf(inst) +
		`/.well-known/oauth-protected-resource/adapters/apps-in-toss-console/mcp"`
	if resp.Status != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") != want {
		t.Errorf("want 401 with WWW-Authenticate %s, got %d %q", want, resp.Status, resp.Header.Get("WWW-Authenticate"))
	}
}

func TestConsoleAuthorizeRefusesUntrustedClientsWithAPage(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	c := consoleHTTPClient(t, inst)
	s := newSignIn()
	for name, change := range map[string]func(url.Values){
		"unknown client_id":        func(q url.Values) { q.Set("client_id", "claude") },
		"no client_id":             func(q url.Values) { q.Del("client_id") },
		"https redirect":           func(q url.Values) { q.Set("redirect_uri", "https://localhost:8080/callback") },
		"non-loopback redirect":    func(q url.Values) { q.Set("redirect_uri", "http://evil.example/callback") },
		"loopback-looking host":    func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1.evil.example/callback") },
		"no redirect_uri":          func(q url.Values) { q.Del("redirect_uri") },
		"redirect with a fragment": func(q url.Values) { q.Set("redirect_uri", "http://localhost:1/cb#x") },
	} {
		resp, err := c.Get(s.authorizeURL(inst, change))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" || len(body) == 0 {
			t.Errorf("%s: want a 400 page and no redirect, got %d Location %q", name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// Every loopback form of RFC 8252 is accepted, on any port.
	for _, redirect := range []string{"http://localhost:1234/callback", "http://127.0.0.1:80/cb", "http://[::1]:65000/x"} {
		location := authorizeRedirect(t, c, s.authorizeURL(inst, func(q url.Values) { q.Set("redirect_uri", redirect) }))
		if !strings.HasPrefix(location.String(), redirect+"?") || location.Query().Get("code") == "" {
			t.Errorf("%s: redirected to %s", redirect, location)
		}
	}
}

func TestConsoleAuthorizeSendsOtherErrorsBackToTheClient(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	c := consoleHTTPClient(t, inst)
	s := newSignIn()
	for name, tc := range map[string]struct {
		change func(url.Values)
		error  string
	}{
		"token flow":       {func(q url.Values) { q.Set("response_type", "token") }, "unsupported_response_type"},
		"no PKCE":          {func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }, "invalid_request"},
		"plain PKCE":       {func(q url.Values) { q.Set("code_challenge_method", "plain") }, "invalid_request"},
		"short challenge":  {func(q url.Values) { q.Set("code_challenge", "abc") }, "invalid_request"},
		"another resource": {func(q url.Values) { q.Set("resource", "https://mcp.toss.im/adapters/apps-in-toss-console/mcp") }, "invalid_target"},
		"no resource":      {func(q url.Values) { q.Del("resource") }, ""},
	} {
		location := authorizeRedirect(t, c, s.authorizeURL(inst, tc.change))
		q := location.Query()
		if q.Get("error") != tc.error || q.Get("state") != "st-1" || (tc.error != "") == q.Has("code") {
			t.Errorf("%s: redirected with %v, want error %q and the state", name, q, tc.error)
		}
	}
}

func TestConsoleMetadataDocuments(t *testing.T) {
	inst := startConsole(t, emulator.DefaultConfig())
	c := consoleHTTPClient(t, inst)
	issuer := issuerOf(inst)
	getJSON := func(path string) map[string]any {
		resp, err := c.Get(issuer + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&out) != nil {
			t.Fatalf("%s: HTTP %d", path, resp.StatusCode)
		}
		return out
	}
	wantPRM := map[string]any{"resource": inst.ConsoleURL, "authorization_servers": []any{issuer},
		"bearer_methods_supported": []any{"header"}, "resource_name": "Apps in Toss console (emulator)"}
	for _, path := range []string{"/.well-known/oauth-protected-resource/adapters/apps-in-toss-console/mcp",
		"/.well-known/oauth-protected-resource"} {
		if got := getJSON(path); mustJSON(t, got) != mustJSON(t, wantPRM) {
			t.Errorf("%s: %v, want %v", path, got, wantPRM)
		}
	}
	wantAS := map[string]any{"issuer": issuer, "authorization_endpoint": issuer + "/authorize",
		"token_endpoint": issuer + "/token", "response_types_supported": []any{"code"},
		"grant_types_supported":            []any{"authorization_code", "refresh_token"},
		"code_challenge_methods_supported": []any{"S256"}, "token_endpoint_auth_methods_supported": []any{"none"}}
	if got := getJSON("/.well-known/oauth-authorization-server"); mustJSON(t, got) != mustJSON(t, wantAS) {
		t.Errorf("authorization server metadata %v, want %v", got, wantAS)
	}
	// No dynamic client registration, as on the real gateway.
	resp, err := c.Post(issuer+"/register", "application/json", strings.NewReader(`{"redirect_uris":["http://localhost:1/cb"]}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /register: HTTP %d, want 404", resp.StatusCode)
	}
}
