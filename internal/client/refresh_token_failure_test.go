package client

import (
	"context"
	"strings"
	"testing"
)

// A refused refresh token comes back in two forms: the documented failure envelope (reference
// §2.3: errorCode and reason; what the emulator answers) and the bare OAuth form that
// generate-token and login-me may answer (§2.2, §2.4). Either one is the same typed error, so the
// provider says "Refresh token refused" whichever Toss sends, and neither is retried.
func TestRefreshTokenRefusalInEitherForm(t *testing.T) {
	t.Parallel()
	envelope := golden(t, "login-refresh-token-invalid-grant")
	cases := []struct {
		name       string
		status     int
		body       string
		wantReason string
	}{
		{"documented envelope", 400, envelope, "리프레시 토큰이 유효하지 않아요"},
		{"bare OAuth form, HTTP 400", 400, golden(t, "login-generate-token-invalid-grant"), "refresh token is invalid"},
		{"bare OAuth form, HTTP 401", 401, golden(t, "login-generate-token-invalid-grant"), "refresh token is invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, s := newRuntimeClient(t, Config{}, answerWith(tc.status, tc.body))
			_, err := c.RefreshLoginToken(context.Background(), "a-refused-refresh-token")
			if !HasCode(err, CodeInvalidGrant) {
				t.Fatalf("got %v, want errorCode %s", err, CodeInvalidGrant)
			}
			if !strings.Contains(err.Error(), tc.wantReason) {
				t.Errorf("the error does not quote the reason %q: %v", tc.wantReason, err)
			}
			if strings.Contains(err.Error(), "a-refused-refresh-token") {
				t.Errorf("the error quotes the refresh token: %v", err)
			}
			if n := len(s.requests()); n != 1 {
				t.Errorf("%d requests, want 1: a refused token is not retried", n)
			}
		})
	}
}
