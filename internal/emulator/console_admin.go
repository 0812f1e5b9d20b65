package emulator

import (
	"errors"
	"net/http"
	"time"
)

// The console gateway's part of the admin surface (main listener, /_emulator/, plain JSON):
// token sets for the test console user, so that tests and CI skip the browser, and revocation
// of every console token, so that tests can see a client ask for a new sign-in.

// ConsoleCredentials is a console token set in the format of api/console-credentials.schema.json
// (what `appsintoss login` writes and APPSINTOSS_CONSOLE_CREDENTIALS holds). Every field but the
// URLs, the client id and the times is a secret.
type ConsoleCredentials struct {
	Version       int       `json:"version"`
	ConsoleURL    string    `json:"consoleUrl"`
	Issuer        string    `json:"issuer"`
	TokenEndpoint string    `json:"tokenEndpoint"`
	ClientID      string    `json:"clientId"`
	AccessToken   string    `json:"accessToken"`
	TokenType     string    `json:"tokenType"`
	RefreshToken  string    `json:"refreshToken"`
	Expiry        time.Time `json:"expiry"`
	ObtainedAt    time.Time `json:"obtainedAt"`
}

// IssueConsoleCredentials signs the test console user in, as /authorize and /token would, and
// returns the token set. It fails with ErrConsoleNotStarted when the console gateway is not
// running.
func (e *Emulator) IssueConsoleCredentials() (*ConsoleCredentials, error) {
	gw := e.consoleGateway()
	if gw == nil {
		return nil, ErrConsoleNotStarted
	}
	tokens, err := gw.auth.issue()
	if err != nil {
		return nil, err
	}
	return &ConsoleCredentials{Version: 1, ConsoleURL: gw.mcpURL, Issuer: gw.issuer,
		TokenEndpoint: gw.auth.tokenEndpoint(), ClientID: consoleClientID, AccessToken: tokens.AccessToken,
		TokenType: tokens.TokenType, RefreshToken: tokens.RefreshToken, Expiry: tokens.expiry.UTC(),
		ObtainedAt: tokens.issuedAt.UTC()}, nil
}

// RevokeConsoleTokens makes every console access and refresh token invalid: the MCP endpoint
// answers 401 and /token answers invalid_grant until the user signs in again.
func (e *Emulator) RevokeConsoleTokens() error {
	gw := e.consoleGateway()
	if gw == nil {
		return ErrConsoleNotStarted
	}
	gw.auth.revoke()
	return nil
}

// adminConsoleTokens is POST /_emulator/console/tokens.
func (e *Emulator) adminConsoleTokens(*call) (any, error) {
	creds, err := e.IssueConsoleCredentials()
	if err != nil {
		return nil, consoleAdminError(err)
	}
	return creds, nil
}

// adminConsoleRevoke is POST /_emulator/console/revoke.
func (e *Emulator) adminConsoleRevoke(*call) (any, error) {
	if err := e.RevokeConsoleTokens(); err != nil {
		return nil, consoleAdminError(err)
	}
	return map[string]any{"revoked": true}, nil
}

func consoleAdminError(err error) error {
	if errors.Is(err, ErrConsoleNotStarted) {
		return &apiError{HTTPStatus: http.StatusNotFound, Code: codeNotFound,
			Reason: "콘솔 게이트웨이가 켜져 있지 않아요. appsintoss-emulator serve에 --console-addr ADDR를 주고 다시 시작해 주세요."}
	}
	return err
}
