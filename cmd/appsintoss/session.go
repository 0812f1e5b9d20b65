package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
)

// MCP sessions with the gateway: one per run, over the run's HTTP client.

// connect opens an MCP session authorized by handler: the SDK's sign-in for login, the stored
// credentials' token source for the other commands. No standalone SSE stream is opened: nothing
// here needs messages the gateway starts.
func connect(ctx context.Context, hc *http.Client, consoleURL string, handler auth.OAuthHandler) (*mcp.ClientSession, error) {
	client := mcp.NewClient(&mcp.Implementation{Name: "appsintoss", Version: version}, nil)
	return client.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: consoleURL, HTTPClient: hc,
		OAuthHandler: handler, DisableStandaloneSSE: true}, nil)
}

// signedIn is a session opened with stored credentials.
type signedIn struct {
	session *mcp.ClientSession
	tokens  *console.TokenSource
	loaded  *console.Credentials
	file    string // "" when the credentials came from APPSINTOSS_CONSOLE_CREDENTIALS
	from    string
}

// loadCredentials reads the stored credentials: --credentials-file when given, else
// APPSINTOSS_CONSOLE_CREDENTIALS when set (as the provider prefers it), else the file that
// APPSINTOSS_CONSOLE_CREDENTIALS_FILE or the default names.
func (c *command) loadCredentials(f *gatewayFlags) (creds *console.Credentials, file, from string, err error) {
	if !f.fromFlag {
		if text := c.getenv(console.EnvCredentials); text != "" {
			creds, err := console.CredentialsFromEnv(text)
			if err != nil {
				return nil, "", "", err
			}
			c.keepSecret(creds.AccessToken, creds.RefreshToken)
			return creds, "", console.EnvCredentials, nil
		}
	}
	path, from, err := c.credentialsPath(f)
	if err != nil {
		return nil, "", "", err
	}
	creds, err = console.ReadCredentialsFile(path, from)
	if err != nil {
		return nil, "", "", err
	}
	c.keepSecret(creds.AccessToken, creds.RefreshToken)
	return creds, path, from, nil
}

// checkCredentialsURL refuses credentials issued for another gateway than the one asked for.
func checkCredentialsURL(f *gatewayFlags, creds *console.Credentials, from string) error {
	if !f.consoleURLGiven || f.consoleURL == creds.ConsoleURL {
		return nil
	}
	return fmt.Errorf("the console credentials from %s are for %s, but %s asks for %s: run `appsintoss login "+
		"--console-url %s` to sign in there", from, creds.ConsoleURL, f.consoleURLOrigin, f.consoleURL, f.consoleURL)
}

// openSignedIn opens a session with the stored credentials. Refreshed tokens are written back to
// the file they came from (under its lock), as the provider does.
func (c *command) openSignedIn(ctx context.Context, f *gatewayFlags, creds *console.Credentials, file, from string) (*signedIn, error) {
	hc, err := newHTTPClient(f.caFile)
	if err != nil {
		return nil, err
	}
	tokens, err := console.NewTokenSource(console.TokenSourceConfig{Credentials: creds, File: file, FileFrom: from,
		HTTPClient: hc, Warn: func(message string) { c.say("warning: %s", message) }})
	if err != nil {
		return nil, err
	}
	session, err := connect(ctx, hc, creds.ConsoleURL, tokens.OAuthHandler())
	if err != nil {
		return nil, gatewayError(creds.ConsoleURL, err)
	}
	return &signedIn{session: session, tokens: tokens, loaded: creds, file: file, from: from}, nil
}

// gatewayError explains a session that could not be opened.
func gatewayError(consoleURL string, err error) error {
	if login := loginRequired(err); login != nil {
		return login
	}
	var unknownCA x509.UnknownAuthorityError
	if errors.As(err, &unknownCA) {
		return fmt.Errorf("cannot reach the console gateway at %s: its certificate is signed by an authority this "+
			"machine does not trust; for the emulator or a private gateway, pass its CA with --ca-certificate-file (%w)",
			consoleURL, err)
	}
	return fmt.Errorf("cannot open a session with the console gateway at %s: %w", consoleURL, err)
}

// callError explains a call in an open session that failed.
func callError(what string, err error) error {
	if login := loginRequired(err); login != nil {
		return login
	}
	return fmt.Errorf("%s failed: %w", what, err)
}

// loginRequired finds, among the SDK's wrappings, credentials that no longer work: the console
// package's *LoginRequiredError, whose message says what to run.
func loginRequired(err error) error {
	var login *console.LoginRequiredError
	if errors.As(err, &login) {
		return login
	}
	return nil
}

// listTools is the gateway's tools/list, every page.
func listTools(ctx context.Context, session *mcp.ClientSession) ([]*mcp.Tool, error) {
	tools := []*mcp.Tool{}
	for tool, err := range session.Tools(ctx, nil) {
		if err != nil {
			return nil, callError("the gateway's tools/list", err)
		}
		tools = append(tools, tool)
	}
	return tools, nil
}

// sessionCaller is console.ToolCaller over an MCP session: every result goes through
// DecodeCallResult, as the provider's caller does.
type sessionCaller struct{ session *mcp.ClientSession }

func (s sessionCaller) CallTool(ctx context.Context, name string, args map[string]any) (json.RawMessage, error) {
	res, err := s.session.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	return console.DecodeCallResult(name, res, err)
}
