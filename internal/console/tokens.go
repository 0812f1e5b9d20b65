package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"golang.org/x/oauth2"
)

// Access tokens for the gateway, refreshed with the refresh_token grant. The provider never
// signs in (that is `appsintoss login`, in a browser); when the refresh token no longer works
// the answer is a *LoginRequiredError that says what to run.
//
// Refresh tokens may rotate on use, and several provider processes may share one credentials
// file (parallel plans, CI jobs on one runner). So a refresh happens under the file's lock: the
// file is read again first, and a token another process already refreshed is taken instead of
// spending the refresh token a second time; the new set is written back before the lock is
// released.

const (
	// tokenLeeway: a token this close to its expiry is refreshed before use, so that it does not
	// expire in flight.
	tokenLeeway = 30 * time.Second
	// refreshTimeout bounds one refresh (lock wait excluded), whatever the HTTP client's own
	// timeout: oauth2.TokenSource gives Token no context.
	refreshTimeout = time.Minute
	// assumedTokenLifetime is the expiry given to an access token whose answer had no expires_in
	// (RFC 6749 makes it optional). [INFER] The gateway's lifetime is not documented; a shorter
	// real one shows as a 401, and Authorize refreshes then.
	assumedTokenLifetime = time.Hour
)

// TokenSourceConfig says where the credentials came from and how to refresh them.
type TokenSourceConfig struct {
	Credentials *Credentials
	// File is the credentials file the credentials were read from, "" when they came from
	// APPSINTOSS_CONSOLE_CREDENTIALS (then refreshed tokens are kept in memory only).
	File string
	// FileFrom says where File came from, for messages (see ReadCredentialsFile).
	FileFrom string
	// HTTPClient sends the refresh requests. The provider gives one that trusts the configured CA
	// and never follows redirects.
	HTTPClient *http.Client
	// Warn, when set, receives problems that do not stop the provider (e.g. a refreshed token set
	// that could not be written back). Messages carry no token.
	Warn func(message string)
}

// TokenSource is an oauth2.TokenSource over console credentials; OAuthHandler adapts it to the
// MCP SDK's transport.
type TokenSource struct {
	mu         sync.Mutex
	creds      Credentials
	file       string
	fileFrom   string
	httpClient *http.Client
	warn       func(string)
	now        func() time.Time
	// lastForced is the access token the last forced refresh produced: if the gateway refuses
	// that one too, refreshing again cannot help.
	lastForced string
}

var _ oauth2.TokenSource = (*TokenSource)(nil)

// NewTokenSource returns a token source over cfg's credentials.
func NewTokenSource(cfg TokenSourceConfig) (*TokenSource, error) {
	if cfg.Credentials == nil {
		return nil, errors.New("console token source: no credentials")
	}
	if err := cfg.Credentials.Validate(); err != nil {
		return nil, fmt.Errorf("console credentials: %w", err)
	}
	hc := cfg.HTTPClient
	if hc == nil {
		return nil, errors.New("console token source: no HTTP client")
	}
	return &TokenSource{creds: *cfg.Credentials, file: cfg.File, fileFrom: cfg.FileFrom, httpClient: hc, warn: cfg.Warn,
		now: time.Now}, nil
}

