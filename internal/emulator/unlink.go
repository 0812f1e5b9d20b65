package emulator

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// UnlinkCallback is the console's 연결 끊기 콜백 정보 (reference §2.7): where Toss tells the
// partner that a user disconnected the service, with which method, and the Basic auth value.
type UnlinkCallback struct {
	// URL receives the callback; empty sends none.
	URL string
	// Method is GET (userKey and referrer in the query) or POST (JSON body); default POST.
	Method string
	// Auth is the raw value entered in the console; it is sent as Authorization: Basic
	// base64(Auth). Empty sends no Authorization header.
	Auth string
}

func (u UnlinkCallback) validate() error {
	if err := checkWebhookURL(u.URL); err != nil {
		return err
	}
	if u.URL != "" && u.Method != http.MethodGet && u.Method != http.MethodPost {
		return fmt.Errorf("method %q: want GET or POST", u.Method)
	}
	return nil
}

// Why a user's login ended (reference §2.7).
var unlinkReferrers = []string{"UNLINK", "WITHDRAWAL_TERMS", "WITHDRAWAL_TOSS"}

// adminUnlinkUser is POST /_emulator/users/{userKey}/unlink {"referrer":"UNLINK"}: the user
// disconnects the service in the Toss app (or withdraws consent, or leaves Toss). As Toss does,
// the emulator drops the user's tokens and pending authorization codes, then calls the partner's
// unlink callback. The revocation APIs never trigger it (§2.6); this is the only way.
func (e *Emulator) adminUnlinkUser(c *call) (any, error) {
	var req struct {
		Referrer string `json:"referrer"`
	}
	if err := decodeOptionalBody(c.body, &req); err != nil {
		return nil, err
	}
	if req.Referrer == "" {
		req.Referrer = unlinkReferrers[0]
	}
	if !slices.Contains(unlinkReferrers, req.Referrer) {
		return nil, invalidParameter("referrer", fmt.Sprintf("referrer must be one of %v", unlinkReferrers))
	}
	userKey, err := strconv.ParseInt(c.r.PathValue("userKey"), 10, 64)
	if err != nil {
		return nil, invalidParameter("userKey", "userKey must be an integer")
	}
	revoked, err := e.withApp(c, func(a *appState) (any, error) {
		if _, ok := a.Users[userKey]; !ok {
			return nil, notFound(fmt.Sprintf("no user %d in app %s", userKey, c.app))
		}
		return a.revokeUser(userKey), nil
	})
	if err != nil {
		return nil, err
	}
	delivery := e.sendUnlinkCallback(c.r.Context(), userKey, req.Referrer)
	return map[string]any{"userKey": userKey, "referrer": req.Referrer, "revokedTokens": revoked,
		"callback": delivery}, nil
}

// revokeUser drops every access token, refresh token and authorization code of a user, fixed
// seed tokens included, and says how many tokens there were.
func (a *appState) revokeUser(userKey int64) int {
	revoked := 0
	for _, tokens := range []map[string]*token{a.AccessTokens, a.RefreshTokens} {
		for k, t := range tokens {
			if t.UserKey == userKey {
				delete(tokens, k)
				revoked++
			}
		}
	}
	for k, code := range a.AuthCodes {
		if code.UserKey == userKey {
			delete(a.AuthCodes, k)
		}
	}
	return revoked
}

// sendUnlinkCallback is the documented callback: GET $url?userKey=…&referrer=… or POST $url with
// {"userKey":…,"referrer":…}, Basic auth when configured.
func (e *Emulator) sendUnlinkCallback(ctx context.Context, userKey int64, referrer string) Delivery {
	cb := e.cfg.UnlinkCallback
	return e.webhooks.send(ctx, outgoing{
		kind: WebhookUnlink, method: cb.Method, endpoint: cb.URL, basicAuth: cb.Auth,
		body:  map[string]any{"userKey": userKey, "referrer": referrer},
		query: url.Values{"userKey": {strconv.FormatInt(userKey, 10)}, "referrer": {referrer}},
	})
}
