package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
)

// discoverAuthServer reads again the metadata the SDK's sign-in started from: the protected-resource
// metadata the gateway's 401 named (RFC 9728), then its authorization server's (RFC 8414). The
// SDK keeps the issuer and the token endpoint to itself, and the provider needs both to refresh
// the tokens. The SDK's own checks apply here too: the resource must equal consoleURL byte for
// byte, the issuer must equal the authorization server's URL, and PKCE must be advertised.
func discoverAuthServer(ctx context.Context, hc *http.Client, consoleURL string, challenges []string) (*oauthex.AuthServerMeta, error) {
	metadataURL, err := resourceMetadataURL(consoleURL, challenges)
	if err != nil {
		return nil, err
	}
	prm, err := oauthex.GetProtectedResourceMetadata(ctx, metadataURL, consoleURL, hc)
	if err != nil {
		return nil, fmt.Errorf("reading the gateway's protected-resource metadata: %w", err)
	}
	if len(prm.AuthorizationServers) == 0 {
		return nil, fmt.Errorf("the gateway's protected-resource metadata at %s names no authorization server", metadataURL)
	}
	issuer := prm.AuthorizationServers[0]
	asm, err := auth.GetAuthServerMetadata(ctx, issuer, hc)
	if err != nil {
		return nil, fmt.Errorf("reading the authorization server's metadata (%s): %w", issuer, err)
	}
	if asm == nil {
		return nil, fmt.Errorf("the authorization server %s publishes no metadata (RFC 8414), so the token endpoint "+
			"for refreshes is unknown", issuer)
	}
	return asm, nil
}

// resourceMetadataURL is where the protected-resource metadata lives: the resource_metadata of
// the 401's Bearer challenge, else the well-known URI with the resource's path (RFC 9728 §3.1).
func resourceMetadataURL(consoleURL string, challenges []string) (string, error) {
	if parsed, err := oauthex.ParseWWWAuthenticate(challenges); err == nil {
		for _, ch := range parsed {
			if ch.Scheme == "bearer" && ch.Params["resource_metadata"] != "" {
				return ch.Params["resource_metadata"], nil
			}
		}
	}
	u, err := url.Parse(consoleURL)
	if err != nil {
		return "", errors.New("the console URL cannot be parsed")
	}
	u.Path = "/.well-known/oauth-protected-resource" + u.Path
	u.RawPath, u.RawQuery, u.Fragment = "", "", ""
	return u.String(), nil
}
