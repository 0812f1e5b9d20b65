package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

type promotionView struct {
	PromotionCode string `json:"promotionCode"`
	Status        string `json:"status"`
	ReviewStatus  string `json:"reviewStatus"`
	ReviewComment string `json:"reviewComment"`
	BudgetUsed    int64  `json:"budgetUsed"`
	TotalBudget   int64  `json:"totalBudget"`
}

func promotionBody(totalBudget, perDay, amount int64) map[string]any {
	return map[string]any{
		"name": "첫 출석 보상", "missionName": "출석체크하기", "benefitTabExposed": false,
		"landingUrl": "intoss://demo-app/attendance", "totalBudget": totalBudget,
		"maxAmountPerUserPerDay": perDay, "grantType": "FIXED", "amount": amount,
	}
}

// runningPromotion creates, approves (default config approves at once) and starts a promotion.
func runningPromotion(t *testing.T, inst *emulatortest.Instance, totalBudget, perDay, amount int64) string {
	t.Helper()
	status, body := inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(totalBudget, perDay, amount), idem("create-"+t.Name()))
	var p promotionView
	success(t, status, body, &p)
	status, body = inst.Do(t, http.MethodPost, catalog+"/promotions/"+p.PromotionCode+"/status",
		map[string]any{"status": "RUNNING"}, idem("start-"+p.PromotionCode))
	success(t, status, body, &p)
	if p.Status != "RUNNING" {
		t.Fatalf("promotion did not start: %+v", p)
	}
	return p.PromotionCode
}

func getKey(t *testing.T, inst *emulatortest.Instance, userKey int64) string {
	t.Helper()
	status, body := inst.Do(t, http.MethodPost, partner+"/promotion/execute-promotion/get-key", map[string]any{}, userHeader(userKey))
	var out struct{ Key string }
	success(t, status, body, &out)
	return out.Key
}

func execute(t *testing.T, inst *emulatortest.Instance, userKey int64, code, key string, amount int64) (int, []byte) {
	t.Helper()
	return inst.Do(t, http.MethodPost, partner+"/promotion/execute-promotion",
		map[string]any{"promotionCode": code, "key": key, "amount": amount}, userHeader(userKey))
}

func promotionOf(t *testing.T, inst *emulatortest.Instance, code string) promotionView {
	t.Helper()
	status, body := inst.GetRaw(t, catalog+"/promotions/"+code)
	var p promotionView
	success(t, status, body, &p)
	return p
}

func TestPromotionGrantSpendsTheCatalogBudget(t *testing.T) {
	cfg := emulator.DefaultConfig()
	cfg.PromotionSettleDelay = 5 * time.Second
	inst, clock := startWithClock(t, cfg)
	userKey, _ := inst.SeedUser(t, nil)
	code := runningPromotion(t, inst, 1000, 100, 10)

	status, body := inst.Do(t, http.MethodPost, partner+"/promotion/execute-promotion/get-key", map[string]any{}, userHeader(userKey))
	var k struct{ Key string }
	success(t, status, body, &k)
	sameShape(t, "promotion-get-key-success.json", body)
	if len(k.Key) != 44 {
		t.Errorf("key %q: want Base64 of 32 bytes (44 characters)", k.Key)
	}

	status, body = execute(t, inst, userKey, code, k.Key, 10)
	success(t, status, body, nil)
	sameShape(t, "promotion-execute-promotion-success.json", body)
	if got := promotionOf(t, inst, code).BudgetUsed; got != 10 {
		t.Errorf("budgetUsed %d, want 10", got)
	}

	result := func() (int, []byte) {
		return inst.Do(t, http.MethodPost, partner+"/promotion/execution-result",
			map[string]any{"promotionCode": code, "key": k.Key}, userHeader(userKey))
	}
	status, body = result()
	var s string
	success(t, status, body, &s)
	sameShape(t, "promotion-execution-result-pending.json", body)
	clock.Advance(5 * time.Second)
	status, body = result()
	success(t, status, body, &s)
	sameShape(t, "promotion-execution-result-success.json", body)
	if s != "SUCCESS" {
		t.Errorf("settled grant: %q", s)
	}

	// The key is single use.
	status, body = execute(t, inst, userKey, code, k.Key, 10)
	failure(t, status, body, http.StatusOK, "4113")
	sameShape(t, "promotion-execute-promotion-key-used.json", body)

	// execution-result for an unknown key.
	status, body = inst.Do(t, http.MethodPost, partner+"/promotion/execution-result",
		map[string]any{"promotionCode": code, "key": "bm8ta2V5"}, userHeader(userKey))
	failure(t, status, body, http.StatusOK, "4111")
	sameShape(t, "promotion-execution-result-not-found.json", body)
}

