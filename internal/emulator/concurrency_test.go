package emulator_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// TestConcurrentTrafficIsConsistent hammers several areas at once (run it with -race): payments,
// grants and catalog writes from one app while another app reads, then checks the books balance.
// Raw clients: the contract validator is slow under parallel use.
func TestConcurrentTrafficIsConsistent(t *testing.T) {
	inst := start(t, emulator.Config{RateLimitPerMinute: 0, UserLimitPerMinute: -1})
	code := runningPromotion(t, inst, 1_000_000, 5000, 10)
	const workers, rounds = 8, 10
	users := make([]int64, workers)
	for i := range users {
		users[i], _ = inst.SeedUser(t, map[string]any{"name": fmt.Sprint("user", i)})
	}

	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				do := func(method, path string, body any, headers map[string]string) (int, []byte) {
					resp, err := inst.RawDo(t, method, path, body, headers)
					if err != nil {
						t.Error(err)
						return 0, nil
					}
					return resp.Status, resp.Body
				}
				h := userHeader(users[w])
				if st, b := do(http.MethodPost, partner+"/pay/make-payment", map[string]any{"orderNo": fmt.Sprintf("w%d-r%d", w, r),
					"productDesc": "상품", "amount": 1000, "amountTaxFree": 0, "isTestPayment": true}, h); st != http.StatusOK {
					t.Errorf("make-payment: %d %s", st, b)
				}
				_, b := do(http.MethodPost, partner+"/promotion/execute-promotion/get-key", map[string]any{}, h)
				key := decodeKey(t, b)
				if st, b := do(http.MethodPost, partner+"/promotion/execute-promotion",
					map[string]any{"promotionCode": code, "key": key, "amount": 10}, h); st != http.StatusOK || decodeEnvelope(t, b).ResultType != "SUCCESS" {
					t.Errorf("grant: %d %s", st, b)
				}
				if st, b := do(http.MethodPost, catalog+"/push-templates", templateBody(fmt.Sprintf("W%d_R%d", w, r)),
					idem(fmt.Sprintf("w%d-r%d", w, r))); st != http.StatusOK {
					t.Errorf("template: %d %s", st, b)
				}
				if resp, err := inst.RawDoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodGet, catalog+"/push-templates", nil, nil); err != nil || resp.Status != http.StatusOK {
					t.Errorf("other app list: %v %+v", err, resp)
				}
			}
		})
	}
	wg.Wait()

	if got := promotionOf(t, inst, code).BudgetUsed; got != workers*rounds*10 {
		t.Errorf("budgetUsed %d, want %d", got, workers*rounds*10)
	}
	var page struct{ TotalPage int }
	st, b := inst.GetRaw(t, catalog+"/push-templates?size=10")
	success(t, st, b, &page)
	if page.TotalPage != workers*rounds/10 {
		t.Errorf("templates: %d pages of 10, want %d", page.TotalPage, workers*rounds/10)
	}
}

func decodeKey(t *testing.T, body []byte) string {
	t.Helper()
	var k struct{ Key string }
	success(t, http.StatusOK, body, &k)
	return k.Key
}
