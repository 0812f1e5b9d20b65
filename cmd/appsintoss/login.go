package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
	"golang.org/x/oauth2"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
)

// `appsintoss login` drives the MCP SDK's own OAuth client: it connects to the gateway with no
// token, the gateway answers 401 naming its protected-resource metadata (RFC 9728), and the SDK
// discovers the authorization server (RFC 8414) and runs the authorization code flow with PKCE
// S256 as the pre-registered public client mcp-gateway. This file gives the SDK its redirect URI
// (the loopback listener, bound first), the browser step, and keeps what the credentials file
// needs: the token set, the issuer and the token endpoint.

const (
	defaultLoginTimeout = 5 * time.Minute
	// assumedTokenLifetime is the expiry written for an access token whose answer had no expires_in
	// (RFC 6749 makes it optional); the provider assumes the same, and refreshes on a 401 anyway.
	assumedTokenLifetime = time.Hour
)

const loginSynopsis = "[--console-url URL] [--ca-certificate-file FILE] [--credentials-file FILE]\n" +
	"                        [--no-browser] [--redirect-host localhost|127.0.0.1] [--timeout 5m]"

type loginFlags struct {
	gatewayFlags
	noBrowser    bool
	redirectHost string
	timeout      time.Duration
}

func (c *command) login(ctx context.Context, args []string) error {
	fs := c.newFlagSet("login", loginSynopsis)
	var f loginFlags
	c.addGatewayFlags(fs, &f.gatewayFlags)
	c.addCredentialsFlag(fs, &f.gatewayFlags)
	fs.BoolVar(&f.noBrowser, "no-browser", false,
		"do not open a browser: print the authorization URL alone on a line of stdout, and wait for the redirect")
	fs.StringVar(&f.redirectHost, "redirect-host", redirectHosts[0],
		"host named in the redirect URI, localhost or 127.0.0.1 (the listener is bound to 127.0.0.1 either way)")
	fs.DurationVar(&f.timeout, "timeout", defaultLoginTimeout, "how long to wait for the browser to come back")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := c.finish(fs, &f.gatewayFlags); err != nil {
		return err
	}
	if !slices.Contains(redirectHosts, f.redirectHost) {
		return fmt.Errorf("--redirect-host %q: use localhost or 127.0.0.1 (the redirect must come back to this machine)",
			f.redirectHost)
	}
	if f.timeout <= 0 {
		return fmt.Errorf("--timeout %s: give a positive duration, such as 5m", f.timeout)
	}
	path, from, err := c.credentialsPath(&f.gatewayFlags)
	if err != nil {
		return err
	}
	hc, err := newHTTPClient(f.caFile)
	if err != nil {
		return err
	}
	lb, err := listenLoopback(f.redirectHost)
	if err != nil {
		return err
	}
	defer lb.close()

	s, err := c.newSignIn(hc, lb, &f)
	if err != nil {
		return err
	}
	session, err := connect(ctx, hc, f.consoleURL, s)
	if err != nil {
		return s.failure(f.consoleURL, err)
	}
	defer session.Close()
	creds, err := s.credentials(ctx, hc, f.consoleURL, time.Now())
	if err != nil {
		return err
	}
	tools, err := listTools(ctx, session)
	if err != nil {
		return fmt.Errorf("signed in, but nothing was written: %w", err)
	}
	if err := console.WriteCredentialsFile(path, creds); err != nil {
		return err
	}
	c.reportLogin(ctx, creds, path, from, session, tools)
	return nil
}

// reportLogin says who signed in and what they see. A workspace_list that fails does not undo
// the sign-in: tools/list already proved the tokens, and `appsintoss tools` needs them to report
// a gateway whose schemas moved.
func (c *command) reportLogin(ctx context.Context, creds *console.Credentials, path, from string,
	session *mcp.ClientSession, tools []*mcp.Tool) {
	c.say("Signed in to the Apps in Toss console at %s as %s.", creds.ConsoleURL, who(creds.AccessToken))
	renewal := "it is renewed with the refresh token, without signing in again"
	if creds.RefreshToken == "" {
		renewal = "no refresh token was issued, so run `appsintoss login` again then"
	}
	c.say("Credentials written to %s (%s, mode 0600). The access token expires at %s; %s.", path, from,
		creds.Expiry.Format(time.RFC3339), renewal)
	spaces, err := console.ListWorkspaces(ctx, sessionCaller{session}, tools)
	if err != nil {
		c.say("warning: workspace_list failed, so the provider cannot find your mini-app yet: %v", err)
	} else {
		c.say("Workspaces: %s.", describeWorkspaces(spaces))
	}
	if c.getenv(console.EnvCredentials) != "" {
		c.say("note: %s is set in this environment; the provider uses it instead of the file just written.",
			console.EnvCredentials)
	}
}

