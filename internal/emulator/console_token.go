package emulator

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
)

// maxTokenRequestBytes bounds a token request form; real ones are a few hundred bytes.
const maxTokenRequestBytes = 64 << 10

// tokenError is an RFC 6749 §5.2 error answer.
type tokenError struct {
	status      int
	code        string
	description string
}

func invalidTokenGrant(description string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: "invalid_grant", description: description}
}

func invalidTokenRequest(description string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: "invalid_request", description: description}
}

// serveToken is POST /token: the authorization_code grant (single-use code, PKCE S256, the same
// redirect URI and client) and the refresh_token grant. Refresh tokens rotate: each use answers a
// new one and invalidates the one used, so a replayed refresh token is invalid_grant.
func (a *consoleAuth) serveToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxTokenRequestBytes)
	if err := r.ParseForm(); err != nil {
		writeTokenError(w, invalidTokenRequest("요청 본문은 application/x-www-form-urlencoded 형식이어야 해요."))
		return
	}
	if terr := a.checkClient(r); terr != nil {
		writeTokenError(w, terr)
		return
	}
	var tokens *consoleTokenSet
	var terr *tokenError
	switch grant := r.PostForm.Get("grant_type"); grant {
	case "authorization_code":
		tokens, terr = a.exchangeCode(r)
	case "refresh_token":
		tokens, terr = a.exchangeRefreshToken(r)
	default:
		terr = &tokenError{status: http.StatusBadRequest, code: "unsupported_grant_type",
			description: "grant_type은 authorization_code 또는 refresh_token이어야 해요 (받은 값: " + quoteOrEmpty(grant) + ")."}
	}
	if terr != nil {
		writeTokenError(w, terr)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, tokens)
}

// checkClient accepts the public client mcp-gateway named in the form or, as some OAuth
// libraries send it, as the HTTP Basic user with an empty password.
func (a *consoleAuth) checkClient(r *http.Request) *tokenError {
	clientID := r.PostForm.Get("client_id")
	user, password, basic := r.BasicAuth()
	if basic {
		if password != "" || (clientID != "" && clientID != user) {
			return &tokenError{status: http.StatusUnauthorized, code: "invalid_client",
				description: consoleClientID + "는 공개 클라이언트라 비밀번호 없이 인증해요."}
		}
		clientID = user
	}
	if clientID != consoleClientID {
		status := http.StatusBadRequest
		if basic {
			status = http.StatusUnauthorized
		}
		return &tokenError{status: status, code: "invalid_client",
			description: "client_id는 " + consoleClientID + "여야 해요 (받은 값: " + quoteOrEmpty(clientID) + ")."}
	}
	return nil
}

func (a *consoleAuth) exchangeCode(r *http.Request) (*consoleTokenSet, *tokenError) {
	form := r.PostForm
	if form.Has("resource") && form.Get("resource") != a.resource {
		return nil, &tokenError{status: http.StatusBadRequest, code: "invalid_target",
			description: "resource는 " + a.resource + " 여야 해요."}
	}
	now := a.now()
	a.mu.Lock()
	code, ok := a.codes[form.Get("code")]
	delete(a.codes, form.Get("code")) // single use, whatever the outcome
	a.mu.Unlock()
	switch {
	case !ok:
		return nil, invalidTokenGrant("인가 코드가 없거나 이미 쓰였어요. 다시 로그인해 주세요.")
	case !now.Before(code.expiresAt):
		return nil, invalidTokenGrant("인가 코드가 만료됐어요(10분). 다시 로그인해 주세요.")
	case form.Get("redirect_uri") != code.redirectURI:
		return nil, invalidTokenGrant("redirect_uri가 인가 요청 때와 달라요.")
	case !pkceMatches(form.Get("code_verifier"), code.codeChallenge):
		return nil, invalidTokenGrant("code_verifier가 code_challenge와 맞지 않아요 (PKCE S256).")
	}
	tokens, err := a.issue()
	if err != nil {
		return nil, &tokenError{status: http.StatusInternalServerError, code: "server_error", description: err.Error()}
	}
	return tokens, nil
}

func (a *consoleAuth) exchangeRefreshToken(r *http.Request) (*consoleTokenSet, *tokenError) {
	presented := r.PostForm.Get("refresh_token")
	now := a.now()
	a.mu.Lock()
	expiry, ok := a.refresh[presented]
	delete(a.refresh, presented) // rotation: a refresh token is good for one use
	a.mu.Unlock()
	if !ok || !now.Before(expiry) {
		return nil, invalidTokenGrant("리프레시 토큰이 없거나, 이미 쓰였거나, 만료되거나 폐기됐어요. 다시 로그인해 주세요 (appsintoss login).")
	}
	tokens, err := a.issue()
	if err != nil {
		return nil, &tokenError{status: http.StatusInternalServerError, code: "server_error", description: err.Error()}
	}
	return tokens, nil
}

// pkceMatches is RFC 7636 §4.6 for S256.
func pkceMatches(verifier, challenge string) bool {
	if verifier == "" {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	want := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

func writeTokenError(w http.ResponseWriter, e *tokenError) {
	if e.code == "invalid_client" && e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="console"`)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, e.status, map[string]string{"error": e.code, "error_description": e.description})
}