// Token returns a valid access token, refreshing it first when it is about to expire.
func (s *TokenSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.usable(&s.creds) {
		return s.token(), nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
	defer cancel()
	if err := s.renew(ctx, ""); err != nil {
		return nil, err
	}
	return s.token(), nil
}

func (s *TokenSource) usable(c *Credentials) bool {
	return s.now().Add(tokenLeeway).Before(c.Expiry)
}

func (s *TokenSource) token() *oauth2.Token {
	tokenType := s.creds.TokenType
	if tokenType == "" {
		tokenType = "Bearer"
	}
	return &oauth2.Token{AccessToken: s.creds.AccessToken, TokenType: tokenType, Expiry: s.creds.Expiry}
}

// renew gets a new access token (not the rejected one): from the shared file when another
// process already refreshed, else with the refresh token. Callers hold s.mu.
func (s *TokenSource) renew(ctx context.Context, rejected string) error {
	if s.file == "" {
		return s.refresh(ctx)
	}
	unlock, err := lockCredentials(s.file)
	locked := err == nil
	if locked {
		defer unlock()
	} else {
		s.warnf("%v; refreshing without coordinating with other processes, and not writing the new tokens back", err)
	}
	shared := s.adoptShared()
	if s.creds.AccessToken != rejected && s.usable(&s.creds) {
		return nil // another process refreshed while we waited for the lock
	}
	if err := s.refresh(ctx); err != nil {
		return err
	}
	switch {
	case !locked:
	case !shared:
		s.warnf("the console credentials file %s was removed or now holds another sign-in, so the refreshed "+
			"tokens were kept in memory and not written to it", describeFile(s.file, s.fileFrom))
	default:
		if err := writeCredentialsLocked(s.file, &s.creds); err != nil {
			s.warnf("the refreshed console tokens could not be written back (%v), so this process keeps them in memory. "+
				"If the authorization server rotates refresh tokens, the file's refresh token is now spent: run "+
				"`appsintoss login%s` before the next run", err, loginFileFlag(s.file))
		}
	}
	return nil
}

// adoptShared reads the file again and takes its tokens when they are of the same sign-in
// (another process may have refreshed, and with rotation only the newest refresh token works).
// It reports whether the file still holds this sign-in.
func (s *TokenSource) adoptShared() bool {
	disk, err := ReadCredentialsFile(s.file, s.fileFrom)
	if err != nil || disk.ConsoleURL != s.creds.ConsoleURL || disk.TokenEndpoint != s.creds.TokenEndpoint ||
		disk.ClientID != s.creds.ClientID {
		return false
	}
	s.creds = *disk
	return true
}

// refresh spends the refresh token for a new token set. Callers hold s.mu.
func (s *TokenSource) refresh(ctx context.Context) error {
	if s.creds.RefreshToken == "" {
		return s.loginRequired(fmt.Sprintf("the access token expired at %s and the credentials hold no refresh token",
			s.creds.Expiry.Format(time.RFC3339)))
	}
	conf := &oauth2.Config{ClientID: s.creds.ClientID,
		Endpoint: oauth2.Endpoint{TokenURL: s.creds.TokenEndpoint, AuthStyle: oauth2.AuthStyleInParams}}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, s.httpClient)
	tok, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: s.creds.RefreshToken}).Token()
	if err != nil {
		return s.refreshFailure(err)
	}
	now := s.now()
	s.creds.AccessToken = tok.AccessToken
	if tok.TokenType != "" {
		s.creds.TokenType = tok.TokenType
	}
	if tok.RefreshToken != "" {
		s.creds.RefreshToken = tok.RefreshToken
	}
	s.creds.Expiry = now.Add(assumedTokenLifetime)
	if tok.ExpiresIn > 0 {
		s.creds.Expiry = now.Add(time.Duration(tok.ExpiresIn) * time.Second)
	}
	if scope, ok := tok.Extra("scope").(string); ok && scope != "" {
		s.creds.Scope = scope
	}
	return nil
}

// refreshFailure explains a failed refresh without quoting the token endpoint's body (it could
// echo a token): a refused grant means signing in again; anything else is reported as it is.
func (s *TokenSource) refreshFailure(err error) error {
	var refused *oauth2.RetrieveError
	if !errors.As(err, &refused) {
		return fmt.Errorf("refreshing the console access token at %s failed: %s", s.creds.TokenEndpoint, s.redact(err.Error()))
	}
	what := refused.ErrorCode
	if refused.ErrorDescription != "" {
		what += ": " + s.redact(refused.ErrorDescription)
	}
	switch refused.ErrorCode {
	case "invalid_grant", "invalid_client", "unauthorized_client":
		return s.loginRequired(fmt.Sprintf("the authorization server refused the refresh token (%s)", what))
	}
	status := 0
	if refused.Response != nil {
		status = refused.Response.StatusCode
	}
	if what == "" {
		what = "no error code"
	}
	return fmt.Errorf("refreshing the console access token at %s failed: HTTP %d (%s); try again later, or run "+
		"`appsintoss login` if it persists", s.creds.TokenEndpoint, status, what)
}

