package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestPerAppQPMTokenBucket(t *testing.T) {
	// 120 per minute: 2 per second, burst 2.
	inst, clock := startWithClock(t, emulator.Config{RateLimitPerMinute: 120})
	for range 2 {
		st, b := inst.GetRaw(t, catalog+"/push-templates")
		success(t, st, b, nil)
	}
	status, body := inst.GetRaw(t, catalog+"/push-templates")
	data := failure(t, status, body, http.StatusTooManyRequests, "4095")
	if data["retryAfterSeconds"] != 1.0 {
		t.Errorf("retryAfterSeconds %v", data["retryAfterSeconds"])
	}
	sameShape(t, "common-rate-limit-4095.json", body)
	// The other app has its own bucket.
	st, b := inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodGet, catalog+"/push-templates", nil, nil)
	success(t, st, b, nil)
	// Half a second later one token is back.
	clock.Advance(500 * time.Millisecond)
	st, b = inst.GetRaw(t, catalog+"/push-templates")
	success(t, st, b, nil)
	if inst.Stats(t).RateLimited != 1 {
		t.Errorf("rateLimited: %+v", inst.Stats(t))
	}
}

func TestRateLimitZeroIsOff(t *testing.T) {
	inst := start(t, emulator.Config{RateLimitPerMinute: 0})
	for range 100 {
		resp, err := inst.RawDo(t, http.MethodGet, catalog+"/push-templates", nil, nil)
		if err != nil || resp.Status != http.StatusOK {
			t.Fatalf("limited with the limit off: %v %+v", err, resp)
		}
	}
}

func TestTenCallsPerMinutePerUserOnMessenger(t *testing.T) {
	inst, clock := startWithClock(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	other, _ := inst.SeedUser(t, nil)
	code := createTemplate(t, inst, "LIMITED", false)
	send := func(user int64) (int, []byte) {
		return inst.Do(t, http.MethodPost, partner+"/messenger/send-message",
			map[string]any{"templateSetCode": code, "context": map[string]any{}}, userHeader(user))
	}
	for range 10 {
		st, b := send(userKey)
		success(t, st, b, nil)
	}
	status, body := send(userKey)
	data := failure(t, status, body, http.StatusTooManyRequests, "4095")
	if secs, _ := data["retryAfterSeconds"].(float64); secs < 1 || secs > 60 {
		t.Errorf("retryAfterSeconds %v", data["retryAfterSeconds"])
	}
	st, b := send(other) // another user is not affected
	success(t, st, b, nil)
	clock.Advance(time.Minute)
	st, b = send(userKey)
	success(t, st, b, nil)
}

func TestTenCallsPerMinutePerUserOnPromotion(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	userKey, _ := inst.SeedUser(t, nil)
	for range 10 {
		getKey(t, inst, userKey)
	}
	status, body := inst.Do(t, http.MethodPost, partner+"/promotion/execute-promotion/get-key", map[string]any{}, userHeader(userKey))
	failure(t, status, body, http.StatusTooManyRequests, "4095")
}
