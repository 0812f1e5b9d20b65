package emulator_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestStateSurvivesARestart(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, code := inst.SeedUser(t, map[string]any{"name": "홍길동"})
	var tok tokens
	st, b := generateToken(t, inst, code)
	success(t, st, b, &tok)
	st, b = inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("KEPT"), idem("kept"))
	success(t, st, b, nil)
	orderID := inst.CreateIAPOrder(t, userKey, "sku-kept", "PURCHASED")

	inst.Restart(t)

	if info, err := os.Stat(inst.StatePath); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("state file: %v %v", info, err)
	}
	st, b = inst.GetRaw(t, catalog+"/push-templates/demo-app-KEPT")
	success(t, st, b, nil)
	st, b = inst.Do(t, http.MethodGet, partner+"/user/oauth2/login-me", nil, map[string]string{"Authorization": "Bearer " + tok.AccessToken})
	success(t, st, b, nil)
	var order map[string]any
	st, b = inst.Do(t, http.MethodPost, partner+"/order/get-order-status", map[string]any{"orderId": orderID}, nil)
	success(t, st, b, &order)
	if order["status"] != "PURCHASED" {
		t.Errorf("order after restart: %v", order)
	}
	// Idempotency records persist too: the retry replays instead of conflicting.
	st, b = inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("KEPT"), idem("kept"))
	success(t, st, b, nil)
}

func TestSeedIsAppliedToAFreshEmulator(t *testing.T) {
	cfg := emulator.DefaultConfig()
	seed, err := emulator.LoadSeed("testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed = seed
	inst := start(t, cfg)
	var status map[string]any
	st, b := inst.Do(t, http.MethodPost, partner+"/pay/get-payment-status",
		map[string]any{"orderNo": "demo-order-2", "isTestPayment": true}, userHeader(443731103))
	success(t, st, b, &status)
	if status["payStatus"] != "PAY_COMPLETE" || status["payMethod"] != "CARD" {
		t.Errorf("seeded payment: %v", status)
	}
	st, b = inst.Do(t, http.MethodPost, partner+"/order/get-order-status",
		map[string]any{"orderId": "019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7b"}, nil)
	success(t, st, b, &status)
	if status["status"] != "PURCHASED" {
		t.Errorf("seeded order: %v", status)
	}
	// The seeded other-app user belongs to other-app.
	st, b = inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodPost,
		partner+"/user/oauth2/access/remove-by-user-key", map[string]any{"userKey": 623456789}, nil)
	success(t, st, b, nil)

	// A restart loads the state and does not seed again (which would conflict).
	inst.Restart(t)
	st, b = inst.GetRaw(t, catalog+"/push-templates")
	success(t, st, b, nil)
}
