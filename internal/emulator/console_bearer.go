package emulator

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/modelcontextprotocol/go-sdk/auth"
	"github.com/modelcontextprotocol/go-sdk/oauthex"
)

// The resource side of the console gateway: the MCP endpoint accepts only Bearer access tokens
// this gateway signed, for this resource, not expired on the emulator's clock and not revoked.
// Anything else is a 401 whose WWW-Authenticate names the protected-resource metadata (RFC 9728),
// which is where an MCP client starts its sign-in.

func (a *consoleAuth) protectedResourceMetadataURL() string {
	return a.issuer + "/.well-known/oauth-protected-resource" + consoleMCPPath
}

func (a *consoleAuth) protectedResourceMetadata() http.Handler {
	return auth.ProtectedResourceMetadataHandler(&oauthex.ProtectedResourceMetadata{
		Resource:               a.resource,
		AuthorizationServers:   []string{a.issuer},
		BearerMethodsSupported: []string{"header"},
		ResourceName:           "Apps in Toss console (emulator)",
	})
}

func (a *consoleAuth) requireBearer(next http.Handler) http.Handler {
	return auth.RequireBearerToken(a.verifyAccessToken,
		&auth.RequireBearerTokenOptions{ResourceMetadataURL: a.protectedResourceMetadataURL()})(next)
}

// verifyAccessToken is the SDK's TokenVerifier. Expiry is judged on the emulator's clock (tests
// move it); the Expiration handed back is the remaining lifetime from the wall clock, since the
// SDK's middleware compares it with time.Now.
func (a *consoleAuth) verifyAccessToken(_ context.Context, token string, _ *http.Request) (*auth.TokenInfo, error) {
	a.mu.Lock()
	key := a.key
	a.mu.Unlock()
	claims, err := verifyJWT(key, token)
	if err != nil {
		return nil, fmt.Errorf("%w: the access token was not issued by this gateway, or it was revoked", auth.ErrInvalidToken)
	}
	if claims.Issuer != a.issuer || claims.Audience != a.resource {
		return nil, fmt.Errorf("%w: the access token is for another gateway", auth.ErrInvalidToken)
	}
	remaining := time.Unix(claims.Expiry, 0).Sub(a.now())
	if remaining <= 0 {
		return nil, fmt.Errorf("%w: the access token expired; refresh it", auth.ErrInvalidToken)
	}
	return &auth.TokenInfo{UserID: claims.Subject, Expiration: time.Now().Add(remaining),
		Extra: map[string]any{"name": claims.Name}}, nil
}
