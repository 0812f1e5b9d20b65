package emulator

import (
	"net/http"
	"net/url"
	"regexp"
)

// pkceChallengePattern is an S256 code challenge: BASE64URL(SHA-256(verifier)) without padding
// is 43 characters; RFC 7636 allows 43 to 128 unreserved characters.
var pkceChallengePattern = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// serveAuthorize is GET /authorize. A client id or redirect URI it cannot trust is answered with
// a 400 page, never a redirect (RFC 6749 §4.1.2.1: an unchecked redirect URI is an open
// redirector); every other problem is sent back to the client's redirect URI as error=…; a good
// request signs in the test console user with no form and redirects at once with a code.
func (a *consoleAuth) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if clientID := q.Get("client_id"); clientID != consoleClientID {
		writeAuthorizePage(w, "client_id는 "+consoleClientID+"여야 해요 (받은 값: "+quoteOrEmpty(clientID)+
			"). 콘솔 게이트웨이는 동적 클라이언트 등록을 하지 않아요.")
		return
	}
	redirect, ok := loopbackRedirect(q.Get("redirect_uri"))
	if !ok {
		writeAuthorizePage(w, "redirect_uri는 루프백 http 주소여야 해요 (http://localhost:PORT/…, "+
			"http://127.0.0.1:PORT/… 또는 http://[::1]:PORT/…; RFC 8252).")
		return
	}
	state := q.Get("state")
	fail := func(code, description string) {
		redirectWith(w, r, redirect, url.Values{"error": {code}, "error_description": {description}}, state)
	}
	switch {
	case q.Get("response_type") != "code":
		fail("unsupported_response_type", "response_type은 code여야 해요.")
		return
	case q.Get("code_challenge_method") != "S256":
		fail("invalid_request", "PKCE가 필요해요: code_challenge_method=S256과 code_challenge를 보내 주세요.")
		return
	case !pkceChallengePattern.MatchString(q.Get("code_challenge")):
		fail("invalid_request", "code_challenge가 S256 형식(BASE64URL, 43~128자)이 아니에요.")
		return
	case q.Has("resource") && q.Get("resource") != a.resource:
		fail("invalid_target", "resource는 "+a.resource+" 여야 해요.")
		return
	}
	code := randomBase64URL(32)
	now := a.now()
	a.mu.Lock()
	a.sweepLocked(now)
	a.codes[code] = &consoleAuthCode{redirectURI: q.Get("redirect_uri"), codeChallenge: q.Get("code_challenge"),
		expiresAt: now.Add(consoleCodeLifetime)}
	a.mu.Unlock()
	redirectWith(w, r, redirect, url.Values{"code": {code}}, state)
}

// loopbackRedirect accepts what native clients send (RFC 8252 §7.3): http on localhost,
// 127.0.0.1 or [::1], any port, no fragment.
func loopbackRedirect(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Fragment != "" || u.User != nil {
		return nil, false
	}
	switch u.Hostname() {
	case "localhost", "127.0.0.1", "::1":
		return u, true
	}
	return nil, false
}

// redirectWith answers 302 to the client's redirect URI with params (and state, echoed) added to
// whatever query it already had.
func redirectWith(w http.ResponseWriter, r *http.Request, redirect *url.URL, params url.Values, state string) {
	target := *redirect
	q := target.Query()
	for k, v := range params {
		q[k] = v
	}
	if state != "" {
		q.Set("state", state)
	}
	target.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, target.String(), http.StatusFound)
}

// writeAuthorizePage is the 400 page for a request the server must not redirect.
func writeAuthorizePage(w http.ResponseWriter, message string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte("로그인 요청이 올바르지 않아요 (invalid_request).\n" + message + "\n"))
}

func quoteOrEmpty(s string) string {
	if s == "" {
		return "없음"
	}
	return `"` + s + `"`
}
