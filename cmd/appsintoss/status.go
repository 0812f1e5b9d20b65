package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
)

const signedInSynopsis = "[--console-url URL] [--ca-certificate-file FILE] [--credentials-file FILE]"

// loadSignIn parses the flags of a command that works with a sign-in (status, tools), then loads
// the credentials and checks that they are for the gateway the flags name.
func (c *command) loadSignIn(name string, args []string) (*gatewayFlags, *console.Credentials, string, string, error) {
	fs := c.newFlagSet(name, signedInSynopsis)
	f := &gatewayFlags{}
	c.addGatewayFlags(fs, f)
	c.addCredentialsFlag(fs, f)
	if err := parse(fs, args); err != nil {
		return nil, nil, "", "", err
	}
	if err := c.finish(fs, f); err != nil {
		return nil, nil, "", "", err
	}
	creds, file, from, err := c.loadCredentials(f)
	if err != nil {
		return nil, nil, "", "", err
	}
	if err := checkCredentialsURL(f, creds, from); err != nil {
		return nil, nil, "", "", err
	}
	return f, creds, file, from, nil
}

// status shows the sign-in: first what the credentials say (so that it shows even when the gateway
// cannot be reached), then what the gateway says through a session — which refreshes an expired
// access token and writes the new set back, as the provider would.
func (c *command) status(ctx context.Context, args []string) error {
	f, creds, file, from, err := c.loadSignIn("status", args)
	if err != nil {
		return err
	}
	now := time.Now()
	c.say("Console:        %s", creds.ConsoleURL)
	c.say("Credentials:    %s", describeSource(file, from))
	c.say("Signed in as:   %s", who(creds.AccessToken))
	c.say("Access token:   %s", describeExpiry(creds.Expiry, now))
	c.say("Refresh token:  %s", describeRefreshToken(creds.RefreshToken != ""))

	s, err := c.openSignedIn(ctx, f, creds, file, from)
	if err != nil {
		return err
	}
	defer s.session.Close()
	tools, err := listTools(ctx, s.session)
	if err != nil {
		return err
	}
	spaces, err := console.ListWorkspaces(ctx, sessionCaller{s.session}, tools)
	if err != nil {
		return callError("workspace_list", err)
	}
	if current, err := s.tokens.Token(); err == nil && current.AccessToken != creds.AccessToken {
		c.keepSecret(current.AccessToken)
		c.say("Refreshed:      the access token now %s; %s", describeExpiry(current.Expiry, time.Now()),
			describeWriteBack(file))
	}
	c.say("Workspaces:     %s", describeWorkspaces(spaces))
	return nil
}

func describeSource(file, from string) string {
	if file == "" {
		return "the " + from + " environment variable"
	}
	return fmt.Sprintf("%s (from %s)", file, from)
}

func describeWriteBack(file string) string {
	if file == "" {
		return "the new tokens are kept in memory only (the credentials came from " + console.EnvCredentials + ")"
	}
	return "the new token set was written back to " + file
}

func describeExpiry(expiry, now time.Time) string {
	at := expiry.UTC().Format(time.RFC3339)
	if left := expiry.Sub(now).Round(time.Second); left > 0 {
		return fmt.Sprintf("expires at %s (in %s)", at, left)
	}
	return fmt.Sprintf("expired at %s (%s ago)", at, now.Sub(expiry).Round(time.Second))
}

func describeRefreshToken(present bool) string {
	if present {
		return "present, so access tokens are renewed without signing in again"
	}
	return "none was issued, so `appsintoss login` must run again once the access token expires"
}

func describeWorkspaces(spaces []console.Workspace) string {
	if len(spaces) == 0 {
		return "none (the signed-in account sees no workspace)"
	}
	parts := make([]string, len(spaces))
	for i, ws := range spaces {
		parts[i] = printable(ws.ID)
		if ws.Name != "" {
			parts[i] += " " + fmt.Sprintf("%q", printable(ws.Name))
		}
	}
	return strings.Join(parts, ", ")
}