func TestPromotionErrorCodes(t *testing.T) {
	inst, clock := startWithClock(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	blocked, _ := inst.SeedUser(t, map[string]any{"rewardBlocked": true})
	code := runningPromotion(t, inst, 100, 50, 30)

	check := func(user int64, promo string, amount int64, wantCode, golden string) {
		t.Helper()
		status, body := execute(t, inst, user, promo, getKey(t, inst, user), amount)
		failure(t, status, body, http.StatusOK, wantCode)
		if golden != "" {
			sameShape(t, golden, body)
		}
	}
	check(userKey, "01JPPJ6SB66BQXXDAKRQZ6SZD7", 10, "4100", "promotion-execute-promotion-not-found.json")
	check(userKey, code, 101, "4116", "promotion-execute-promotion-max-exceeds-budget.json")
	check(userKey, code, 31, "4114", "promotion-execute-promotion-amount-exceeded.json")
	check(blocked, code, 10, "4110", "promotion-execute-promotion-cannot-grant.json")

	// Per user per day: 30 + 30 > 50.
	status, body := execute(t, inst, userKey, code, getKey(t, inst, userKey), 30)
	success(t, status, body, nil)
	check(userKey, code, 30, "4114", "")

	// Budget: 30 used of 100; another user takes 30 + 30 (two days), leaving 10.
	other, _ := inst.SeedUser(t, nil)
	status, body = execute(t, inst, other, code, getKey(t, inst, other), 30)
	success(t, status, body, nil)
	clock.Advance(24 * time.Hour)
	status, body = execute(t, inst, other, code, getKey(t, inst, other), 30)
	success(t, status, body, nil)
	check(userKey, code, 20, "4112", "promotion-execute-promotion-money-short.json")

	// Spending the rest ends the promotion; then 4109.
	status, body = execute(t, inst, userKey, code, getKey(t, inst, userKey), 10)
	success(t, status, body, nil)
	if p := promotionOf(t, inst, code); p.Status != "ENDED" || p.BudgetUsed != 100 {
		t.Errorf("budget spent: %+v", p)
	}
	check(userKey, code, 10, "4109", "promotion-execute-promotion-not-running.json")

	// An expired key is refused.
	key := getKey(t, inst, userKey)
	clock.Advance(time.Hour)
	status, body = execute(t, inst, userKey, code, key, 1)
	invalidField(t, status, body, "key")
}

func TestTestTwinWorksBeforeStartAndNeverSpendsBudget(t *testing.T) {
	inst := start(t, emulator.Config{ReviewMode: emulator.ReviewManual})
	userKey, _ := inst.SeedUser(t, nil)
	status, body := inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(100, 50, 10), idem("p1"))
	var p promotionView
	success(t, status, body, &p)

	// Not started (still in review): the real code is 4109, the TEST_ twin works.
	status, body = execute(t, inst, userKey, p.PromotionCode, getKey(t, inst, userKey), 10)
	failure(t, status, body, http.StatusOK, "4109")
	key := getKey(t, inst, userKey)
	status, body = execute(t, inst, userKey, "TEST_"+p.PromotionCode, key, 10)
	success(t, status, body, nil)
	status, body = inst.Do(t, http.MethodPost, partner+"/promotion/execution-result",
		map[string]any{"promotionCode": "TEST_" + p.PromotionCode, "key": key}, userHeader(userKey))
	success(t, status, body, nil)
	if got := promotionOf(t, inst, p.PromotionCode); got.BudgetUsed != 0 {
		t.Errorf("a TEST_ grant spent budget: %+v", got)
	}
}

func TestGetKeyWithoutUserHeader(t *testing.T) {
	// The OAS form: no header, no body. The key then works for any user.
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	code := runningPromotion(t, inst, 100, 50, 10)
	status, body := inst.Do(t, http.MethodPost, partner+"/promotion/execute-promotion/get-key", nil, nil)
	var k struct{ Key string }
	success(t, status, body, &k)
	status, body = execute(t, inst, userKey, code, k.Key, 10)
	success(t, status, body, nil)
}
