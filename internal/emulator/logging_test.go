package emulator_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestRequestLogHasOneLinePerRequestAndNoSecrets(t *testing.T) {
	var logs syncBuffer
	cfg := emulator.DefaultConfig()
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	inst := start(t, cfg)
	_, code := inst.SeedUser(t, map[string]any{"name": "홍길동", "phone": "01099998888", "ci": "CI-SECRET"})
	var tok tokens
	st, b := generateToken(t, inst, code)
	success(t, st, b, &tok)
	st, b = inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil, map[string]string{"Authorization": "Bearer " + tok.AccessToken})
	var me map[string]any
	success(t, st, b, &me)
	key, aad := inst.LoginSecrets(inst.AppName)

	out := logs.String()
	for _, secret := range []string{code, tok.AccessToken, tok.RefreshToken, "홍길동", "01099998888", "CI-SECRET",
		me["name"].(string), key, aad, "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains a secret %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "path=/api-partner/v1/apps-in-toss/user/oauth2/login-me status=200 app=demo-app") {
		t.Errorf("missing the login-me line:\n%s", out)
	}
	// POST /_emulator/users, generate-token, login-me (the secrets come from the file).
	if lines := strings.Count(out, "msg=request"); lines != 3 {
		t.Errorf("%d request lines, want 3:\n%s", lines, out)
	}
}
