package resources_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/acctest"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator/emulatortest"
)

const testSKU = "ait.0000010000.af647449.3bd55cfd00.0000000475"

// otherAppOrder makes a user and an order in the emulator's second mini-app, with that app's
// certificate, and returns the order id.
func otherAppOrder(t *testing.T, inst *emulatortest.Instance) string {
	t.Helper()
	admin := func(path string, body any, out any) {
		status, raw := inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodPost, "/_emulator/"+path, body, nil)
		if status != http.StatusOK || json.Unmarshal(raw, out) != nil {
			t.Fatalf("other app: POST /_emulator/%s: HTTP %d: %s", path, status, raw)
		}
	}
	var user struct {
		UserKey int64 `json:"userKey"`
	}
	admin("users", map[string]any{}, &user)
	var order struct {
		OrderID string `json:"orderId"`
	}
	admin("iap-orders", map[string]any{"userKey": user.UserKey, "sku": "ait.other.app.sku", "status": "PURCHASED"}, &order)
	return order.OrderID
}

func orderBlock(name, orderID, extra string) string {
	return fmt.Sprintf(`
data "appsintoss_iap_order" %q {
  order_id = %q
  %s
}
`, name, orderID, extra)
}

// orderReasons are the emulator's reason texts per status (the docs show "완료된 주문이에요." and
// "결제가 완료되었어요."); the data source passes them through as they are.
var orderReasons = map[string]string{
	"PURCHASED":         "완료된 주문이에요.",
	"PAYMENT_COMPLETED": "결제가 완료되었어요.",
	"FAILED":            "주문이 실패했어요.",
	"REFUNDED":          "환불된 주문이에요.",
	"ORDER_IN_PROGRESS": "주문이 진행 중이에요.",
	"NOT_FOUND":         "주문을 찾을 수 없어요.",
	"MINIAPP_MISMATCH":  "상품 정보가 일치하지 않아요.",
	"ERROR":             "일시적인 오류가 발생했어요.",
}

// TestAccIAPOrder_everyStatus reads all eight documented statuses; NOT_FOUND and
// MINIAPP_MISMATCH are answers, not errors. The emulator's clock stands still, so the time an
// order was decided is known: 2026-01-02 03:04:05 UTC, written in KST without a zone.
func TestAccIAPOrder_everyStatus(t *testing.T) {
	t.Parallel()
	inst := acctest.StartEmulator(t, emulator.Config{Now: emulatortest.NewClock(time.Time{}).Now})
	userKey, _ := inst.SeedUser(t, nil)

	var config strings.Builder
	config.WriteString(runtimeProvider(inst))
	var checks []statecheck.StateCheck
	expect := func(name, status string, withSKU, decided bool) {
		addr := "data.appsintoss_iap_order." + name
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact(status)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("reason"), knownvalue.StringExact(orderReasons[status])))
		if withSKU {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New("sku"), knownvalue.StringExact(testSKU)))
		} else {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New("sku"), knownvalue.Null()))
		}
		if decided {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New("status_determined_at"),
				knownvalue.StringExact("2026-01-02T12:04:05")))
		} else {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New("status_determined_at"), knownvalue.Null()))
		}
	}
	for _, status := range []string{"PURCHASED", "PAYMENT_COMPLETED", "FAILED", "REFUNDED", "ORDER_IN_PROGRESS", "ERROR"} {
		id := inst.CreateIAPOrder(t, userKey, testSKU, status)
		name := strings.ToLower(status)
		config.WriteString(orderBlock(name, id, ""))
		expect(name, status, status != "ERROR", status != "ERROR" && status != "ORDER_IN_PROGRESS")
	}
	config.WriteString(orderBlock("not_found", "0198f2a4-0000-7000-8000-000000000000", ""))
	expect("not_found", "NOT_FOUND", false, false)
	config.WriteString(orderBlock("miniapp_mismatch", otherAppOrder(t, inst), ""))
	expect("miniapp_mismatch", "MINIAPP_MISMATCH", false, false)

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config.String(), ConfigStateChecks: checks}},
	})
}

// With user_key, the order of another user of the same app reads as NOT_FOUND; a status that
// changes (refund) is read afresh.
func TestAccIAPOrder_userKeyAndChanges(t *testing.T) {
	t.Parallel()
	inst := startRuntimeEmulator(t)
	buyer, _ := inst.SeedUser(t, nil)
	someoneElse, _ := inst.SeedUser(t, nil)
	id := inst.CreateIAPOrder(t, buyer, testSKU, "PAYMENT_COMPLETED")
	config := func() string {
		return runtimeProvider(inst) +
			orderBlock("as_buyer", id, fmt.Sprintf("user_key = %d", buyer)) +
			orderBlock("as_other", id, fmt.Sprintf("user_key = %d", someoneElse))
	}

	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      runtimeProvider(inst) + orderBlock("bad", id, "user_key = -5"),
				ExpectError: regexp.MustCompile(`(?s)user_key.*between 1 and 9007199254740991`),
			},
			{
				// A user the app does not know is refused by Apps in Toss with its code.
				Config:      runtimeProvider(inst) + orderBlock("unknown_user", id, "user_key = 424242"),
				ExpectError: regexp.MustCompile(`(?s)Reading the in-app purchase order failed.*errorCode\s+INVALID_PARAMETER`),
			},
			{
				Config: config(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.appsintoss_iap_order.as_buyer", tfjsonpath.New("status"), knownvalue.StringExact("PAYMENT_COMPLETED")),
					statecheck.ExpectKnownValue("data.appsintoss_iap_order.as_other", tfjsonpath.New("status"), knownvalue.StringExact("NOT_FOUND")),
				},
			},
			{
				PreConfig: func() { inst.SetIAPOrderStatus(t, id, "REFUNDED") },
				Config:    config(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.appsintoss_iap_order.as_buyer", tfjsonpath.New("status"), knownvalue.StringExact("REFUNDED")),
				},
			},
		},
	})
}