// signIn is one browser sign-in: the SDK's OAuth handler, plus what this command must keep from
// it. The transport calls Authorize on a 401; the SDK then calls fetchCode for the browser step.
type signIn struct {
	*auth.AuthorizationCodeHandler
	c         *command
	lb        *loopback
	noBrowser bool
	timeout   time.Duration

	mu         sync.Mutex
	challenges []string      // the WWW-Authenticate of the 401 that started it
	token      *oauth2.Token // the token set the code was exchanged for
	tokenURL   string        // where the SDK exchanged the code
	attempted  bool          // the browser step has run
	browserErr error         // why the browser step failed, said plainly
	failed     error         // why the sign-in failed, as the SDK's flow returned it
}

func (c *command) newSignIn(hc *http.Client, lb *loopback, f *loginFlags) (*signIn, error) {
	s := &signIn{c: c, lb: lb, noBrowser: f.noBrowser, timeout: f.timeout}
	handler, err := auth.NewAuthorizationCodeHandler(&auth.AuthorizationCodeHandlerConfig{
		PreregisteredClient:      &oauthex.ClientCredentials{ClientID: mcpClientID},
		RedirectURL:              lb.redirectURI,
		RequestRefreshToken:      true,
		Client:                   hc,
		AuthorizationCodeFetcher: s.fetchCode,
		NewTokenSource:           s.keepTokenSource,
	})
	if err != nil {
		return nil, fmt.Errorf("setting up the sign-in: %w", err)
	}
	s.AuthorizationCodeHandler = handler
	return s, nil
}

// Authorize runs the SDK's flow once, keeping the challenge that discovery starts from. A failed
// sign-in is final: the transport may call again for a follow-up request of the same failed
// connect, and gets the first failure back rather than a second browser step.
func (s *signIn) Authorize(ctx context.Context, req *http.Request, resp *http.Response) error {
	s.mu.Lock()
	failed := s.failed
	if failed == nil && resp != nil {
		s.challenges = resp.Header.Values("WWW-Authenticate")
	}
	s.mu.Unlock()
	if failed != nil {
		if resp != nil && resp.Body != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
		}
		return failed
	}
	err := s.AuthorizationCodeHandler.Authorize(ctx, req, resp)
	if err != nil {
		s.mu.Lock()
		s.failed = err
		s.mu.Unlock()
	}
	return err
}

// fetchCode is the browser step, as the SDK calls it: once per login. A second one would mean
// the gateway refused the token it just issued.
func (s *signIn) fetchCode(ctx context.Context, args *auth.AuthorizationArgs) (*auth.AuthorizationResult, error) {
	s.mu.Lock()
	attempted := s.attempted
	s.attempted = true
	s.mu.Unlock()
	if attempted {
		return nil, errors.New("the gateway asked for a second sign-in within one `appsintoss login` (it refused the " +
			"token it had just issued); run `appsintoss login` again")
	}
	cb, err := s.browserStep(ctx, args.URL)
	if err != nil {
		s.mu.Lock()
		s.browserErr = err
		s.mu.Unlock()
		return nil, err
	}
	return &auth.AuthorizationResult{Code: cb.code, State: cb.state, Iss: cb.iss}, nil
}

// browserStep shows the authorization URL, waits for the one redirect, and checks that it
// carries the state the SDK put in the URL (the SDK checks again).
func (s *signIn) browserStep(ctx context.Context, rawURL string) (*callback, error) {
	authURL, err := url.Parse(rawURL)
	if err != nil || authURL.Query().Get("state") == "" {
		return nil, errors.New("the authorization URL has no state parameter; refusing to sign in without one")
	}
	s.c.showAuthorizationURL(ctx, rawURL, s.noBrowser, s.lb, s.timeout)
	cb, err := s.lb.await(ctx, authURL.Query().Get("state"), s.timeout)
	if err != nil {
		return nil, err
	}
	s.c.keepSecret(cb.code)
	return cb, nil
}