// redact removes the credentials' tokens from text that came from elsewhere.
func (s *TokenSource) redact(text string) string {
	for _, secret := range []string{s.creds.AccessToken, s.creds.RefreshToken} {
		if secret != "" {
			text = strings.ReplaceAll(text, secret, "[redacted]")
		}
	}
	return text
}

func (s *TokenSource) loginRequired(reason string) *LoginRequiredError {
	return &LoginRequiredError{File: s.file, FileFrom: s.fileFrom, Reason: reason}
}

func (s *TokenSource) warnf(format string, a ...any) {
	if s.warn != nil {
		s.warn(s.redact(fmt.Sprintf(format, a...)))
	}
}

// LoginRequiredError says that the console credentials can no longer be used (expired, revoked,
// or refused) and how to get new ones: `appsintoss login`, and for credentials that came from the
// environment, updating the secret that holds them.
type LoginRequiredError struct {
	File     string // the credentials file; "" when they came from APPSINTOSS_CONSOLE_CREDENTIALS
	FileFrom string
	Reason   string
}

func (e *LoginRequiredError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("the console credentials in %s can no longer be used: %s. Run `appsintoss login` on a "+
			"workstation, then update the %s secret with the contents of the fresh credentials file", EnvCredentials,
			e.Reason, EnvCredentials)
	}
	return fmt.Sprintf("the console credentials in %s can no longer be used: %s. Run `appsintoss login%s` "+
		"to sign in again", describeFile(e.File, e.FileFrom), e.Reason, loginFileFlag(e.File))
}

// OAuthHandler adapts the token source to the MCP SDK's streamable transport.
func (s *TokenSource) OAuthHandler() auth.OAuthHandler { return oauthHandler{s} }

type oauthHandler struct{ s *TokenSource }

var _ auth.OAuthHandler = oauthHandler{}

func (h oauthHandler) TokenSource(context.Context) (oauth2.TokenSource, error) { return h.s, nil }

// Authorize is the transport's call after a 401 (or 403). The provider cannot sign anyone in, so
// it refreshes once; if the gateway refused a token that was itself just refreshed, or the
// refresh is refused, the answer is a *LoginRequiredError. A 403 is a permission problem that
// no token fixes.
func (h oauthHandler) Authorize(ctx context.Context, req *http.Request, resp *http.Response) error {
	status := 0
	if resp != nil {
		status = resp.StatusCode
		if resp.Body != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
		}
	}
	if status == http.StatusForbidden {
		return fmt.Errorf("%s refused access (HTTP 403): the signed-in console account may not use this mini-app's "+
			"catalog; sign in with an account of its workspace (`appsintoss login`)", Road)
	}
	rejected := ""
	if req != nil {
		rejected, _ = strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	}
	return h.s.forceRefresh(ctx, rejected)
}

// forceRefresh replaces a token the gateway refused.
func (s *TokenSource) forceRefresh(ctx context.Context, rejected string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rejected != "" && rejected == s.lastForced {
		return s.loginRequired("the gateway refused an access token that had just been refreshed")
	}
	if s.creds.AccessToken != rejected && s.usable(&s.creds) {
		return nil // a concurrent request already replaced it
	}
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	if err := s.renew(ctx, rejected); err != nil {
		return err
	}
	s.lastForced = s.creds.AccessToken
	return nil
}
