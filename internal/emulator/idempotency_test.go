package emulator_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestIdempotencyKeyReplaysTheFirstAnswer(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	first, firstBody := inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(1000, 100, 10), idem("same-key"))
	success(t, first, firstBody, nil)

	// Same key, same body (different JSON spelling): the very same answer, no second promotion.
	again, againBody := inst.Do(t, http.MethodPost, catalog+"/promotions",
		`{ "amount":10, "grantType":"FIXED", "maxAmountPerUserPerDay":100, "totalBudget":1000,
		   "landingUrl":"intoss://demo-app/attendance", "benefitTabExposed":false,
		   "missionName":"출석체크하기", "name":"첫 출석 보상" }`, idem("same-key"))
	if again != first || string(againBody) != string(firstBody) {
		t.Fatalf("replay differs:\n%d %s\n%d %s", first, firstBody, again, againBody)
	}
	var page struct{ Contents []promotionView }
	status, body := inst.GetRaw(t, catalog+"/promotions")
	success(t, status, body, &page)
	if len(page.Contents) != 1 {
		t.Fatalf("a replay created another promotion: %d", len(page.Contents))
	}

	// Same key, different body: 409 IDEMPOTENCY_KEY_REUSED.
	status, body = inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(2000, 100, 10), idem("same-key"))
	failure(t, status, body, http.StatusConflict, "IDEMPOTENCY_KEY_REUSED")
	sameShape(t, "catalog-common-idempotency-key-reused.json", body)

	// Errors are replayed too (same status and body).
	bad := promotionBody(1000, 100, 10)
	bad["amount"] = 5000
	s1, b1 := inst.Do(t, http.MethodPost, catalog+"/promotions", bad, idem("bad-key"))
	s2, b2 := inst.Do(t, http.MethodPost, catalog+"/promotions", bad, idem("bad-key"))
	if s1 != http.StatusBadRequest || s1 != s2 || string(b1) != string(b2) {
		t.Errorf("error replay: %d %s / %d %s", s1, b1, s2, b2)
	}

	// Keys are per app: the other app may use the same key for its own request.
	status, body = inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodPost, catalog+"/promotions",
		promotionBody(3000, 100, 10), idem("same-key"))
	success(t, status, body, nil)
}

func TestIdempotencyKeysExpireAfter24Hours(t *testing.T) {
	inst, clock := startWithClock(t, emulator.DefaultConfig())
	status, body := inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("FIRST"), idem("k"))
	success(t, status, body, nil)
	clock.Advance(24*time.Hour + time.Second)
	// After 24 h the key is forgotten: a different request under it runs normally.
	status, body = inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("SECOND"), idem("k"))
	success(t, status, body, nil)
}

func TestConcurrentRetriesWithOneKeyCreateOnce(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	// Raw clients: the contract validator is slow under parallel use, and the list below is
	// validated anyway.
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Go(func() {
			resp, err := inst.RawDo(t, http.MethodPost, catalog+"/iap-products", consumableBody(), idem("racing"))
			if err != nil {
				t.Error(err)
				return
			}
			st, b := resp.Status, resp.Body
			if st != http.StatusOK {
				t.Errorf("HTTP %d: %s", st, b)
			}
			bodies[i] = string(b)
		})
	}
	wg.Wait()
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Fatalf("answers differ: %s vs %s", b, bodies[0])
		}
	}
	var page struct{ Contents []productView }
	status, body := inst.GetRaw(t, catalog+"/iap-products")
	success(t, status, body, &page)
	if len(page.Contents) != 1 {
		t.Errorf("%d products created", len(page.Contents))
	}
}