// keepTokenSource is the SDK's hook after the code exchange. It keeps the token set and where
// the code was exchanged (checked against the metadata's token endpoint below), and hands the
// session a token source that never refreshes: a refresh would spend the refresh token about to
// be written (authorization servers may rotate them), leaving the file with a dead one.
func (s *signIn) keepTokenSource(_ context.Context, cfg *oauth2.Config, tok *oauth2.Token) (oauth2.TokenSource, error) {
	s.c.keepSecret(tok.AccessToken, tok.RefreshToken)
	s.mu.Lock()
	s.token, s.tokenURL = tok, cfg.Endpoint.TokenURL
	s.mu.Unlock()
	return oauth2.StaticTokenSource(tok), nil
}

// credentials is the signed-in token set in the credentials format, with the issuer and the
// token endpoint from the authorization server's metadata.
func (s *signIn) credentials(ctx context.Context, hc *http.Client, consoleURL string, now time.Time) (*console.Credentials, error) {
	s.mu.Lock()
	tok, challenges, tokenURL := s.token, s.challenges, s.tokenURL
	s.mu.Unlock()
	if tok == nil {
		return nil, errors.New("the session opened, but no sign-in took place, so there is no token to write; run " +
			"`appsintoss login` again")
	}
	meta, err := discoverAuthServer(ctx, hc, consoleURL, challenges)
	if err != nil {
		return nil, fmt.Errorf("signed in, but %w; nothing was written", err)
	}
	if meta.TokenEndpoint != tokenURL {
		return nil, fmt.Errorf("signed in, but the authorization server's metadata now names the token endpoint %s, "+
			"while the tokens came from %s; nothing was written. Run `appsintoss login` again", meta.TokenEndpoint, tokenURL)
	}
	expiry := tok.Expiry
	if expiry.IsZero() {
		expiry = now.Add(assumedTokenLifetime)
	}
	tokenType := tok.TokenType
	if tokenType == "" {
		tokenType = "Bearer"
	}
	scope, _ := tok.Extra("scope").(string)
	return &console.Credentials{
		Version:       console.CredentialsVersion,
		ConsoleURL:    consoleURL,
		Issuer:        meta.Issuer,
		TokenEndpoint: meta.TokenEndpoint,
		ClientID:      mcpClientID,
		AccessToken:   tok.AccessToken,
		TokenType:     tokenType,
		RefreshToken:  tok.RefreshToken,
		Expiry:        expiry.UTC().Truncate(time.Second), // earlier, never later, than the real expiry
		Scope:         scope,
		ObtainedAt:    now.UTC().Truncate(time.Second),
	}, nil
}

// failure explains a sign-in that did not complete. The browser step's errors are already plain
// (and shown without the transport's wrapping); a refused code exchange is told by its error
// code, never by the token endpoint's body.
func (s *signIn) failure(consoleURL string, err error) error {
	s.mu.Lock()
	browserErr := s.browserErr
	s.mu.Unlock()
	if browserErr != nil {
		return browserErr
	}
	var refused *oauth2.RetrieveError
	if errors.As(err, &refused) {
		return fmt.Errorf("the authorization server refused to exchange the sign-in code for tokens: %s. Run "+
			"`appsintoss login` again", describeTokenError(refused))
	}
	return gatewayError(consoleURL, err)
}

// describeTokenError is a token endpoint's refusal by its error code and description, which
// RFC 6749 §5.2 defines; its body is not quoted, as it could echo what was sent.
func describeTokenError(refused *oauth2.RetrieveError) string {
	status := 0
	if refused.Response != nil {
		status = refused.Response.StatusCode
	}
	what := strings.TrimSpace(refused.ErrorCode)
	if what == "" {
		what = "no error code"
	}
	if refused.ErrorDescription != "" {
		what += fmt.Sprintf(" (%q)", refused.ErrorDescription)
	}
	return fmt.Sprintf("HTTP %d, error %s", status, what)
}
